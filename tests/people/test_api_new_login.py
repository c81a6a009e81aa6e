"""An invitee without a login accepts the invitation through the API as on its page: the
personal link's token is the permission, the new login gets the name and password they
chose (the site's password checks, in Russian), the link is used up; refusals change
nothing, and logins made from one address are limited per hour."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory
from tests.registry.factories import make_association
from tests.support.audit import audit_trail, row_counts
from zemlyaki.core.models import AuditEntry
from zemlyaki.core.security import client_key
from zemlyaki.people import invitations, services
from zemlyaki.people.models import Person, PersonInvitation

from .factories import make_person

pytestmark = pytest.mark.django_db

PATH = "/person-invitations/new-login"
SITE = "https://zemlyaki.example.org"


@pytest.fixture
def invited(coordinator):
    tambov = make_association("Тамбовское землячество", ["68"])
    person = make_person("Новикова", "Анна", "", association=tambov, email="anna@example.org")
    invitation, token = invitations.invitation_create(
        actor=coordinator, person=person, base_url=SITE
    )
    return person, invitation, token


def _state():
    """What a refused request must leave as it was."""
    return (
        *row_counts(get_user_model(), AuditEntry),
        Person.objects.filter(user__isnull=False).count(),
        PersonInvitation.objects.filter(accepted_at__isnull=False).count(),
    )


def test_the_invitee_makes_a_login_with_the_link(api, invited):
    person, invitation, token = invited
    answer = api.post(PATH, {"token": token, "username": " anna ", "password": PASSWORD})
    assert answer.status_code == 201
    user = get_user_model().objects.get(username="anna")
    assert answer.json() == {"person": person.pk, "username": "anna"}
    person.refresh_from_db()
    invitation.refresh_from_db()
    assert person.user == user
    assert (user.role, user.email, user.last_name, user.first_name) == (
        "member",
        "anna@example.org",
        "Новикова",
        "Анна",
    )
    assert user.check_password(PASSWORD)
    assert (invitation.status, invitation.accepted_by) == ("accepted", user)
    assert invitation.accepted_client_key == client_key("127.0.0.1")
    # the token is kept only as its hash, and no record names it
    assert invitation.token_hash != token and token not in invitation.token_hash
    assert not AuditEntry.objects.filter(after__icontains=token).exists()
    assert audit_trail(user) == [("create", None)]
    assert audit_trail(person)[-1] == ("update", "anna")
    assert audit_trail(invitation, comment=True)[-1] == ("update", "anna", "приглашение принято")


def test_a_signed_in_caller_is_sent_to_the_accept_operation(api, invited, member, token_for):
    _person, _invitation, token = invited
    api_token = token_for(member)
    before = _state()
    answer = api.post(
        PATH, {"token": token, "username": "anna", "password": PASSWORD}, token=api_token
    )
    assert answer.status_code == 409
    assert answer.json() == {
        "detail": "Вы вошли в систему: примите приглашение своей учётной записью "
        "(POST /api/v1/person-invitations/accept)."
    }
    assert _state() == before


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("unknown", "Приглашение не найдено или уже не действует."),
        ("accepted", "Это приглашение уже использовано."),
        ("revoked", "Это приглашение отозвано."),
        ("expired", "Срок приглашения истёк: попросите прислать новое."),
    ],
)
def test_a_link_that_no_longer_works_is_refused(api, invited, coordinator, spoil, message):
    person, invitation, token = invited
    if spoil == "unknown":
        token = token[:-2] + "xx"
    elif spoil == "accepted":
        invitations.invitation_accept(invitation=invitation, user=UserFactory(username="other"))
    elif spoil == "revoked":
        invitations.invitation_revoke(actor=coordinator, invitation=invitation)
    else:
        PersonInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    before = _state()
    answer = api.post(PATH, {"token": token, "username": "anna", "password": PASSWORD})
    assert (answer.status_code, answer.json()) == (404, {"detail": message})
    assert _state() == before
    assert not get_user_model().objects.filter(username="anna").exists()


def test_a_card_linked_to_a_login_meanwhile_is_a_conflict(api, invited, member):
    person, _invitation, token = invited
    services.person_link_user(actor=None, person=person, user=member)
    before = _state()
    answer = api.post(PATH, {"token": token, "username": "anna", "password": PASSWORD})
    assert (answer.status_code, answer.json()) == (
        409,
        {"detail": "С этим участником уже связана другая учётная запись."},
    )
    assert _state() == before


def _refusal(answer):
    assert answer.status_code == 422
    return [(item["field"], item["msg"]) for item in answer.json()["detail"]]


def test_the_password_passes_the_site_checks_in_russian(api, invited):
    _person, _invitation, token = invited
    before = _state()
    weak = api.post(PATH, {"token": token, "username": "anna", "password": "12345"})
    assert _refusal(weak) == [
        (
            "password",
            "Введённый пароль слишком короткий. Он должен состоять из как минимум 8 символов.",
        ),
        ("password", "Введённый пароль слишком широко распространён."),
        ("password", "Введённый пароль состоит только из цифр."),
    ]
    like_the_name = api.post(
        PATH, {"token": token, "username": "anna", "password": "anna@example.org"}
    )
    assert _refusal(like_the_name) == [
        ("password", "Введённый пароль слишком похож на адрес электронной почты.")
    ]
    assert _state() == before


def test_the_name_must_be_free_and_well_formed(api, invited, coordinator):
    _person, _invitation, token = invited
    before = _state()
    taken = api.post(PATH, {"token": token, "username": "COORD", "password": PASSWORD})
    assert _refusal(taken) == [
        ("username", "Такое имя для входа уже занято. Если это ваша учётная запись — войдите.")
    ]
    spaced = api.post(PATH, {"token": token, "username": "анна мария", "password": PASSWORD})
    assert _refusal(spaced) == [
        (
            "username",
            "Введите правильное имя пользователя. Оно может содержать только буквы, цифры "
            "и знаки @/./+/-/_.",
        )
    ]
    empty = api.post(PATH, {"token": token, "username": "", "password": PASSWORD})
    assert _refusal(empty) == [("username", "Слишком короткое значение: символов не менее 1.")]
    assert _state() == before


def test_logins_from_one_address_are_limited_per_hour(api, coordinator, invited, settings):
    settings.ZEMLYAKI_INVITATION_LOGINS_PER_HOUR = 1
    _person, _invitation, token = invited
    first = api.post(PATH, {"token": token, "username": "anna", "password": PASSWORD})
    assert first.status_code == 201
    other = make_person("Петрова", "Ольга", "", email="olga@example.org")
    _second, second_token = invitations.invitation_create(
        actor=coordinator, person=other, base_url=SITE
    )
    before = _state()
    again = api.post(PATH, {"token": second_token, "username": "olga", "password": PASSWORD})
    assert (again.status_code, again.json()) == (
        429,
        {"detail": "Слишком много новых учётных записей с вашего адреса. Попробуйте через час."},
    )
    assert _state() == before
    # the page of the same invitation says the same next to its form
    page = api.client.post(
        f"/people/invitation/{second_token}/",
        {"username": "olga", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert page.status_code == 200
    assert "Слишком много новых учётных записей с вашего адреса." in page.text
    assert _state() == before
