import pytest

from .factories import make_world


@pytest.fixture
def world(db, coordinator):
    return make_world(coordinator)


@pytest.fixture
def decision(db):
    """A saved model instance standing in for an event's decision."""
    from zemlyaki.registry.models import Stakeholder

    return Stakeholder.objects.create(kind="community", name="Решение общего собрания №1")
