import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry, Region
from zemlyaki.people import services
from zemlyaki.people.models import Competency, Consent, Membership, Person
from zemlyaki.people.normalize import parse_date, split_full_name
from zemlyaki.people.services import (
    normalize_phone,
    person_find_match,
    person_upsert_from_profile,
)

from .factories import make_person


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8 (916) 123-45-67", "+79161234567"),
        ("+7 916 123 45 67", "+79161234567"),
        ("9161234567", "+79161234567"),
        ("7-495-100-10-10", "+74951001010"),
        (89161234567.0, "+79161234567"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "+1 212 555 0100 12", "телефон", "0123456789"])
def test_bad_phone_is_refused_in_russian(raw):
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert info.value.messages[0].startswith("Неверный номер телефона")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31.12.1980", datetime.date(1980, 12, 31)),
        ("1980-12-31", datetime.date(1980, 12, 31)),
        ("31/12/80", datetime.date(1980, 12, 31)),
        ("5.1.1975", datetime.date(1975, 1, 5)),
        ("01.02.05", datetime.date(2005, 2, 1)),
        (datetime.datetime(1980, 12, 31, 0, 0), datetime.date(1980, 12, 31)),
        (29586, datetime.date(1980, 12, 31)),
        ("", None),
    ],
)
def test_dates_in_the_forms_people_type(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31.02.1980", "Такой даты нет: «31.02.1980»."),
        ("вчера", "Неверная дата «вчера»: ожидается ДД.ММ.ГГГГ."),
        ("01.01.2999", "Дата «01.01.2999» вне допустимых пределов."),
    ],
)
def test_bad_dates_are_explained(raw, message):
    with pytest.raises(ValidationError) as info:
        parse_date(raw)
    assert info.value.messages == [message]


def test_split_full_name_keeps_compound_patronymic():
    assert split_full_name("  Алиев  Рашид Гусейн оглы ") == ("Алиев", "Рашид", "Гусейн оглы")
    assert split_full_name("Петров") == ("Петров", "", "")


@pytest.mark.django_db
def test_find_match_by_name_with_yo_and_birth_date_then_phone_then_email():
    person = make_person(
        "Ёлкин",
        "Пётр",
        "Семёнович",
        birth_date="1980-12-31",
        phone="89160000001",
        email="Elkin@Mail.ru",
    )
    assert person_find_match(
        last_name="ЕЛКИН",
        first_name="петр",
        patronymic="Семенович",
        birth_date=datetime.date(1980, 12, 31),
    ) == (person, "name_birth_date")
    assert person_find_match(last_name="Другой", first_name="Имя", phone="+7 916 000-00-01") == (
        person,
        "phone",
    )
    assert person_find_match(last_name="Другой", first_name="Имя", email="elkin@mail.RU") == (
        person,
        "email",
    )
    assert person_find_match(last_name="Ёлкин", first_name="Пётр", patronymic="Семёнович") == (
        None,
        "",
    )
    assert person_find_match(
        last_name="Ёлкин",
        first_name="Пётр",
        patronymic="Семёнович",
        birth_date=datetime.date(1981, 1, 1),
    ) == (None, "")


