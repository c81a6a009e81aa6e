"""A real person gets a login tied to their card: invitation by e-mail, acceptance,
revocation, the one-login-per-person rule, and who may invite (pages, API, command)."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory
from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.people import invitations, services
from zemlyaki.people.models import Person, PersonInvitation

from .factories import make_person

SITE = "https://zemlyaki.example.org"
LINK = re.compile(r"(https?://\S+/people/invitation/[\w-]+/)")


@pytest.fixture
def world(db, settings):
    from zemlyaki.registry.services import association_add_leader

    settings.ZEMLYAKI_SITE_URL = SITE
    tambov = make_association("Тамбовское землячество", ["68"])
    ryazan = make_association("Рязанское землячество", ["62"])
    users = {
        "guest": AnonymousUser(),
        "member": UserFactory(role="member", username="m"),
        "self": UserFactory(role="member", username="s"),
        "leader_own": UserFactory(role="leader", username="lo"),
        "leader_other": UserFactory(role="leader", username="lx"),
        "coordinator": UserFactory(role="coordinator", username="c"),
        "administrator": UserFactory(
            role="administrator", username="a", is_superuser=True, is_staff=True
        ),
    }
    association_add_leader(actor=None, association=tambov, user=users["leader_own"])
    association_add_leader(actor=None, association=ryazan, user=users["leader_other"])
    person = make_person("Новикова", "Анна", "", association=tambov, email="anna@example.org")
    own = make_person("Самов", "Пётр", "", association=tambov)
    services.person_link_user(actor=None, person=own, user=users["self"])
    return users, person, own


def _link(message) -> str:
    return LINK.search(message.get_content()).group(1)


# ---------------------------------------------------------------- services


def test_invitation_mail_holds_a_one_time_link_stored_as_a_hash(
    world, smtp, django_capture_on_commit_callbacks
):
    users, person, _own = world
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitations.invitation_create(
            actor=users["leader_own"], person=person, base_url=invitations.site_base()
        )
    assert [m["X-Envelope-To"] for m in smtp] == ["anna@example.org"]
    assert smtp[0]["Subject"].strip() == "Приглашение на\u00a0платформу «Земляки»"
    link = _link(smtp[0])
    assert link == f"{SITE}/people/invitation/{token}/"
    stored = PersonInvitation.objects.get()
    assert stored.token_hash != token and token not in stored.token_hash
    assert invitations.invitation_by_token(token) == stored
    expected = timezone.now() + datetime.timedelta(days=7)
    assert abs((stored.expires_at - expected).total_seconds()) < 60
    entry = AuditEntry.objects.get(object_type="people.personinvitation", action="create")
    assert entry.actor == users["leader_own"]
    assert token not in str(entry.after)


def test_validity_follows_the_setting(world, settings):
    users, person, _own = world
    settings.ZEMLYAKI_INVITATION_DAYS = 2
    invitation, _token = invitations.invitation_create(
        actor=users["coordinator"], person=person, base_url=SITE
    )
    expected = timezone.now() + datetime.timedelta(days=2)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60


def test_link_falls_back_to_the_request_host_never_localhost(world, settings, rf):
    settings.ZEMLYAKI_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["zemlyaki.test"]
    request = rf.get("/", HTTP_HOST="zemlyaki.test")
    assert invitations.site_base(request) == "http://zemlyaki.test"
    with pytest.raises(Exception, match="ZEMLYAKI_SITE_URL"):
        invitations.site_base()


def test_accept_with_a_new_password_links_and_uses_the_link_up(world):
    users, person, _own = world
    invitation, token = invitations.invitation_create(
        actor=users["coordinator"], person=person, base_url=SITE
    )
    user = invitations.invitation_accept_new_user(
        invitation=invitation, username="anna", password=PASSWORD
    )
    person.refresh_from_db()
    invitation.refresh_from_db()
    assert person.user == user
    assert (user.role, user.email, user.last_name) == ("member", "anna@example.org", "Новикова")
    assert user.check_password(PASSWORD)
    assert invitation.status == "accepted" and invitation.accepted_by == user
    with pytest.raises(Exception, match="уже использовано"):
        invitations.invitation_accept(invitation=invitation, user=users["member"])


def test_new_invitation_replaces_the_pending_one_and_revoke_closes_it(world):
    users, person, _own = world
    first, _t1 = invitations.invitation_create(
        actor=users["coordinator"], person=person, base_url=SITE
    )
    second, _t2 = invitations.invitation_create(
        actor=users["coordinator"], person=person, base_url=SITE, email="other@example.org"
    )
    first.refresh_from_db()
    assert (first.status, second.status, second.email) == (
        "revoked",
        "pending",
        "other@example.org",
    )
    invitations.invitation_revoke(actor=users["leader_own"], invitation=second)
    second.refresh_from_db()
    assert second.status == "revoked" and second.revoked_by == users["leader_own"]
    with pytest.raises(Exception, match="отозвано"):
        invitations.invitation_accept(invitation=second, user=users["member"])
    assert Person.objects.get(pk=person.pk).user is None


def test_expired_invitation_is_refused(world):
    users, person, _own = world
    invitation, _t = invitations.invitation_create(
        actor=users["coordinator"], person=person, base_url=SITE
    )
    PersonInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(Exception, match="Срок приглашения истёк"):
        invitations.invitation_accept(invitation=invitation, user=users["member"])
    assert Person.objects.get(pk=person.pk).user is None


def test_one_login_per_person_and_one_person_per_login(world):
    users, person, own = world
    with pytest.raises(Exception, match="уже связана с другим участником") as info:
        services.person_link_user(actor=None, person=person, user=users["self"])
    assert info.value.code == "conflict"
    with pytest.raises(Exception, match="уже связана другая учётная запись"):
        services.person_link_user(actor=None, person=own, user=users["member"])
    with pytest.raises(Exception, match="приглашение не нужно"):
        invitations.invitation_create(actor=users["coordinator"], person=own, base_url=SITE)
    assert Person.objects.get(pk=person.pk).user is None
    assert Person.objects.get(pk=own.pk).user == users["self"]
    assert PersonInvitation.objects.count() == 0


def test_signed_in_user_with_a_card_cannot_take_a_second_one(world):
    users, person, _own = world
    invitation, _t = invitations.invitation_create(
        actor=users["coordinator"], person=person, base_url=SITE
    )
    with pytest.raises(Exception, match="уже связана с другим участником"):
        invitations.invitation_accept(invitation=invitation, user=users["self"])
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert Person.objects.get(pk=person.pk).user is None


def test_card_without_email_needs_an_address(world):
    users, _person, _own = world
    bare = make_person("Безпочтов", "Иван", "")
    with pytest.raises(Exception, match="в карточке участника её нет"):
        invitations.invitation_create(actor=users["coordinator"], person=bare, base_url=SITE)
    assert PersonInvitation.objects.count() == 0


# ---------------------------------------------------------------- pages


ALLOWED = {"leader_own", "coordinator"}
REFUSALS = {
    "guest": 302,  # to the login page
    "member": 404,  # may not even see the card
    "leader_other": 404,
    "administrator": 404,  # no personal data without the coordinator role
    "self": 404,  # a member with a card of their own
}


@pytest.mark.parametrize("role", sorted(ALLOWED | set(REFUSALS)))
def test_who_may_invite_from_the_card(
    world, client, role, smtp, django_capture_on_commit_callbacks
):
    users, person, _own = world
    if role != "guest":
        client.force_login(users[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/people/{person.pk}/invitation/", {"email": ""})
    if role in ALLOWED:
        assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
        assert PersonInvitation.objects.get().created_by == users[role]
        assert [m["X-Envelope-To"] for m in smtp] == ["anna@example.org"]
    else:
        assert response.status_code == REFUSALS[role]
        if role == "guest":
            assert response["Location"].startswith("/accounts/login/")
        assert PersonInvitation.objects.count() == 0
        assert smtp == []
        assert not AuditEntry.objects.filter(object_type="people.personinvitation").exists()


def test_a_member_may_not_invite_from_their_own_card(world, client):
    users, _person, own = world
    client.force_login(users["self"])
    own.email = "self@example.org"
    own.save()
    response = client.post(f"/people/{own.pk}/invitation/", {"email": ""})
    assert response.status_code == 403
    assert PersonInvitation.objects.count() == 0


def test_card_shows_the_invitation_to_the_leader_only(world, client):
    users, person, _own = world
    invitations.invitation_create(actor=users["coordinator"], person=person, base_url=SITE)
    client.force_login(users["leader_own"])
    page = client.get(f"/people/{person.pk}/").text
    assert 'id="invitation-pending"' in page and "anna@example.org" in page
    client.force_login(users["self"])
    own_page = client.get(f"/people/{world[2].pk}/").text
    assert 'id="invite-form"' not in own_page


def test_revoke_from_the_card(world, client):
    users, person, _own = world
    invitation, token = invitations.invitation_create(
        actor=users["coordinator"], person=person, base_url=SITE
    )
    client.force_login(users["leader_other"])
    assert client.post(f"/people/invitations/{invitation.pk}/revoke/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    client.force_login(users["leader_own"])
    response = client.post(f"/people/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    client.logout()
    gone = client.get(f"/people/invitation/{token}/")
    assert gone.status_code == 410 and "Приглашение отозвано" in gone.text


def test_invitee_sets_a_password_and_lands_on_their_profile(world, client):
    users, person, _own = world
    _invitation, token = invitations.invitation_create(
        actor=users["leader_own"], person=person, base_url=SITE
    )
    url = f"/people/invitation/{token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Новикова Анна" in page.text
    bad = client.post(url, {"username": "anna", "password1": PASSWORD, "password2": "другой"})
    assert bad.status_code == 200 and "Пароли не совпадают." in bad.text
    assert Person.objects.get(pk=person.pk).user is None
    response = client.post(url, {"username": "anna", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/people/me/"
    me = client.get("/people/me/")
    assert me.status_code == 302 and me["Location"] == f"/people/{person.pk}/"
    assert Person.objects.get(pk=person.pk).user.username == "anna"
    assert client.get(url).status_code == 410


def test_invitee_with_an_account_signs_in_and_links(world, client):
    users, person, _own = world
    _invitation, token = invitations.invitation_create(
        actor=users["leader_own"], person=person, base_url=SITE
    )
    client.force_login(users["member"])
    page = client.get(f"/people/invitation/{token}/")
    assert 'id="link-form"' in page.text
    response = client.post(f"/people/invitation/{token}/")
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).user == users["member"]


def test_unknown_token_is_gone(client, db):
    response = client.get("/people/invitation/nonsense/")
    assert response.status_code == 410 and "Ссылка неверна" in response.text


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_my_profile_without_a_card_explains_instead_of_404(client, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get("/people/me/")
    assert response.status_code == 200
    assert "Как его получить" in response.text and 'id="no-profile"' in response.text


def test_my_profile_asks_a_guest_to_sign_in(client, db):
    response = client.get("/people/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_coordinator_links_and_unlinks_on_the_card(world, client):
    users, person, own = world
    target = UserFactory(role="member", username="anna")
    client.force_login(users["leader_own"])
    refused = client.post(f"/people/{person.pk}/user/", {"action": "link", "username": "anna"})
    assert refused.status_code == 403
    assert 'id="link-user-form"' not in client.get(f"/people/{person.pk}/").text
    assert Person.objects.get(pk=person.pk).user is None
    client.force_login(users["coordinator"])
    assert 'id="link-user-form"' in client.get(f"/people/{person.pk}/").text
    taken = client.post(
        f"/people/{person.pk}/user/", {"action": "link", "username": "s"}, follow=True
    )
    assert "уже связана с другим участником" in taken.text
    assert Person.objects.get(pk=person.pk).user is None
    client.post(f"/people/{person.pk}/user/", {"action": "link", "username": "anna"})
    assert Person.objects.get(pk=person.pk).user == target
    client.post(f"/people/{own.pk}/user/", {"action": "unlink"})
    assert Person.objects.get(pk=own.pk).user is None
    entry = AuditEntry.objects.filter(object_type="people.person", object_id=str(own.pk)).latest(
        "pk"
    )
    assert (entry.actor, entry.after) == (users["coordinator"], {"user": None})


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("role", sorted(ALLOWED | set(REFUSALS)))
def test_api_invitation_has_the_same_rules(world, api, token_for, role, settings):
    users, person, _own = world
    token = None if role == "guest" else token_for(users[role])
    response = api.post(f"/people/{person.pk}/invitation", {}, token=token)
    expected = {**REFUSALS, "guest": 401}.get(role, 201)
    assert response.status_code == expected
    if role in ALLOWED:
        assert response.json()["email"] == "anna@example.org"
        assert response.json()["status"] == "pending"
        assert "token" not in response.json()
        assert PersonInvitation.objects.get().created_by == users[role]
    else:
        assert PersonInvitation.objects.count() == 0


def test_api_invitation_conflict_and_revoke(world, api, token_for):
    users, person, own = world
    token = token_for(users["leader_own"])
    conflict = api.post(f"/people/{own.pk}/invitation", {}, token=token)
    assert conflict.status_code == 409
    assert (
        conflict.json()["detail"]
        == "С этим участником уже связана учётная запись: приглашение не нужно."
    )
    assert api.delete(f"/people/{person.pk}/invitation", token=token).status_code == 404
    assert api.post(f"/people/{person.pk}/invitation", {}, token=token).status_code == 201
    assert api.delete(f"/people/{person.pk}/invitation", token=token).status_code == 204
    assert PersonInvitation.objects.get().status == "revoked"


def test_api_link_and_unlink_by_coordinator_only(world, api, token_for):
    users, person, own = world
    target = UserFactory(role="member", username="anna")
    for role, code in (("leader_own", 403), ("self", 404)):
        refused = api.put(
            f"/people/{person.pk}/user", {"username": "anna"}, token=token_for(users[role])
        )
        assert refused.status_code == code
    assert (
        api.put(
            f"/people/{person.pk}/user",
            {"username": "anna"},
            token=token_for(users["administrator"]),
        ).status_code
        == 404
    )
    assert Person.objects.get(pk=person.pk).user is None
    token = token_for(users["coordinator"])
    missing = api.put(f"/people/{person.pk}/user", {"username": "nobody"}, token=token)
    assert (
        missing.status_code == 422
        and missing.json()["detail"][0]["msg"] == "Пользователь не найден."
    )
    taken = api.put(f"/people/{person.pk}/user", {"username": "s"}, token=token)
    assert taken.status_code == 409
    assert taken.json()["detail"] == "Учётная запись «s» уже связана с другим участником."
    assert Person.objects.get(pk=person.pk).user is None
    linked = api.put(f"/people/{person.pk}/user", {"username": "anna"}, token=token)
    assert linked.status_code == 200 and linked.json() == {"person": person.pk, "username": "anna"}
    assert Person.objects.get(pk=person.pk).user == target
    assert (
        api.delete(f"/people/{own.pk}/user", token=token_for(users["leader_own"])).status_code
        == 403
    )
    assert Person.objects.get(pk=own.pk).user == users["self"]
    assert api.delete(f"/people/{person.pk}/user", token=token).status_code == 204
    assert Person.objects.get(pk=person.pk).user is None
    assert api.delete(f"/people/{person.pk}/user", token=token).status_code == 409


# ---------------------------------------------------------------- commands


def test_command_links_a_user(world, capsys):
    users, person, _own = world
    target = UserFactory(role="member", username="anna")
    call_command("person", "link", str(person.pk), "anna")
    assert Person.objects.get(pk=person.pk).user == target
    assert "связан с учётной записью «anna»" in capsys.readouterr().out
    with pytest.raises(CommandError, match="уже связана другая учётная запись"):
        call_command("person", "link", str(world[2].pk), "anna")
    with pytest.raises(CommandError, match="«s» уже связана с другим участником"):
        call_command("person", "link", str(make_person("Третьев", "Олег", "").pk), "s")
    with pytest.raises(CommandError, match="не найден"):
        call_command("person", "link", str(person.pk), "nobody")


def test_command_invites_by_mail(world, smtp, capsys, django_capture_on_commit_callbacks):
    _users, person, _own = world
    with django_capture_on_commit_callbacks(execute=True):
        call_command("person", "invite", str(person.pk))
    assert "Приглашение отправлено на anna@example.org" in capsys.readouterr().out
    assert [m["X-Envelope-To"] for m in smtp] == ["anna@example.org"]
    assert _link(smtp[0]).startswith(f"{SITE}/people/invitation/")


def test_command_refuses_to_invite_without_a_site_address(world, settings, smtp):
    _users, person, _own = world
    settings.ZEMLYAKI_SITE_URL = ""
    with pytest.raises(CommandError, match="ZEMLYAKI_SITE_URL"):
        call_command("person", "invite", str(person.pk))
    assert PersonInvitation.objects.count() == 0
    assert smtp == []


def test_api_invitation_answer_matches_its_documented_schema(world, api, client, token_for):
    """The answer has exactly the fields the OpenAPI document gives for it."""
    users, person, _own = world
    response = api.post(f"/people/{person.pk}/invitation", {}, token=token_for(users["leader_own"]))
    assert response.status_code == 201
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/people/{person_id}/invitation"]["post"]
    ref = operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    component = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["properties"]) == set(response.json())
    assert set(component["required"]) <= set(response.json())
