"""Writes of events: the event and its agenda and materials, invitations, registrations
with capacity and a waiting list, attendance, minutes and decisions."""

import datetime
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.registries import decision_effects
from zemlyaki.core.security import client_key, new_token, token_hash
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields
from zemlyaki.core.text import fold, search_document
from zemlyaki.people.consents import consent_record_public

from .models import (
    AgendaItem,
    Decision,
    DecisionEffect,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    Material,
    Registration,
    RegistrationStatus,
)

logger = logging.getLogger(__name__)

EVENT_FIELDS = {
    "kind", "title", "starts_at", "ends_at", "place", "online_url", "organiser", "capacity",
    "description", "preparation", "questionnaire_url", "registration_open", "is_public",
    "status", "is_demo",
}  # fmt: skip

# The kind of object each effect acts on. The owning apps (plan, strategy) register the
# service that carries the effect out in ``core.registries.decision_effects``.
EFFECT_TARGETS: dict[str, str] = {
    DecisionEffect.APPROVE_PLAN: "plan.plan",
    DecisionEffect.CREATE_TASKS: "plan.plan",
    DecisionEffect.APPROVE_DOCUMENT: "strategy.document",
    DecisionEffect.SECTION_POSITION: "strategy.section",
}
# Effects that only record the decision on their object.
RECORD_ONLY_EFFECTS = {DecisionEffect.SECTION_POSITION}


def _clean_event(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    try:
        event.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if event.starts_at and timezone.is_naive(event.starts_at):
        errors.setdefault("starts_at", []).append(_("Укажите часовой пояс."))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors.setdefault("ends_at", []).append(_("Окончание должно быть позже начала."))
    if errors:
        raise ValidationError(errors)
    event.search_text = search_document(event.title, event.place, event.description)


@transaction.atomic
def event_create(*, actor: Any, **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    event = Event(**fields)
    _clean_event(event)
    event.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=event, after=model_snapshot(event)
    )
    return event


@transaction.atomic
def event_update(*, actor: Any, event: Event, **fields: Any) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = model_snapshot(event)
    for name, value in fields.items():
        setattr(event, name, value)
    _clean_event(event)
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if event.capacity is not None and event.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": [
                    _("Уже подтверждено регистраций: %(count)s — мест не может быть меньше.")
                    % {"count": confirmed}
                ]
            }
        )
    event.save()
    _promote_waitlist(event, actor=actor)
    after = model_snapshot(event)
    audit_update(actor=actor, instance=event, before=before, after=after)
    return event


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    event: Event,
    title: str,
    duration_minutes: int = 15,
    speaker: str = "",
    subject: Any = None,
) -> AgendaItem:
    """An item at the end of the agenda; ``subject`` is what it discusses (a strategy
    section, or any other saved object), referred to generically."""
    last = event.agenda.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(
        event=event,
        order=last + 1,
        title=title,
        duration_minutes=duration_minutes,
        speaker=speaker,
    )
    _set_subject(item, subject)
    item.full_clean()
    if not item.duration_minutes:
        raise ValidationError({"duration_minutes": [_("Продолжительность — не меньше минуты.")]})
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=item,
        after=model_snapshot(item),
        comment=_("Повестка: %(event)s") % {"event": event.title},
    )
    return item


def _set_subject(item: AgendaItem, subject: Any) -> None:
    if subject is not None and getattr(subject, "pk", None) is None:
        raise ValidationError({"subject": [_("Предмет обсуждения не найден.")]})
    item.subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    item.subject_id = subject.pk if subject is not None else None
    item.subject_title = str(subject)[:300] if subject is not None else ""


