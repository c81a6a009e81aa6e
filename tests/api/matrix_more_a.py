"""Rows of the role × operation matrix for operations added later (part a): their recipes,
path segments and the extra objects of the world they need. Read like matrix_recipes.py;
``extend(w)`` adds objects to the world after it is built."""

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.accounts.factories import PASSWORD
from tests.api.matrix_recipes import R, World
from tests.people.factories import csv_bytes, make_person
from zemlyaki.events import services as events
from zemlyaki.governance.models import Power
from zemlyaki.governance.services import body_create
from zemlyaki.people.importing import import_create
from zemlyaki.people.invitations import invitation_create
from zemlyaki.people.models import MemberImport, Person
from zemlyaki.people.rights import erasure_request_create
from zemlyaki.people.services import candidates, consent, vocabularies

SEGMENTS: dict[str, Any] = {
    "memberships": lambda w: w.a.slug,
    "consents": lambda w: w.a_consent.pk,
    "candidate-lists": lambda w: w.a_list.pk,
    "entries": lambda w: w.a_entry.pk,
    "erasure-requests": lambda w: w.a_erasure.pk,
    "agenda": lambda w: w.a_agenda.pk,
    "materials": lambda w: w.a_material.pk,
    "registrations": lambda w: w.a_registration.pk,
    "powers": lambda w: w.a_power.pk,
}

_TERM = {"kind": lambda w: "competencies", "term_id": lambda w: w.a_term.pk}


def _report_in_storage(member_import: Any) -> Any:
    """The world's error report was stored under the media folder of the case that built
    it; each case has its own: put the report back where it is looked for."""
    stored = member_import.errors_file
    if not stored.storage.exists(stored.name):
        assert stored.storage.save(stored.name, ContentFile(b"report")) == stored.name
    return member_import


RECIPES: dict[str, R] = {
    "POST /api/v1/people": R(
        body=lambda w: {"last_name": "Новая", "first_name": "Нина", "association": w.a.slug}
    ),
    "PATCH /api/v1/people/{person_id}": R(body=lambda w: {"occupation": "Инженер"}),
    "POST /api/v1/people/imports/{import_id}/mapping": R(
        body=lambda w: {"mapping": w.preview.mapping}
    ),
    "POST /api/v1/people/imports/{import_id}/restart": R(
        path={"import_id": lambda w: w.a_stalled.pk}
    ),
    "GET /api/v1/people/imports/{import_id}/errors.xlsx": R(
        path={"import_id": lambda w: _report_in_storage(w.preview).pk}
    ),
    "POST /api/v1/candidate-lists": R(body=lambda w: {"name": "Эксперты по культуре"}),
    "POST /api/v1/candidate-lists/{list_id}/entries": R(body=lambda w: {"persons": [w.person.pk]}),
    "POST /api/v1/vocabulary/{kind}": R(
        path={"kind": lambda w: "competencies"}, body=lambda w: {"name": "Реставрация"}
    ),
    "PATCH /api/v1/vocabulary/{kind}/{term_id}": R(
        path=_TERM, body=lambda w: {"synonyms": "ремонт"}
    ),
    "POST /api/v1/vocabulary/{kind}/{term_id}/merge": R(
        path=_TERM, body=lambda w: {"target": w.a_target.pk}
    ),
    "POST /api/v1/erasure-requests/{request_id}/decision": R(
        body=lambda w: {"action": "refuse", "reason": "Идёт проверка."}
    ),
    "PUT /api/v1/people/{person_id}/initiative": R(
        body=lambda w: {"is_initiative": True, "initiative_reason": "Ведёт кружок."}
    ),
    "PUT /api/v1/people/{person_id}/memberships/{slug}": R(
        body=lambda w: {"role": "member", "since": "2020-01-01"}
    ),
    "POST /api/v1/people/{person_id}/consents": R(body=lambda w: {"form": "paper"}),
    "POST /api/v1/me/consents/{consent_id}/withdraw": R(
        path={"consent_id": lambda w: w.a_my_consent.pk}
    ),
    "POST /api/v1/person-invitations/accept": R(body=lambda w: {"token": w.a_invite_token}),
    "POST /api/v1/person-invitations/new-login": R(
        body=lambda w: {"token": w.a_login_token, "username": "zvanaya-nina", "password": PASSWORD}
    ),
    "DELETE /api/v1/bodies/{body_id}": R(path={"body_id": lambda w: w.a_body.pk}),
    "PATCH /api/v1/bodies/{body_id}/members/{member_id}": R(
        body=lambda w: {"position": "secretary"}
    ),
    "POST /api/v1/bodies/{body_id}/candidates": R(body=lambda w: {"candidate_list": w.a_list.pk}),
    "POST /api/v1/bodies/{body_id}/powers": R(
        path={"body_id": lambda w: w.a_body.pk}, body=lambda w: {"code": "events.run"}
    ),
    "PATCH /api/v1/events/{event_id}": R(body=lambda w: {"place": "Дом землячеств"}),
    "POST /api/v1/events/{event_id}/agenda": R(body=lambda w: {"title": "Открытие"}),
    "POST /api/v1/events/{event_id}/materials": R(
        body=lambda w: {"title": "Программа", "phase": "before", "url": "https://example.org/p"}
    ),
    "POST /api/v1/events/{event_id}/invitations": R(body=lambda w: {"person": w.person.pk}),
    "PUT /api/v1/events/{event_id}/registrations/{registration_id}/attendance": R(
        body=lambda w: {"attended": True}
    ),
    "PUT /api/v1/events/{event_id}/minutes": R(body=lambda w: {"minutes": "Обсудили план."}),
    "POST /api/v1/event-registrations/cancel": R(body=lambda w: {"token": w.a_reg_token}),
    "POST /api/v1/event-invitations/reply": R(
        body=lambda w: {"token": w.a_invitation_token, "accept": True}
    ),
    "PUT /api/v1/events/{event_id}/place": R(body=lambda w: {"regions": ["68"]}),
    "PUT /api/v1/me/notifications": R(body=lambda w: {"mode": "digest"}),
}