@pytest.mark.django_db
def test_upsert_creates_with_consent_membership_terms_and_audit(coordinator):
    association = make_association()
    person, created = person_upsert_from_profile(
        actor=coordinator,
        data={
            "last_name": "Сидорова",
            "first_name": "Анна",
            "birth_date": "12.03.1985",
            "phone": "8 916 555 44 33",
            "email": "anna@example.org",
            "home_region": "68",
            "occupation": "юрисконсульт",
            "competencies": ["Корпоративное право", "Вышивка гладью"],
            "interests": ["История края"],
            "show_as_expert": True,
            "consent": {
                "purpose": "экспертный совет",
                "form": "questionnaire",
                "given_on": "2026-11-01",
            },
        },
        association=association,
    )
    assert created is True
    assert person.phone == "+79165554433"
    assert person.birth_date == datetime.date(1985, 3, 12)
    assert person.home_region == Region.objects.get(code="68")
    assert person.show_as_expert is True and person.has_consent is True
    assert sorted(c.name for c in person.competencies.all()) == [
        "Вышивка гладью",
        "Корпоративное право",
    ]
    assert Competency.objects.get(name="Вышивка гладью").is_approved is False
    assert list(person.memberships.values_list("association", flat=True)) == [association.pk]
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.form, consent.given_on) == (
        "экспертный совет",
        "questionnaire",
        datetime.date(2026, 11, 1),
    )
    assert " корпоративный " in person.search_text and " юрисконсульт " in person.search_text
    assert (
        AuditEntry.objects.filter(
            object_type="people.person", object_id=str(person.pk), action="create"
        ).count()
        == 1
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on_match", "occupation", "workplace"),
    [("skip", "инженер", ""), ("fill", "инженер", "Завод"), ("update", "директор", "Завод")],
)
def test_upsert_on_match_rules(coordinator, on_match, occupation, workplace):
    person = make_person("Петров", "Пётр", "", phone="89160000002", occupation="инженер")
    found, created = person_upsert_from_profile(
        actor=coordinator,
        data={
            "last_name": "Петров",
            "first_name": "Пётр",
            "phone": "+79160000002",
            "occupation": "директор",
            "workplace": "Завод",
        },
        on_match=on_match,
    )
    assert created is False and found.pk == person.pk
    person.refresh_from_db()
    assert (person.occupation, person.workplace) == (occupation, workplace)
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_upsert_refuses_bad_phone_and_writes_nothing(coordinator):
    with pytest.raises(ValidationError) as info:
        person_upsert_from_profile(
            actor=coordinator, data={"last_name": "А", "first_name": "Б", "phone": "123"}
        )
    assert "phone" in info.value.message_dict
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_consent_withdrawal_clears_the_flag(coordinator):
    person = make_person()
    assert person.has_consent is True
    services.consent_withdraw(actor=coordinator, consent=person.consents.get())
    person.refresh_from_db()
    assert person.has_consent is False
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=coordinator, consent=person.consents.get())


@pytest.mark.django_db
def test_merge_free_term_into_vocabulary(coordinator):
    person = make_person(competencies=["Юр. консультирование"])
    free = Competency.objects.get(name="Юр. консультирование")
    target = Competency.objects.get(name="Корпоративное право")
    services.term_merge(actor=coordinator, source=free, target=target)
    assert list(person.competencies.values_list("name", flat=True)) == ["Корпоративное право"]
    target.refresh_from_db()
    assert "Юр. консультирование" in target.synonym_list()
    assert not Competency.objects.filter(pk=free.pk).exists()
    person.refresh_from_db()
    assert " корпоративный " in person.search_text


@pytest.mark.django_db
def test_initiative_mark_records_who_when_why(leader):
    person = make_person()
    with pytest.raises(ValidationError):
        services.person_set_initiative(actor=leader, person=person, value=True, reason=" ")
    services.person_set_initiative(
        actor=leader, person=person, value=True, reason="Организовал субботник"
    )
    person.refresh_from_db()
    assert person.is_initiative and person.initiative_marked_by == leader
    assert (
        person.initiative_reason == "Организовал субботник"
        and person.initiative_marked_at is not None
    )


@pytest.mark.django_db
def test_candidate_list_add_is_idempotent(coordinator):
    people = [make_person(), make_person("Сидоров", "Олег")]
    candidate_list = services.candidate_list_create(actor=coordinator, name="Экспертный совет")
    assert (
        services.candidate_add(actor=coordinator, candidate_list=candidate_list, persons=people)
        == 2
    )
    assert (
        services.candidate_add(actor=coordinator, candidate_list=candidate_list, persons=people)
        == 0
    )
    entry = candidate_list.entries.first()
    assert entry.added_by == coordinator


@pytest.mark.django_db
def test_membership_set_checks_dates(coordinator):
    person = make_person()
    association = make_association()
    with pytest.raises(ValidationError):
        services.membership_set(
            actor=coordinator, person=person, association=association,
            since=datetime.date(2020, 1, 1), until=datetime.date(2019, 1, 1),
        )  # fmt: skip
    services.membership_set(
        actor=coordinator, person=person, association=association, role="secretary"
    )
    assert Membership.objects.get(person=person).role == "secretary"