@transaction.atomic
def agenda_item_set_subject(*, actor: Any, item: AgendaItem, subject: Any) -> AgendaItem:
    """Tie an agenda item to what it discusses (or untie it with ``None``)."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = {"subject": item.subject_title}
    _set_subject(item, subject)
    item.save(update_fields=["subject_type", "subject_id", "subject_title"])
    audit_update(actor=actor, instance=item, before=before, after={"subject": item.subject_title})
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=item, before=model_snapshot(item))
    item.delete()


@transaction.atomic
def material_add(
    *, actor: Any, event: Event, title: str, phase: str, url: str = "", file: Any = None
) -> Material:
    material = Material(event=event, title=title, phase=phase, url=url)
    if file:
        material.file = file
    if not url and not file:
        raise ValidationError({"url": [_("Укажите ссылку или приложите файл.")]})
    material.full_clean()
    material.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=material,
        after=model_snapshot(material),
        comment=_("Материалы: %(event)s") % {"event": event.title},
    )
    return material


@transaction.atomic
def material_remove(*, actor: Any, material: Material) -> None:
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=material, before=model_snapshot(material)
    )
    material.delete()


# Invitations ---------------------------------------------------------------------------


def _invite(
    *,
    actor: Any,
    event: Event,
    person: Any = None,
    name: str = "",
    email: str = "",
    via_body: Any = None,
    via_stakeholder: Any = None,
) -> Invitation | None:
    if person is not None:
        if Invitation.objects.filter(event=event, person=person).exists():
            return None
        name = name or str(person)
        email = email or person.email
    token, digest = new_token()
    invitation = Invitation(
        event=event,
        person=person,
        name=name,
        email=email,
        via_body=via_body,
        via_stakeholder=via_stakeholder,
        token_hash=digest,
        sent_at=timezone.now() if email else None,
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=invitation,
        after={"name": name, "email": email, "event": event.title},
    )
    if email:
        from .mail import send_invitation

        pk = invitation.pk
        transaction.on_commit(partial(_deliver, send_invitation, invitation_id=pk, token=token))
    invitation.token = token  # type: ignore[attr-defined]  # shown once, never stored
    return invitation


@transaction.atomic
def invite_person(*, actor: Any, event: Event, person: Any) -> Invitation | None:
    """Invite one person; ``None`` when they are already invited."""
    return _invite(actor=actor, event=event, person=person)


@transaction.atomic
def invite_body(*, actor: Any, event: Event, body: Any) -> list[Invitation]:
    """Invite every current member of a body."""
    from zemlyaki.governance.selectors import body_members

    made = []
    for member in body_members(body, current_only=True):
        invitation = _invite(actor=actor, event=event, person=member.person, via_body=body)
        if invitation is not None:
            made.append(invitation)
    return made


@transaction.atomic
def invite_stakeholder(*, actor: Any, event: Event, stakeholder: Any) -> list[Invitation]:
    """Invite the people who represent a stakeholder in any body, or, when nobody does
    yet, the stakeholder's own contact."""
    from zemlyaki.governance.models import BodyMember
    from zemlyaki.governance.services import current_members_q

    people = {
        m.person_id: m.person
        for m in BodyMember.objects.filter(current_members_q(), stakeholder=stakeholder)
        .select_related("person")
        .order_by("person__last_name")
    }
    made = []
    for person in people.values():
        invitation = _invite(actor=actor, event=event, person=person, via_stakeholder=stakeholder)
        if invitation is not None:
            made.append(invitation)
    if not people:
        if not stakeholder.email:
            raise ValidationError(
                {
                    "stakeholder": [
                        _("У субъекта нет ни представителей в органах, ни электронной почты.")
                    ]
                }
            )
        name = stakeholder.contact_person or stakeholder.name
        if not event.invitations.filter(email__iexact=stakeholder.email).exists():
            invitation = _invite(
                actor=actor,
                event=event,
                name=f"{name} ({stakeholder.name})" if stakeholder.contact_person else name,
                email=stakeholder.email,
                via_stakeholder=stakeholder,
            )
            if invitation is not None:
                made.append(invitation)
    return made


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("event", "person")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_reply(*, invitation: Invitation, accept: bool) -> Registration | None:
    """Record the reply; accepting registers the guest (subject to the event's capacity)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    before = {"status": invitation.status}
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["status", "replied_at"])
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        instance=invitation,
        before=before,
        after={"status": invitation.status},
    )
    active = invitation.registrations.exclude(status=RegistrationStatus.CANCELLED).first()
    if accept:
        if active is not None:
            return active
        if not invitation.email:
            raise ValidationError(
                {
                    "email": [
                        _(
                            "В приглашении нет электронной почты: зарегистрируйтесь на странице мероприятия."
                        )
                    ]
                }
            )
        registration, _token = registration_create(
            event=invitation.event,
            name=invitation.name,
            email=invitation.email,
            person=invitation.person,
            invitation=invitation,
        )
        return registration
    if active is not None:
        registration_cancel(registration=active)
    return None


# Registration --------------------------------------------------------------------------


def _rate_limit(key: str) -> None:
    if not key:
        return
    limit = getattr(settings, "ZEMLYAKI_REGISTRATION_RATE_PER_HOUR", 10)
    since = timezone.now() - datetime.timedelta(hours=1)
    if Registration.objects.filter(client_key=key, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _("Слишком много регистраций с одного адреса. Попробуйте через час."),
            code="rate_limited",
        )


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    user: Any = None,
    person: Any = None,
    invitation: Invitation | None = None,
    client_address: str = "",
    notify: bool = True,
    consent_version: str = "",
) -> tuple[Registration, str]:
    """Register for an event: confirmed while places remain, otherwise on the waiting list.

    The event row is locked for the count and the insert, so parallel registrations can
    never take more places than there are. Returns the registration and its personal token.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    key = client_key(client_address)
    errors: dict[str, list[str]] = {}
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        errors["name"] = [_("Укажите имя.")]
    if not email:
        errors["email"] = [_("Укажите электронную почту.")]
    if errors:
        raise ValidationError(errors)
    if event.status != EventStatus.PLANNED or (not event.registration_open and invitation is None):
        raise ValidationError(_("Регистрация на это мероприятие закрыта."), code="closed")
    _rate_limit(key)
    email_key = fold(email)
    if (
        event.registrations.filter(email_key=email_key)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError({"email": [_("С этой почты уже есть регистрация на мероприятие.")]})
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    full = event.capacity is not None and confirmed >= event.capacity
    token, digest = new_token()
    registration = Registration(
        event=event,
        name=name,
        email=email,
        email_key=email_key,
        user=user if getattr(user, "is_authenticated", False) else None,
        person=person,
        invitation=invitation,
        status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
        token_hash=digest,
        client_key=key,
    )
    registration.full_clean(exclude=["token_hash", "email_key", "client_key"])
    registration.save()
    if consent_version:  # the box of the public form (152-FZ): recorded with its text
        consent_record_public(
            purpose=_("Регистрация на мероприятие «%(title)s»") % {"title": event.title},
            source=f"events.registration:{registration.pk}",
            name=name,
            contact=email,
            person=person,
            user=user,
            version=consent_version,
        )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        instance=registration,
        after={"event": event.title, "status": registration.status},
    )
    if notify:
        from .mail import send_registration

        pk = registration.pk
        transaction.on_commit(partial(_deliver, send_registration, registration_id=pk, token=token))
    return registration, token


