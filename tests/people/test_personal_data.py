"""«Мои данные» reach every app that holds something about the person, through the
``personal_data`` registry: the download lists each app's records under its title, and
the erasure anonymises them in the same transaction, leaving other people's data as it
was; the log of changes keeps the counts per holder, not the erased values."""

import json

import pytest

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event
from tests.plan.factories import make_plan, make_task
from tests.surveys.factories import make_question, make_survey
from zemlyaki.core import registries
from zemlyaki.core.models import AuditEntry
from zemlyaki.events.models import Registration
from zemlyaki.events.services import registration_create
from zemlyaki.governance.models import BodyMember
from zemlyaki.governance.services import body_create, member_add
from zemlyaki.people import rights, services
from zemlyaki.people.models import Consent, Person
from zemlyaki.plan.models import Task
from zemlyaki.strategy.models import Amendment, Comment
from zemlyaki.strategy.services import comment_create, document_create
from zemlyaki.surveys.models import Answer, ProfileField, QuestionType, Response
from zemlyaki.surveys.services import response_submit_all

from .factories import make_person

HOLDERS = [  # in the order of INSTALLED_APPS
    "people.public_consents",
    "surveys.responses",
    "surveys.invitations",
    "governance.memberships",
    "plan.tasks",
    "events.registrations",
    "events.invitations",
    "strategy.comments",
    "strategy.amendments",
    "strategy.positions",
    "strategy.drafts",
    "indicators.entries",
    "portal.questions",
    "workspace.posts",
]


def _linked(username, last, first, email):
    user = UserFactory(role="member", username=username, email=email)
    person = make_person(last, first, "", email=email)
    services.person_link_user(actor=None, person=person, user=user)
    return user, person


@pytest.fixture
def world(db):
    """Olga and Ivan, each with data in every app that holds personal data."""
    me, olga = _linked("olga", "Землякова", "Ольга", "olga@example.org")
    him, ivan = _linked("ivan", "Другов", "Иван", "ivan@example.org")
    # events: Olga registers signed in, and once more without signing in, by address.
    first, second = make_event("Круглый стол", capacity=5), make_event("Форум", capacity=5)
    registration_create(event=first, name="Землякова Ольга", email="olga@example.org", user=me)
    registration_create(
        event=second, name="О. Землякова", email="OLGA@example.org", consent_version="2026-12"
    )
    registration_create(event=first, name="Другов Иван", email="ivan@example.org", user=him)
    registration_create(
        event=second, name="Другов Иван", email="ivan@example.org", consent_version="2026-12"
    )
    Registration.objects.filter(event=first).update(attended_at="2026-01-01T10:00:00Z")
    # governance
    council = body_create(actor=None, kind="expert_council", name="Экспертный совет")
    member_add(actor=None, body=council, person=olga)
    member_add(actor=None, body=council, person=ivan)
    # surveys: an anonymous form with a name, an address and a plain question.
    survey = make_survey("Анкета земляка", mode="anonymous")
    q_name = make_question(survey, title="Фамилия", profile_field=ProfileField.LAST_NAME)
    q_mail = make_question(survey, title="Почта", profile_field=ProfileField.EMAIL)
    q_help = make_question(survey, QuestionType.SHORT_TEXT, title="Чем готовы помочь?")
    for last, email, help_ in (("Землякова", "olga@example.org", "юридически"),
                               ("Другов", "ivan@example.org", "временем")):  # fmt: skip
        response_submit_all(
            survey=survey,
            raw={q_name.pk: last, q_mail.pk: email, q_help.pk: help_},
            ip=f"10.0.0.{len(last)}",
        )
    # strategy: a comment each (Olga's mentions Ivan), an amendment by Olga.
    document = document_create(actor=None, title="Стратегия", period_from=2024, period_to=2032)
    section = document.sections.order_by("order").first()
    comment_create(actor=me, section=section, text="Нужен раздел о молодёжи", mentions=[ivan])
    comment_create(actor=him, section=section, text="Согласен", mentions=[olga])
    Amendment.objects.create(
        section=section, paragraph=1, original="a", proposed="b", justification="c", author=me
    )
    # plan: Olga is responsible for a task.
    make_task(make_plan("План работ"), "1.1", "Собрать актив", owner_person=olga)
    return {"me": me, "olga": olga, "him": him, "ivan": ivan, "survey": survey}


def _elsewhere(data):
    return {h["label"]: h for h in data["elsewhere"]}


def test_every_app_holding_personal_data_is_registered(db):
    assert registries.personal_data.keys() == HOLDERS


