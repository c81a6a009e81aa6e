"""On PostgreSQL the writes of applying a list run in a thread of their own while the next
batch is prepared (``importing.writer``): in order, in the task's transaction, a query of
the task waiting for them; a failure on either side rolls everything back and leaves no
thread behind. A list applied that way ends as one applied in a single thread."""

import sys
import threading

import pytest
from django.db import connection, transaction

from tests.registry.factories import make_association
from zemlyaki.core.reference import load_reference
from zemlyaki.people.importing import applying, rows, writer
from zemlyaki.people.models import Consent, ImportRow, Membership, Person
from zemlyaki.registry.services import association_add_leader

from .factories import committed, csv_bytes, imported

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the writer's thread runs on PostgreSQL"
)


def _writer_ended(before_threads: int, interval: float) -> None:
    assert threading.active_count() == before_threads
    assert not connection.allow_thread_sharing
    assert sys.getswitchinterval() == interval


@pytest.mark.django_db(transaction=True)
def test_jobs_run_in_order_in_the_writers_thread_and_a_query_of_the_task_waits_for_them():
    threads_before, interval = threading.active_count(), sys.getswitchinterval()
    ran_in: set[int] = set()

    def create(n: int) -> None:
        ran_in.add(threading.get_ident())
        Person.objects.create(last_name=f"Писарев{n}", first_name="Пётр")

    with transaction.atomic():
        jobs = writer.Writer(concurrent=True)
        with jobs.running():
            for n in range(6):
                jobs.submit(create, n)
            # The task's own query waits for the six jobs, in the same transaction.
            seen = list(Person.objects.order_by("pk").values_list("last_name", flat=True))
        assert not transaction.get_connection().needs_rollback
    assert seen == [f"Писарев{n}" for n in range(6)]
    assert len(ran_in) == 1 and threading.get_ident() not in ran_in
    assert Person.objects.count() == 6
    _writer_ended(threads_before, interval)


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_stops_the_rest_and_rolls_the_transaction_back():
    threads_before, interval = threading.active_count(), sys.getswitchinterval()
    ran: list[str] = []

    def fail() -> None:
        raise ValueError("сбой записи")

    with pytest.raises(ValueError, match="сбой записи"), transaction.atomic():
        jobs = writer.Writer(concurrent=True)
        with jobs.running():
            jobs.submit(lambda: Person.objects.create(last_name="Первый"))
            jobs.submit(fail)
            jobs.submit(lambda: ran.append("после сбоя"))
            Person.objects.count()  # the job's error is raised here
            ran.append("задача продолжила")
    assert ran == []
    assert Person.objects.count() == 0
    _writer_ended(threads_before, interval)


@pytest.mark.django_db(transaction=True)
def test_a_failure_of_the_task_waits_for_the_running_job_and_drops_the_rest():
    threads_before, interval = threading.active_count(), sys.getswitchinterval()
    started = threading.Event()
    ran: list[str] = []

    def first() -> None:
        started.set()
        Person.objects.create(last_name="Первый")
        ran.append("первая")

    with pytest.raises(KeyError), transaction.atomic():
        jobs = writer.Writer(concurrent=True)
        with jobs.running():
            jobs.submit(first)
            started.wait(5)
            raise KeyError("задача")
    # The job under way ended before the rollback; nothing it wrote stays.
    assert ran == ["первая"]
    assert Person.objects.count() == 0
    _writer_ended(threads_before, interval)


@pytest.fixture
def lists(monkeypatch):
    load_reference()  # a transactional test starts from empty tables
    from tests.accounts.factories import UserFactory

    leader = UserFactory(role="leader")
    tambov = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=tambov, user=leader)
    # Batches of three rows: the list below takes four.
    monkeypatch.setattr(rows, "BATCH", 3)
    monkeypatch.setattr(applying, "BATCH", 3)
    used: list[bool] = []

    class Spy(writer.Writer):
        def __init__(self, concurrent: bool) -> None:
            used.append(concurrent)
            super().__init__(concurrent)

    monkeypatch.setattr(applying, "Writer", Spy)
    return leader, tambov, used