def registration_by_token(token: str) -> Registration | None:
    return Registration.objects.select_related("event").filter(token_hash=token_hash(token)).first()


def send_promoted_later(registration_id: int) -> None:
    from .mail import send_promoted

    _deliver(send_promoted, registration_id=registration_id)


def _deliver(send: Any, **kwargs: Any) -> None:
    """Send a letter after commit; a mail server failure is logged, the registration stays.

    The personal token exists only in this letter, so it is not handed to a task queue
    (which would store it)."""
    try:
        send(**kwargs)
    except Exception:
        logger.exception("Не удалось отправить письмо (%s)", getattr(send, "__name__", send))


def _promote_waitlist(event: Event, *, actor: Any = None) -> list[Registration]:
    """Move the earliest waiting registrations up while places are free (event locked)."""
    if event.capacity is None:
        free = None
    else:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        free = max(event.capacity - confirmed, 0)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    moved = list(waiting if free is None else waiting[:free])
    for registration in moved:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=registration,
            before={"status": RegistrationStatus.WAITLISTED},
            after={"status": RegistrationStatus.CONFIRMED},
            comment=_("Место освободилось"),
        )
        transaction.on_commit(partial(send_promoted_later, registration.pk))
    return moved


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Any = None) -> Registration:
    """Cancel; the first registration of the waiting list takes the freed place."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=registration,
        before={"status": before},
        after={"status": registration.status},
    )
    _promote_waitlist(event, actor=actor)
    return registration


@transaction.atomic
def attendance_mark(
    *, actor: Any, registration: Registration, attended: bool = True
) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED and attended:
        raise ValidationError(
            _("Отметить можно только подтверждённую регистрацию (сейчас: %(status)s).")
            % {"status": registration.get_status_display()}
        )
    before = registration.attended_at
    registration.attended_at = timezone.now() if attended else None
    registration.save(update_fields=["attended_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=registration,
        before={"attended_at": before},
        after={"attended_at": registration.attended_at},
    )
    return registration


@transaction.atomic
def minutes_update(*, actor: Any, event: Event, minutes: str) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = event.minutes
    event.minutes = minutes
    event.save(update_fields=["minutes", "updated_at"])
    if before != minutes:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=event,
            before={"minutes": before},
            after={"minutes": minutes},
        )
    return event


@transaction.atomic
def reminder_mark_sent(*, event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(reminder_sent_at=timezone.now())


# Decisions -----------------------------------------------------------------------------


def _effect_function(effect: str) -> Any:
    if effect in RECORD_ONLY_EFFECTS:
        return None
    function = decision_effects.get(effect)
    if function is None:
        raise ValidationError(
            {
                "effect": [
                    _(
                        "Действие «%(effect)s» недоступно: ни одно приложение платформы его не выполняет."
                    )
                    % {"effect": DecisionEffect(effect).label}
                ]
            }
        )
    return function


def decision_target(decision: Decision) -> Any:
    if decision.target_content_type_id is None:
        return None
    return decision.target


def _content_type(label: str) -> ContentType | None:
    app_label, _dot, model = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None
    return content_type if content_type.model_class() is not None else None


def _resolve_target(effect: str, target_type: str, target_id: str) -> Any:
    if effect == DecisionEffect.NONE:
        return None
    expected = EFFECT_TARGETS[effect]
    if target_type and target_type != expected:
        raise ValidationError(
            {
                "target_type": [
                    _("Для этого действия объект должен быть вида %(type)s.") % {"type": expected}
                ]
            }
        )
    if not target_id:
        raise ValidationError({"target_id": [_("Укажите объект решения.")]})
    content_type = _content_type(expected)
    if content_type is None:
        raise ValidationError(
            {
                "effect": [
                    _("Действие недоступно: в платформе нет объектов вида %(type)s.")
                    % {"type": expected}
                ]
            }
        )
    target = None
    if target_id.isdigit():
        model = content_type.model_class()
        target = model._default_manager.filter(pk=target_id).first()  # type: ignore[union-attr]
    if target is None:
        raise ValidationError({"target_id": [_("Объект решения не найден.")]})
    return target


def _task_rows(payload: dict[str, Any]) -> list[dict[str, Any]]:
    from zemlyaki.governance.models import Body
    from zemlyaki.people.models import Person

    rows = payload.get("tasks") or []
    if not rows:
        raise ValidationError({"payload": [_("Перечислите задачи плана.")]})
    result = []
    for index, row in enumerate(rows, start=1):
        try:
            due = row["due_date"]
            if isinstance(due, str):
                due = datetime.date.fromisoformat(due)
            item = {
                "number": str(row["number"]),
                "title": str(row["title"]).strip(),
                "due_date": due,
                "owner_body": Body.objects.get(pk=row["owner_body"])
                if row.get("owner_body")
                else None,
                "owner_person": Person.objects.get(pk=row["owner_person"])
                if row.get("owner_person")
                else None,
            }
        except (KeyError, ValueError, TypeError):
            raise ValidationError(
                {
                    "payload": [
                        _("Задача %(n)s: нужны номер, название и срок (ГГГГ-ММ-ДД).") % {"n": index}
                    ]
                }
            )
        except (Body.DoesNotExist, Person.DoesNotExist):
            raise ValidationError(
                {"payload": [_("Задача %(n)s: ответственный не найден.") % {"n": index}]}
            )
        if not item["title"]:
            raise ValidationError({"payload": [_("Задача %(n)s: нет названия.") % {"n": index}]})
        result.append(item)
    return result


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    event: Event,
    text: str,
    present: int,
    votes_for: int,
    votes_against: int = 0,
    votes_abstained: int = 0,
    body: Any = None,
    effect: str = DecisionEffect.NONE,
    target_type: str = "",
    target_id: str = "",
    payload: dict[str, Any] | None = None,
) -> Decision:
    """Record a decision of the event and, when it is adopted, carry out its effect.

    Without a quorum of the deciding body (the event's organiser unless another is
    named) the decision is refused with the reason and nothing is written. The effect —
    approving a plan, creating plan tasks, approving a strategy document — runs through
    the owning app's service inside this same transaction.
    """
    from zemlyaki.governance.services import quorum_check

    event = Event.objects.select_for_update().get(pk=event.pk)
    body = body or event.organiser
    payload = dict(payload or {})
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Введите текст решения.")]
    if body is None:
        errors["body"] = [_("Укажите орган, который принимает решение (для проверки кворума).")]
    if effect not in DecisionEffect.values:
        errors["effect"] = [_("Неизвестное действие.")]
    counts = {
        "present": present,
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstained": votes_abstained,
    }
    for field, value in counts.items():
        if value is None or value < 0:
            errors[field] = [_("Нужно неотрицательное число.")]
    if not errors and votes_for + votes_against + votes_abstained > present:
        errors["present"] = [_("Проголосовало больше, чем присутствовало.")]
    if errors:
        raise ValidationError(errors)
    ok, reason = quorum_check(body=body, present=present)
    if not ok:
        raise ValidationError({"present": [reason]}, code="no_quorum")
    target = _resolve_target(effect, target_type, str(target_id or ""))
    function = _effect_function(effect) if effect != DecisionEffect.NONE else None
    tasks = _task_rows(payload) if effect == DecisionEffect.CREATE_TASKS else []
    if effect == DecisionEffect.SECTION_POSITION and not str(payload.get("position", "")).strip():
        raise ValidationError({"payload": [_("Запишите согласованную позицию.")]})
    number = (event.decisions.aggregate(m=Max("number"))["m"] or 0) + 1
    decision = Decision(
        event=event,
        number=number,
        text=text.strip(),
        body=body,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        quorum_note=reason[:300],
        adopted=votes_for * 2 > present,
        effect=effect,
        target=target,
        payload=payload,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=decision,
        after=model_snapshot(decision),
        comment=reason[:255],
    )
    if decision.adopted and function is not None:
        try:
            if effect == DecisionEffect.CREATE_TASKS:
                created = [function(actor=actor, plan=target, **task) for task in tasks]
                decision.payload = {
                    **payload,
                    "created_task_ids": [getattr(t, "pk", None) for t in created],
                }
                decision.save(update_fields=["payload"])
            elif effect == DecisionEffect.APPROVE_PLAN:
                function(plan=target, actor=actor, decision=decision)
            elif effect == DecisionEffect.APPROVE_DOCUMENT:
                function(document=target, actor=actor, decision=decision)
        except ValidationError:
            raise
        except Exception as exc:
            # A refusal of the target app's workflow (e.g. a section not yet agreed)
            # refuses the whole decision with its message; anything else is a bug.
            if type(exc).__module__ != function.__module__:
                raise
            raise ValidationError({"effect": [str(exc)]}) from exc
    return decision
