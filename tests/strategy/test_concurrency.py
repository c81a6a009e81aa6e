"""Two people save the same section at the same moment from the same base revision:
exactly one save wins, the other is refused with 409 and its text is kept."""

import threading

import pytest
from django.db import connection, connections

from zemlyaki.strategy.models import ConflictCopy, Revision, Section

from .factories import make_world


def _race(api, token_a, token_b, section_id, base, attempt):
    barrier = threading.Barrier(2)
    results = {}

    def save(name, token):
        try:
            barrier.wait(timeout=10)
            response = api.put(
                f"/sections/{section_id}",
                {
                    "text": f"Попытка {attempt}: текст, который сохраняет {name}.",
                    "base_revision": base,
                },
                token=token,
            )
            results[name] = response.status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("владелец", token_a)),
        threading.Thread(target=save, args=("координатор", token_b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="параллельные транзакции проверяются на PostgreSQL (SQLite пишет по одной)",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_saves_of_a_stale_base_never_overwrite(coordinator, token_for):
    from django.test import Client

    class Api:
        def put(self, path, data, token):
            return Client().put(
                f"/api/v1{path}", data, content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )  # fmt: skip

    world = make_world(coordinator)
    token_a, token_b = token_for(world.owner), token_for(coordinator)
    for attempt in range(5):
        section = Section.objects.get(pk=world.section.pk)
        base = section.current_revision_id
        before = Revision.objects.filter(section=section).count()
        results = _race(Api(), token_a, token_b, section.pk, base, attempt)
        assert sorted(results.values()) == [200, 409]
        winner = next(name for name, code in results.items() if code == 200)
        loser = next(name for name, code in results.items() if code == 409)
        section.refresh_from_db()
        assert Revision.objects.filter(section=section).count() == before + 1
        assert (
            section.current_revision.text
            == f"<p>Попытка {attempt}: текст, который сохраняет {winner}.</p>"
        )
        assert section.current_revision.number == before + 1
        kept = ConflictCopy.objects.order_by("-pk").first()
        assert (kept.text, kept.base_revision_id) == (
            f"<p>Попытка {attempt}: текст, который сохраняет {loser}.</p>",
            base,
        )


def _parallel(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="параллельные транзакции проверяются на PostgreSQL (SQLite пишет по одной)",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_outline_changes_take_turns_and_never_share_a_position(coordinator):
    from zemlyaki.strategy import structure

    world = make_world(coordinator)
    document = world.document
    ids = [s.pk for s in world.sections]
    for attempt in range(3):
        forward, backward = ids[attempt:] + ids[:attempt], list(reversed(ids))
        errors = _parallel(
            lambda order=forward: structure.section_reorder(
                actor=coordinator, document=document, order=order
            ),
            lambda order=backward: structure.section_reorder(
                actor=coordinator, document=document, order=order
            ),
            lambda n=attempt: structure.section_add(
                actor=coordinator, document=document, title=f"Новый раздел {n}"
            ),
        )
        ids = list(
            Section.objects.filter(document=document, parent=None)
            .order_by("order")
            .values_list("pk", flat=True)
        )
        # a reorder made before the parallel add saw another outline: it is refused, not merged
        assert all("order" in getattr(e, "message_dict", {}) for e in errors), errors
        positions = list(
            Section.objects.filter(document=document)
            .order_by("order")
            .values_list("order", "number")
        )
        assert positions == [(n, str(n)) for n in range(1, len(positions) + 1)]
        assert len(positions) == 7 + attempt
