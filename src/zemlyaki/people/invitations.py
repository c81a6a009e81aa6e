"""A person gets a login tied to their card: an invitation by e-mail with a one-time link
(stored only as a hash), accepted by setting a password or by signing in; and the direct
link of a login to a card, for coordinators and administrators."""

import datetime
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.errors import TooManyRequests
from zemlyaki.core.security import client_key, new_token, token_hash
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.typography import typograph_message

from .models import Person
from .models_access import PersonInvitation
from .normalize import normalize_email
from .services import person_link_user

logger = logging.getLogger(__name__)


LOGINS_PER_HOUR = 5


def invitation_days() -> int:
    return int(getattr(settings, "ZEMLYAKI_INVITATION_DAYS", 7))


class RateLimited(TooManyRequests):
    """Too many logins made through invitations from one address within an hour (429)."""

    default_message = gettext_lazy(
        "Слишком много новых учётных записей с вашего адреса. Попробуйте через час."
    )


def site_base(request: Any = None) -> str:
    """The public address for links in mail: ``ZEMLYAKI_SITE_URL``, else the address the
    request came to. Without either there is no address to write into a letter."""
    configured = (getattr(settings, "ZEMLYAKI_SITE_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    raise ValidationError(
        _("Не задан публичный адрес сайта (ZEMLYAKI_SITE_URL): ссылку для письма не составить."),
        code="site_url",
    )


def _deliver(send: Any, **kwargs: Any) -> None:
    """Send after commit; a mail server failure is logged, the record stays (the token
    lives only in the letter, so it is never handed to a queue that would store it)."""
    try:
        send(**kwargs)
    except Exception:
        logger.exception("Не удалось отправить письмо (%s)", getattr(send, "__name__", send))


def _send_invitation(*, invitation_id: int, link: str) -> None:
    invitation = PersonInvitation.objects.select_related("person").get(pk=invitation_id)
    expires = date_format(timezone.localtime(invitation.expires_at), "d.m.Y H:i")
    body = _(
        "Здравствуйте, %(name)s!\n\n"
        "Вас приглашают на платформу землячеств Москвы «Земляки»: там ваш профиль участника, "
        "анкеты, мероприятия и работа органов, в которые вы входите.\n\n"
        "Чтобы получить учётную запись, откройте ссылку, задайте пароль (или войдите, если "
        "учётная запись у вас уже есть):\n%(link)s\n\n"
        "Ссылка одноразовая и действует до %(expires)s. Если вы не ждали этого письма, "
        "просто не отвечайте на него.\n"
    ) % {"name": invitation.person.first_name or invitation.person.full_name, "link": link,
         "expires": expires}  # fmt: skip
    send_mail(
        *typograph_message(_("Приглашение на платформу «Земляки»"), body),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def _live_person(person: Person) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("Персональные данные этого участника удалены."), code="erased")
    return person


def _close_pending(person: Person, *, actor: Actor | None) -> None:
    now = timezone.now()
    for old in person.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ):
        _revoke(old, actor=actor, comment=_("заменено новым приглашением"))


def _revoke(invitation: PersonInvitation, *, actor: Actor | None, comment: str = "") -> None:
    fields = ["revoked_at", "revoked_by"]
    before = model_snapshot(invitation, fields)
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = acting_user(actor)
    invitation.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=invitation,
        before=before,
        after=model_snapshot(invitation, fields),
        comment=comment or _("приглашение отозвано"),
    )


@transaction.atomic
def invitation_create(
    *, actor: Actor | None, person: Person, base_url: str, email: str = ""
) -> tuple[PersonInvitation, str]:
    """Invite a person to get a login: a letter with a one-time link valid for
    ``ZEMLYAKI_INVITATION_DAYS`` days. A newer invitation replaces a pending one.
    Returns the invitation and the plain token (it exists only in the letter)."""
    person = _live_person(person)
    if person.user_id is not None:
        raise ValidationError(
            _("С этим участником уже связана учётная запись: приглашение не нужно."),
            code="conflict",
        )
    try:
        address = normalize_email(email or person.email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages})
    if not address:
        raise ValidationError(
            {"email": [_("Укажите электронную почту: в карточке участника её нет.")]}
        )
    _close_pending(person, actor=actor)
    token, digest = new_token()
    invitation = PersonInvitation(
        person=person,
        email=address,
        token_hash=digest,
        created_by=acting_user(actor),
        expires_at=timezone.now() + datetime.timedelta(days=invitation_days()),
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=invitation,
        after={"person": person.pk, "expires_at": invitation.expires_at},
    )
    link = base_url.rstrip("/") + reverse("people:invitation_accept", kwargs={"token": token})
    transaction.on_commit(
        partial(_deliver, _send_invitation, invitation_id=invitation.pk, link=link)
    )
    return invitation, token


