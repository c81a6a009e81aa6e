import pytest

from tests.accounts.factories import UserFactory
from tests.governance.factories import body_user, make_body


@pytest.fixture
def body(db):
    return make_body(name="Редакционная группа", kind="editorial_group")


@pytest.fixture
def space(body):
    from zemlyaki.workspace.services import space_for_body

    return space_for_body(actor=None, body=body)


@pytest.fixture
def alice(body):
    user = body_user(body, username="alice")
    user.first_name, user.last_name = "Алиса", "Иванова"
    user.save()
    return user


@pytest.fixture
def bob(body):
    user = body_user(body, username="bob")
    user.first_name, user.last_name = "Борис", "Петров"
    user.save()
    return user


@pytest.fixture
def outsider(db):
    """A signed-in member of the platform who sits on another body."""
    other = make_body(name="Рабочая группа 2")
    return body_user(other, username="outsider")


@pytest.fixture
def plain(db):
    return UserFactory(role="member", username="plain")
