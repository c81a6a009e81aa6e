import datetime

from tests.accounts.factories import UserFactory
from tests.people.factories import make_person
from zemlyaki.governance.services import body_create, member_add, power_grant

_counter = iter(range(1, 10_000))


def make_body(name="Рабочая группа", kind="working_group", powers=(), **fields):
    body = body_create(actor=None, kind=kind, name=name, **fields)
    for code in powers:
        power_grant(actor=None, body=body, code=code)
    return body


def make_member(body, person=None, user=None, position="member", **fields):
    """A member of ``body``; with ``user`` the person is that user's, so they act with its powers."""
    n = next(_counter)
    if person is None:
        person = make_person(last=f"Членов{n}", first="Иван", patronymic="")
    if user is not None:
        person.user = user
        person.save(update_fields=["user"])
    return member_add(actor=None, body=body, person=person, position=position, **fields)


def body_user(body, username=None, role="member", **fields):
    """A user who is a current member of ``body``."""
    user = UserFactory(role=role, username=username or f"body-{next(_counter)}")
    make_member(body, user=user, **fields)
    return user


def fill(body, count, **fields):
    return [make_member(body, **fields) for _ in range(count)]


YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
