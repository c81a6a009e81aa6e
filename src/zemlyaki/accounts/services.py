"""Writes of the accounts app: users and API tokens."""

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.security import token_hash
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from .models import ApiToken, Role

TOKEN_PREFIX = "zml_"


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    patronymic: str = "",
    is_demo: bool = False,
    actor: Actor | None = None,
) -> Any:
    User = get_user_model()
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Неизвестная роль «%(role)s».") % {"role": role}}, code="invalid"
        )
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            {"username": _("Пользователь «%(u)s» уже есть.") % {"u": username}}, code="unique"
        )
    user = User(
        username=username,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        patronymic=patronymic,
        is_demo=is_demo,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=user,
        after=model_snapshot(user, ["username", "role", "email", "first_name", "last_name"]),
    )
    return user


@transaction.atomic
def token_create(*, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """Create a token and return it with its plain key, which is shown once only."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:12], key_hash=token_hash(key))
    audit_record(
        actor=user, action=AuditAction.CREATE, instance=token, after={"prefix": token.prefix}
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Actor | None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=token, after={"revoked": True})


def token_authenticate(key: str) -> Any | None:
    """The active user holding this key, or None."""
    if not key or not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_anonymize(*, actor: Actor | None, user: Any) -> Any:
    """Close a login whose owner's personal data are erased: no name, no address, no
    password, no tokens. Earlier records of the log lose the data they held about it; who
    did what stays (the entries keep their author as the anonymous login)."""
    from zemlyaki.core.models import AuditEntry

    user = type(user).objects.select_for_update().get(pk=user.pk)
    user.username = f"erased-{user.pk}"
    user.first_name = user.last_name = user.patronymic = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).update(
        before={}, after={}, object_repr=user.username
    )
    AuditEntry.objects.filter(actor=user).update(actor_repr=user.username)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=user,
        comment=_("учётная запись закрыта: персональные данные удалены"),
    )
    return user