def extend(w: World) -> None:
    """Objects these rows need beyond the common world."""
    # bodies: one without anything, to delete and to give a power; a power to take away
    w.a_body = body_create(actor=None, kind="working_group", name="Пустая группа")
    w.a_power = Power.objects.filter(body=w.working).order_by("pk").first()

    # people: a candidate list with one entry, vocabulary terms, consents, an erasure request
    w.a_list = candidates.candidate_list_create(actor=None, name="Кандидаты")
    candidates.candidate_add(actor=None, candidate_list=w.a_list, persons=[w.stranger])
    w.a_entry = w.a_list.entries.get()
    w.a_term = vocabularies.term_create(actor=None, kind="competencies", name="Фольклор")
    w.a_target = vocabularies.term_create(actor=None, kind="competencies", name="Этнография")
    w.a_consent = consent.consent_record(actor=None, person=w.person)
    own = Person.objects.get(user=w.users["member"])
    w.a_my_consent = consent.consent_record(actor=None, person=own)
    leaving = make_person(last="Уходящая", first="Зоя", association=w.a)
    w.a_erasure = erasure_request_create(actor=None, person=leaving, comment="Удалите.")
    welcome = make_person(last="Званая", first="Вера", association=w.a, email="z@example.org")
    _invitation, w.a_invite_token = invitation_create(
        actor=None, person=welcome, base_url="http://testserver"
    )
    newcomer = make_person(last="Званая", first="Нина", association=w.a, email="zn@example.org")
    _invitation, w.a_login_token = invitation_create(
        actor=None, person=newcomer, base_url="http://testserver"
    )

    # a list whose reading stopped long ago: it may be restarted
    stalled = import_create(
        actor=None,
        association=w.a,
        file_name="stalled.csv",
        content=csv_bytes([["Фамилия", "Имя"], ["Долгова", "Ася"]]),
    )
    MemberImport.objects.filter(pk=stalled.pk).update(
        progress_at=timezone.now() - datetime.timedelta(days=1)
    )
    w.a_stalled = MemberImport.objects.get(pk=stalled.pk)

    # the event: an agenda item, a material, a registration, an invitation
    w.a_agenda = events.agenda_item_add(actor=None, event=w.event, title="Доклад")
    w.a_material = events.material_add(
        actor=None, event=w.event, title="Слайды", phase="before", url="https://example.org/s"
    )
    w.a_registration, w.a_reg_token = events.registration_create(
        event=w.event, name="Гость Гостев", email="g@example.org", notify=False
    )
    invited = make_person(last="Гостья", first="Ольга", association=w.a, email="go@example.org")
    w.a_invitation_token = events.invite_person(actor=None, event=w.event, person=invited).token
