import pytest
from django.core.exceptions import ValidationError

from zemlyaki.core.models import AuditEntry
from zemlyaki.events.models import Registration
from zemlyaki.events.services import (
    registration_by_token,
    registration_cancel,
    registration_create,
)

from .factories import make_event


def statuses(event):
    return list(
        Registration.objects.filter(event=event).order_by("pk").values_list("name", "status")
    )


@pytest.mark.django_db
def test_beyond_capacity_goes_to_waiting_list_and_moves_up_on_cancel():
    event = make_event(capacity=2)
    first, _t1 = registration_create(event=event, name="Анна", email="anna@example.org")
    registration_create(event=event, name="Борис", email="boris@example.org")
    registration_create(event=event, name="Вера", email="vera@example.org")
    registration_create(event=event, name="Глеб", email="gleb@example.org")
    assert statuses(event) == [
        ("Анна", "confirmed"),
        ("Борис", "confirmed"),
        ("Вера", "waitlisted"),
        ("Глеб", "waitlisted"),
    ]
    registration_cancel(registration=first)
    assert statuses(event) == [
        ("Анна", "cancelled"),
        ("Борис", "confirmed"),
        ("Вера", "confirmed"),
        ("Глеб", "waitlisted"),
    ]
    promoted = AuditEntry.objects.filter(comment="Место освободилось").get()
    assert promoted.after == {"status": "confirmed"}


@pytest.mark.django_db
def test_raising_capacity_moves_the_waiting_list_up():
    from zemlyaki.events.services import event_update

    event = make_event(capacity=1)
    registration_create(event=event, name="Анна", email="a@example.org")
    registration_create(event=event, name="Борис", email="b@example.org")
    event_update(actor=None, event=event, capacity=2)
    assert statuses(event) == [("Анна", "confirmed"), ("Борис", "confirmed")]
    with pytest.raises(ValidationError) as error:
        event_update(actor=None, event=event, capacity=1)
    assert error.value.message_dict["capacity"] == [
        "Уже подтверждено регистраций: 2 — мест не может быть меньше."
    ]


@pytest.mark.django_db
def test_same_email_twice_is_refused_case_insensitively():
    event = make_event()
    registration_create(event=event, name="Анна", email="Anna@Example.org")
    with pytest.raises(ValidationError) as error:
        registration_create(event=event, name="Анна", email="anna@example.org")
    assert error.value.message_dict["email"] == [
        "С этой почты уже есть регистрация на мероприятие."
    ]
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_registration_closed_is_refused():
    event = make_event(registration_open=False)
    with pytest.raises(ValidationError) as error:
        registration_create(event=event, name="Анна", email="a@example.org")
    assert error.value.messages == ["Регистрация на это мероприятие закрыта."]
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_rate_limit_per_client_address(settings):
    settings.ZEMLYAKI_REGISTRATION_RATE_PER_HOUR = 2
    event = make_event()
    for n in range(2):
        registration_create(
            event=event, name=f"Гость {n}", email=f"g{n}@example.org", client_address="10.0.0.1"
        )
    with pytest.raises(ValidationError) as error:
        registration_create(
            event=event, name="Гость 3", email="g3@example.org", client_address="10.0.0.1"
        )
    assert error.value.code == "rate_limited"
    registration_create(
        event=event, name="Другой", email="other@example.org", client_address="10.0.0.2"
    )
    assert Registration.objects.count() == 3


@pytest.mark.django_db
def test_token_is_stored_only_as_hash():
    event = make_event()
    registration, token = registration_create(event=event, name="Анна", email="a@example.org")
    assert token not in registration.token_hash
    assert len(registration.token_hash) == 64
    assert registration_by_token(token) == registration
    assert registration_by_token(token + "x") is None
