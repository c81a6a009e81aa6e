import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from zemlyaki.accounts.models import ApiToken
from zemlyaki.accounts.services import token_authenticate, token_create
from zemlyaki.core.models import AuditEntry

from .factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2():
    user = UserFactory()
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_login_and_logout(client):
    UserFactory(username="olga")
    response = client.post("/accounts/login/", {"username": "olga", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "olga"
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_wrong_password_shows_russian_error(client):
    UserFactory(username="olga")
    response = client.post("/accounts/login/", {"username": "olga", "password": "нет"})
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in response.text


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, settings):
    UserFactory(username="olga")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "olga", "password": "неверный"})
    response = client.post("/accounts/login/", {"username": "olga", "password": PASSWORD})
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.text
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = UserFactory(username="olga", email="olga@example.org")
    response = client.post("/accounts/password/reset/", {"email": "olga@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olga@example.org"]
    assert message.subject == "Восстановление пароля на\u00a0платформе «Земляки»"
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Новый-пароль-2026", "new_password2": "Новый-пароль-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Новый-пароль-2026")


@pytest.mark.django_db
def test_password_change_requires_login(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_token_stored_only_as_hash():
    user = UserFactory()
    token, key = token_create(user=user)
    assert key.startswith("zml_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix)
    assert len(stored.key_hash) == 64
    assert token_authenticate(key) == user
    assert token_authenticate(key + "x") is None


@pytest.mark.django_db
def test_inactive_user_token_refused():
    user = UserFactory()
    _, key = token_create(user=user)
    user.is_active = False
    user.save()
    assert token_authenticate(key) is None


@pytest.mark.django_db
def test_user_and_token_commands(capsys):
    from tests.registry.factories import make_association

    association = make_association()
    call_command("user", "create", "tamb", "--role", "leader", "--association", association.slug)
    user = get_user_model().objects.get(username="tamb")
    assert user.role == "leader"
    assert list(association.leaders.all()) == [user]
    out = capsys.readouterr().out
    assert "Пароль: " in out
    call_command("token", "create", "tamb")
    key = capsys.readouterr().out.strip()
    assert token_authenticate(key) == user
    assert AuditEntry.objects.filter(object_type="accounts.user", action="create").count() == 1


@pytest.mark.django_db
def test_superuser_administrator_gets_platform_permissions_only_from_rules(administrator):
    from tests.registry.factories import make_association

    association = make_association()
    assert administrator.is_superuser
    # registry rules allow administrators to edit the registry
    assert administrator.has_perm("registry.change_association", association)
    # the superuser shortcut does not reach permissions the rules do not grant
    assert not administrator.has_perm("people.view_person", None)
    assert not administrator.has_perm("surveys.view_results", None)
    # Django's own permissions keep the shortcut (the admin site)
    assert administrator.has_perm("auth.change_group")