def test_download_lists_each_apps_records_under_its_title(client, world):
    client.force_login(world["me"])
    data = json.loads(client.get("/people/me/data.json").content)
    found = _elsewhere(data)
    assert list(found) == HOLDERS
    registrations = found["events.registrations"]
    assert registrations["title"] == "Регистрации на мероприятия"
    assert sorted((r["event"], r["name"], r["email"]) for r in registrations["records"]) == [
        ("Круглый стол", "Землякова Ольга", "olga@example.org"),
        ("Форум", "О. Землякова", "OLGA@example.org"),
    ]
    assert [(m["body"], m["position"]) for m in found["governance.memberships"]["records"]] == [
        ("Экспертный совет", "член")
    ]
    [response] = found["surveys.responses"]["records"]
    assert response["answers"] == {
        "Фамилия": "Землякова",
        "Почта": "olga@example.org",
        "Чем готовы помочь?": "юридически",
    }
    comments = found["strategy.comments"]["records"]
    assert sorted((c["text"], c["author"]) for c in comments) == [
        ("Нужен раздел о молодёжи", True),
        ("Согласен", False),  # Ivan's comment mentions her
    ]
    assert [a["proposed"] for a in found["strategy.amendments"]["records"]] == ["b"]
    assert [t["task"] for t in found["plan.tasks"]["records"]] == ["Собрать актив"]
    assert found["events.invitations"]["records"] == []
    assert [(c["name"], c["contact"], c["text_version"])
            for c in found["people.public_consents"]["records"]] == [
        ("О. Землякова", "OLGA@example.org", "2026-12")
    ]  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    assert "Другов Иван" not in text and "ivan@example.org" not in text
    page = client.get("/people/me/data.html").text
    assert "Регистрации на мероприятия" in page and "Экспертный совет" in page


def test_erasure_reaches_every_app_and_leaves_others_alone(client, world, coordinator):
    me, olga, ivan = world["me"], world["olga"], world["ivan"]
    request = rights.erasure_request_create(actor=me, person=olga)
    rights.erasure_request_carry_out(actor=coordinator, request=request)

    # events: anonymised, attendance kept; Ivan's unchanged.
    rows = list(Registration.objects.order_by("pk").values_list(
        "name", "email", "user", "person", "attended_at"))  # fmt: skip
    assert [(n, e, u, p, a is not None) for n, e, u, p, a in rows] == [
        ("удалённый участник", "", None, None, True),
        ("удалённый участник", "", None, None, False),
        ("Другов Иван", "ivan@example.org", world["him"].pk, None, True),
        ("Другов Иван", "ivan@example.org", None, None, False),
    ]
    # people: the consent of the public form she gave without a card goes; his stays.
    assert list(Consent.objects.filter(person=None).values_list("subject_name", flat=True)) == [
        "Другов Иван"
    ]
    # governance: the membership stays, pointing to the anonymised card.
    assert BodyMember.objects.filter(person=olga).count() == 1
    assert BodyMember.objects.filter(person=ivan).count() == 1
    # surveys: the identity answers of her response are gone, the rest stays.
    mine, his = Response.objects.order_by("pk")
    assert sorted(Answer.objects.filter(response=mine).values_list("value", flat=True)) == [
        "юридически"
    ]
    assert (mine.key_hash, mine.ip_hash) == ("", "")
    assert sorted(Answer.objects.filter(response=his).values_list("value", flat=True)) == [
        "ivan@example.org",
        "Другов",
        "временем",
    ]
    assert his.key_hash != ""
    # strategy: her comment keeps its text without its author; his loses the mention.
    hers = Comment.objects.get(text="Нужен раздел о молодёжи")
    his_comment = Comment.objects.get(text="Согласен")
    assert (hers.author, list(hers.mentions.all())) == (None, [ivan])
    assert (his_comment.author, list(his_comment.mentions.all())) == (world["him"], [])
    assert Amendment.objects.get().author is None
    client.force_login(coordinator)
    page = client.get(f"/strategy/sections/{hers.section_id}/").text
    assert "Нужен раздел о молодёжи" in page and "удалённый участник" in page
    # plan: the task keeps its (anonymised) responsible card.
    assert Task.objects.get().owner_person_id == olga.pk
    assert Person.objects.get(pk=ivan.pk).last_name == "Другов"
    # The log keeps the counts per holder, and no erased value.
    erase = AuditEntry.objects.get(object_type="people.person", action="delete")
    assert erase.after == {
        "elsewhere": {
            "people.public_consents": 1,
            "events.registrations": 2,
            "events.invitations": 0,
            "governance.memberships": 0,
            "surveys.responses": 1,
            "surveys.invitations": 0,
            "plan.tasks": 0,
            "strategy.comments": 2,
            "strategy.amendments": 1,
            "strategy.positions": 0,
            "strategy.drafts": 0,
            "indicators.entries": 0,
            "portal.questions": 0,
            "workspace.posts": 0,
        }
    }
    logged = [
        e.pk
        for e in AuditEntry.objects.all()
        if any(
            s in json.dumps([e.before, e.after, e.object_repr], ensure_ascii=False)
            for s in ("Землякова", "olga@example.org", "OLGA@")
        )
    ]
    assert logged == []


def test_erasure_asks_each_holder_in_the_same_transaction(world, coordinator):
    """A holder that fails undoes the whole erasure: nothing is half-erased."""

    def broken(person, user, actor):
        raise RuntimeError("holder failed")

    registries.personal_data.register(
        "zz.broken",
        registries.PersonalDataHolder("zz.broken", "Сломанный", lambda p, u: [], broken),
    )
    try:
        request = rights.erasure_request_create(actor=world["me"], person=world["olga"])
        with pytest.raises(RuntimeError):
            rights.erasure_request_carry_out(actor=coordinator, request=request)
    finally:
        registries.personal_data.unregister("zz.broken")
    olga = Person.objects.get(pk=world["olga"].pk)
    assert (olga.last_name, olga.erased_at) == ("Землякова", None)
    assert Registration.objects.filter(name="Землякова Ольга", user=world["me"]).count() == 1
    assert Comment.objects.filter(author=world["me"]).count() == 1
