import functools

import factory
from django.contrib.auth.hashers import make_password

from zemlyaki.accounts.models import User

PASSWORD = "Секретный-пароль-1"


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per run.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Иван"
    last_name = "Петров"
    role = "member"
    password = factory.LazyFunction(_password_hash)
