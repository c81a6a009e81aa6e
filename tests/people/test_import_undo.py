"""Undoing an applied member list runs in a background task: the page and the API only
mark the import «отменяется» and answer at once; the task removes exactly what the import
created and puts back what it changed. A refused or broken undoing leaves the import
applied, with the reason on the page and in the API, and it can be undone again."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.programs.factories import make_program
from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.people import importing
from zemlyaki.people.models import (
    Competency,
    Consent,
    Interest,
    MemberImport,
    Membership,
    Person,
)
from zemlyaki.programs.services import program_update
from zemlyaki.registry.services import association_add_leader

from .factories import committed, csv_bytes, imported, make_person, run_tasks, undone
from .test_import import MESSY

REFUSED = (
    "Загрузку нельзя отменить: на созданных ею участников ссылаются другие записи "
    "платформы (программы). Уберите из них этих участников и отмените загрузку снова. "
    "В базе ничего не изменилось."
)


@pytest.fixture
def tambov(db, leader):
    association = make_association("Тамбовское землячество", ["68"])
    association_add_leader(actor=None, association=association, user=leader)
    return association


@pytest.fixture
def existing(db):
    """A person the list matches (by name and birth date) and fills in."""
    other = make_association("Рязанское землячество", ["62"])
    return make_person(
        "Сидорова", "Анна", "", birth_date="12.03.1985", occupation="", association=other
    )


def _state():
    """Everything an import writes: people, their memberships, terms and consents."""
    return (
        sorted(
            Person.objects.values_list(
                "pk", "last_name", "first_name", "patronymic", "birth_date", "phone", "email",
                "occupation", "workplace", "match_name", "search_text", "expertise_text",
            )
        ),
        sorted(
            Membership.objects.values_list(
                "person_id", "association_id", "role", "since", "import_hash"
            )
        ),
        sorted(Person.competencies.through.objects.values_list("person_id", "competency_id")),
        sorted(Person.interests.through.objects.values_list("person_id", "interest_id")),
        sorted(Competency.objects.values_list("pk", "name", "is_approved")),
        sorted(Interest.objects.values_list("pk", "name", "is_approved")),
        sorted(Consent.objects.values_list("person_id", "purpose", "form")),
    )  # fmt: skip


def _applied(leader, tambov):
    done = committed(leader, imported(leader, tambov, csv_bytes(MESSY, encoding="cp1251")))
    assert (done.status, done.created, done.matched, done.updated) == ("done", 2, 1, 1)
    return done


@pytest.mark.django_db
def test_undo_through_the_page_runs_in_the_background_and_is_exact(
    client, leader, tambov, existing
):
    before = _state()
    done = _applied(leader, tambov)
    applied = _state()
    assert applied != before
    client.force_login(leader)
    detail = f"/people/imports/{done.pk}/"
    with run_tasks():
        response = client.post(f"/people/imports/{done.pk}/undo/")
        assert (response.status_code, response["Location"]) == (302, detail)
        # Queued, not done: nothing changed yet, and the page shows the progress.
        assert _state() == applied
        page = client.get(detail)
        assert "Загрузка отменяется: ход отмены виден на этой странице." in page.text
        assert '<span id="import-status">отменяется</span>' in page.text
        assert "отменяется: 0 из 7" in page.text and 'hx-trigger="every 1s"' in page.text
        assert 'id="undo-button"' not in page.text
        progress = client.get(f"/people/imports/{done.pk}/progress/", HTTP_HX_REQUEST="true")
        assert "HX-Refresh" not in progress and "отменяется: 0 из 7" in progress.text
    assert _state() == before
    done.refresh_from_db()
    assert (done.status, done.processed, done.failure) == ("undone", 7, "")
    progress = client.get(f"/people/imports/{done.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    page = client.get(detail)
    assert '<span id="import-status">отменена</span>' in page.text
    assert "Загрузка отменена " in page.text and 'id="undo-button"' not in page.text
    entry = AuditEntry.objects.get(comment="загрузка отменена")
    assert (entry.actor_id, entry.after) == (
        leader.pk,
        {"status": "undone", "removed_persons": 2},
    )


@pytest.mark.django_db
def test_undo_through_the_api_answers_202_and_is_exact(api, token_for, leader, tambov, existing):
    before = _state()
    done = _applied(leader, tambov)
    applied = _state()
    token = token_for(leader)
    outsider = api.post(f"/people/imports/{done.pk}/undo", token=token_for(_other_leader()))
    assert outsider.status_code == 404
    assert MemberImport.objects.get().status == "done" and _state() == applied
    with run_tasks():
        response = api.post(f"/people/imports/{done.pk}/undo", token=token)
        assert response.status_code == 202
        assert response["Location"] == f"/api/v1/people/imports/{done.pk}"
        assert (response.json()["status"], response.json()["processed"]) == ("undoing", 0)
        again = api.post(f"/people/imports/{done.pk}/undo", token=token)
        assert again.status_code == 422
        assert again.json()["detail"][0]["msg"] == "Загрузка уже отменяется."
        assert _state() == applied
    assert _state() == before
    body = api.get(f"/people/imports/{done.pk}", token=token).json()
    assert (body["status"], body["processed"], body["total"], body["failure"]) == (
        "undone",
        7,
        7,
        "",
    )
    refused = api.post(f"/people/imports/{done.pk}/undo", token=token)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == "Отменить можно только применённую загрузку."
    assert AuditEntry.objects.filter(comment="загрузка отменена").count() == 1


@pytest.mark.django_db
def test_a_refused_undo_shows_its_reason_and_can_be_retried(
    client, api, token_for, leader, tambov, existing
):
    done = _applied(leader, tambov)
    created = Person.objects.get(last_name="Ёлкин")
    program = make_program(responsible_person=created)
    applied = _state()
    client.force_login(leader)
    with run_tasks():
        client.post(f"/people/imports/{done.pk}/undo/")
    assert _state() == applied
    done.refresh_from_db()
    assert (done.status, done.processed, done.failure) == ("done", 7, REFUSED)
    assert AuditEntry.objects.filter(comment="загрузка отменена").count() == 0
    page = client.get(f"/people/imports/{done.pk}/")
    assert '<span id="import-status">выполнена</span>' in page.text
    assert (
        '<p class="error" role="alert" id="undo-failure">Отменить загрузку не удалось, она '
        f"осталась применённой: {REFUSED}</p>"
    ) in page.text
    assert 'id="undo-button"' in page.text
    token = token_for(leader)
    body = api.get(f"/people/imports/{done.pk}", token=token).json()
    assert (body["status"], body["failure"]) == ("done", REFUSED)

    program_update(actor=None, program=program, responsible_person=None)
    with run_tasks():
        assert api.post(f"/people/imports/{done.pk}/undo", token=token).status_code == 202
    body = api.get(f"/people/imports/{done.pk}", token=token).json()
    assert (body["status"], body["failure"]) == ("undone", "")
    assert not Person.objects.filter(pk=created.pk).exists()
    assert AuditEntry.objects.filter(comment="загрузка отменена").count() == 1


@pytest.mark.django_db
def test_an_undo_whose_task_broke_says_so_and_leaves_the_import_applied(
    client, leader, tambov, existing
):
    done = _applied(leader, tambov)
    applied = _state()
    # A row whose record of what to put back is broken: the undoing stops on it.
    row = done.rows.get(outcome="updated")
    row.undo = {**row.undo, "fields": {"birth_date": "31.02.1985"}}
    row.save(update_fields=["undo"])
    with run_tasks():
        importing.import_undo(actor=leader, member_import=done)
    assert _state() == applied
    done.refresh_from_db()
    assert done.status == "done"
    assert done.failure.startswith(
        "Отмена загрузки прервалась из-за внутренней ошибки (ValueError: "
    )
    assert done.failure.endswith(
        "В базе ничего не изменилось, загрузка осталась применённой. Попробуйте отменить её "
        "ещё раз; если ошибка повторится, сообщите администратору платформы."
    )
    client.force_login(leader)
    page = client.get(f"/people/imports/{done.pk}/")
    assert 'id="undo-failure">Отменить загрузку не удалось' in page.text


@pytest.mark.django_db
def test_a_stalled_undo_is_shown_and_restarted(client, api, token_for, leader, tambov, existing):
    before = _state()
    done = _applied(leader, tambov)
    # Queued, but the worker that had it stopped: nothing moved for an hour.
    importing.import_undo(actor=leader, member_import=done)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    MemberImport.objects.filter(pk=done.pk).update(progress_at=an_hour_ago)
    client.force_login(leader)
    page = client.get(f"/people/imports/{done.pk}/")
    assert "Работа над загрузкой прервалась: с " in page.text
    assert 'id="restart">Перезапустить</button>' in page.text
    body = api.get(f"/people/imports/{done.pk}", token=token_for(leader)).json()
    assert (body["status"], body["stalled"]) == ("undoing", True)
    with run_tasks():
        response = client.post(f"/people/imports/{done.pk}/restart/")
    assert response.status_code == 302
    assert _state() == before
    done.refresh_from_db()
    assert (done.status, done.is_stalled) == ("undone", False)
    assert AuditEntry.objects.filter(comment="работа над загрузкой перезапущена").count() == 1
    assert AuditEntry.objects.filter(comment="загрузка отменена").count() == 1
    # The first task, had it only been slow, finds the import undone and does nothing.
    importing.import_undo_run(import_id=done.pk, actor_id=leader.pk)
    done.refresh_from_db()
    assert (done.status, done.processed) == ("undone", 7) and _state() == before
    assert AuditEntry.objects.filter(comment="загрузка отменена").count() == 1


@pytest.mark.django_db
def test_undone_twice_through_the_helper_stays_undone(leader, tambov, existing):
    done = _applied(leader, tambov)
    assert undone(leader, done).status == "undone"
    with pytest.raises(ValidationError) as info:
        importing.import_undo(actor=leader, member_import=done)
    assert info.value.messages == ["Отменить можно только применённую загрузку."]


def _other_leader():
    from tests.accounts.factories import UserFactory

    return UserFactory(role="leader")