def invitation_by_token(token: str) -> PersonInvitation | None:
    if not token:
        return None
    return (
        PersonInvitation.objects.select_related("person")
        .filter(token_hash=token_hash(token))
        .first()
    )


def pending_invitation(person: Person) -> PersonInvitation | None:
    return (
        person.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def invitation_revoke(*, actor: Actor | None, invitation: PersonInvitation) -> PersonInvitation:
    invitation = PersonInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("Приглашение уже не действует."), code="state")
    _revoke(invitation, actor=actor)
    return invitation


def check_usable(invitation: PersonInvitation) -> None:
    """Refuse a used, revoked or expired invitation with the reason."""
    if invitation.accepted_at:
        raise ValidationError(_("Это приглашение уже использовано."), code="state")
    if invitation.revoked_at:
        raise ValidationError(_("Это приглашение отозвано."), code="state")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("Срок приглашения истёк: попросите прислать новое."), code="expired"
        )


@transaction.atomic
def invitation_accept(*, invitation: PersonInvitation, user: Any, client: str = "") -> Person:
    """Link the signed-in (or just created) login to the invited person; the link is used up.
    ``client``: the keyed hash of the address a new login was made from (for its rate)."""
    invitation = PersonInvitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    person = person_link_user(actor=user, person=invitation.person, user=user)
    fields = ["accepted_at", "accepted_by"]
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.accepted_client_key = client
    invitation.save(update_fields=[*fields, "accepted_client_key"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        instance=invitation,
        after=model_snapshot(invitation, fields),
        comment=_("приглашение принято"),
    )
    return person


def check_username(username: str) -> str:
    """The name for the new login, refused when a login of that name (in any case) exists."""
    username = username.strip()
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError(
            _("Такое имя для входа уже занято. Если это ваша учётная запись — войдите."),
            code="taken",
        )
    return username


def check_password(*, invitation: PersonInvitation, username: str, password: str) -> None:
    """The site's password validators (``AUTH_PASSWORD_VALIDATORS``), measured against the
    invitee's name and address as the new login will hold them."""
    person = invitation.person
    probe = get_user_model()(
        username=username,
        email=invitation.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    password_validation.validate_password(password, probe)


def _rate_limit(key: str) -> None:
    if not key:
        return
    limit = int(getattr(settings, "ZEMLYAKI_INVITATION_LOGINS_PER_HOUR", LOGINS_PER_HOUR))
    since = timezone.now() - datetime.timedelta(hours=1)
    made = PersonInvitation.objects.filter(accepted_client_key=key, accepted_at__gte=since)
    if made.count() >= limit:
        raise RateLimited()


@transaction.atomic
def invitation_accept_new_user(
    *, invitation: PersonInvitation, username: str, password: str, client_address: str = ""
) -> Any:
    """Create a member's login with the password the invitee chose, and link it.

    The name and the password pass the same checks as on the page (``username`` and
    ``password`` name the refused field); logins made from one client address are limited
    per hour (``ZEMLYAKI_INVITATION_LOGINS_PER_HOUR``)."""
    from zemlyaki.accounts.models import Role
    from zemlyaki.accounts.services import user_create

    invitation = PersonInvitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    person = invitation.person
    if person.user_id is not None:
        raise ValidationError(
            _("С этим участником уже связана другая учётная запись."), code="conflict"
        )
    key = client_key(client_address)
    _rate_limit(key)
    errors: dict[str, list[str]] = {}
    try:
        username = check_username(username)
    except ValidationError as error:
        errors["username"] = error.messages
    try:
        check_password(invitation=invitation, username=username, password=password)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    user = user_create(
        username=username,
        role=Role.MEMBER,
        password=password,
        email=invitation.email,
        first_name=person.first_name,
        last_name=person.last_name,
        patronymic=person.patronymic,
    )
    invitation_accept(invitation=invitation, user=user, client=key)
    return user


@transaction.atomic
def person_unlink_user(*, actor: Actor | None, person: Person) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is None:
        raise ValidationError(_("С этим участником не связана учётная запись."), code="state")
    before = model_snapshot(person, ["user"])
    person.user = None
    person.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=person,
        before=before,
        after=model_snapshot(person, ["user"]),
    )
    return person