@pytest.mark.django_db(transaction=True)
def test_a_list_applied_through_the_writer_has_every_outcome_of_one_thread(lists):
    leader, tambov, used = lists
    other = make_association("Липецкое землячество", ["48"])
    known = Person.objects.create(
        last_name="Известнов", first_name="Иван", phone="+79160000003", occupation=""
    )
    Membership.objects.create(person=known, association=other)
    names = [f"Новиков{n} Никита" for n in range(9)]
    table = [["ФИО", "Дата рождения", "Телефон", "Профессия"]]
    for n, name in enumerate(names):
        table.append([name, "", f"8 916 000-00-{10 + n:02d}", "инженер"])
    table.insert(3, ["Известнов Иван", "", "8 916 000-00-03", "юрист"])
    table.insert(6, ["Ошибкин Олег", "31.02.1980", "", ""])

    done = committed(leader, imported(leader, tambov, csv_bytes(table)))

    assert used == [True]
    assert (done.status, done.created, done.matched, done.updated, done.errors) == (
        "done",
        9,
        1,
        1,
        1,
    )
    outcomes = dict(ImportRow.objects.values_list("number", "outcome"))
    assert outcomes == {
        **dict.fromkeys((2, 3, 5, 6, 8, 9, 10, 11, 12), "created"),
        4: "updated",
        7: "error",
    }
    created = ImportRow.objects.filter(outcome="created").values_list("person_id", flat=True)
    assert set(created) == set(
        Person.objects.filter(last_name__startswith="Новиков").values_list("pk", flat=True)
    )
    known.refresh_from_db()
    assert known.occupation == "юрист"
    assert ImportRow.objects.get(number=4).person_id == known.pk
    assert Membership.objects.filter(association=tambov).count() == 10
    assert Consent.objects.count() == 9
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_name, association_marks FROM people_person")
        marks = {name: set(value.split()) for name, value in cursor.fetchall()}
    assert marks == {
        **{name.split()[0]: {f"~a{tambov.pk}"} for name in names},
        "Известнов": {f"~a{tambov.pk}", f"~a{other.pk}"},
    }


@pytest.mark.django_db(transaction=True)
def test_the_preview_takes_the_new_persons_ids_and_applying_gives_them_to_them(lists):
    """A new row's person id is taken by the preview, so that applying writes the row's
    outcome without changing its person; until then the id names no one and the API
    shows none. A row matched only at applying keeps the person it matched."""
    from zemlyaki.people.api import import_out

    leader, tambov, _used = lists
    table = [["ФИО", "Телефон"]]
    table += [[f"Новиков{n} Никита", f"8 916 000-00-{10 + n:02d}"] for n in range(5)]
    preview = imported(leader, tambov, csv_bytes(table))
    taken = dict(ImportRow.objects.values_list("number", "person_id"))
    assert set(taken) == {2, 3, 4, 5, 6}
    assert None not in taken.values() and len(set(taken.values())) == 5
    assert not Person.objects.filter(pk__in=taken.values()).exists()
    assert [r["person"] for r in import_out(preview, rows=True)["rows"]] == [None] * 5
    # Someone adds the person of the third row before the list is applied.
    meanwhile = Person.objects.create(
        last_name="Новиков2", first_name="Никита", phone="+79160000012"
    )

    done = committed(leader, preview)

    assert (done.status, done.created, done.matched) == ("done", 4, 1)
    after = dict(ImportRow.objects.values_list("number", "person_id"))
    assert after == {**taken, 4: meanwhile.pk}
    created = {p.pk: p.last_name for p in Person.objects.filter(pk__in=taken.values())}
    assert created == {taken[n]: f"Новиков{n - 2}" for n in (2, 3, 5, 6)}
    assert [r["person"] for r in import_out(done, rows=True)["rows"]] == [
        after[n] for n in (2, 3, 4, 5, 6)
    ]
