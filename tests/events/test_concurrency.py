"""Parallel registrations never take more places than there are (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection, connections

from zemlyaki.events.models import Registration
from zemlyaki.events.services import registration_create

from .factories import make_event

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; the race needs PostgreSQL's concurrent writers",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_respect_capacity():
    event = make_event(capacity=5)
    start = threading.Barrier(16)
    errors = []

    def register(n):
        try:
            start.wait()
            registration_create(event=event, name=f"Гость {n}", email=f"g{n}@example.org")
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in ("confirmed", "waitlisted")
    }
    assert counts == {"confirmed": 5, "waitlisted": 11}
