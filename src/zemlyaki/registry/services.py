"""Writes of the registry: associations and stakeholders, each with its audit record."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.blobs import delete_with_files
from zemlyaki.core.errors import Conflict
from zemlyaki.core.models import Region
from zemlyaki.core.services import AuditAction, audit_record, audit_update, model_snapshot
from zemlyaki.core.services import check_fields as _check_fields
from zemlyaki.core.text import search_document, slugify_ru

from .models import Association, Stakeholder

ASSOCIATION_FIELDS = {
    "name", "short_name", "slug", "legal_form", "ogrn", "inn", "founded_year", "address",
    "phone", "email", "website", "social_links", "description", "status", "logo", "is_demo",
}  # fmt: skip
STAKEHOLDER_FIELDS = {
    "kind", "name", "contact_person", "phone", "email", "website", "association",
    "description", "is_demo",
}  # fmt: skip


def _unique_slug(base: str, exclude_pk: int | None = None) -> str:
    base = base or "zemlyachestvo"
    slug, n = base, 2
    qs = Association.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base[:75]}-{n}"
        n += 1
    return slug


def _association_search_text(association: Association, regions: Iterable[Region]) -> str:
    return search_document(
        association.name,
        association.short_name,
        " ".join(r.name for r in regions),
    )


@transaction.atomic
def association_create(
    *, actor: Actor | None, regions: Iterable[Region] = (), **fields: Any
) -> Association:
    _check_fields(fields, ASSOCIATION_FIELDS)
    regions = list(regions)
    association = Association(**fields)
    if not association.slug:
        association.slug = _unique_slug(slugify_ru(association.short_name or association.name))
    errors: dict[str, list[str]] = {}
    try:
        association.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not regions:
        errors.setdefault("regions", []).append(_("Укажите хотя бы один субъект РФ."))
    if errors:
        raise ValidationError(errors)
    association.search_text = _association_search_text(association, regions)
    association.save()
    association.regions.set(regions)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=association,
        after=model_snapshot(association),
    )
    return association


@transaction.atomic
def association_update(
    *,
    actor: Actor | None,
    association: Association,
    regions: Iterable[Region] | None = None,
    **fields: Any,
) -> Association:
    _check_fields(fields, ASSOCIATION_FIELDS)
    association = Association.objects.select_for_update().get(pk=association.pk)
    before = model_snapshot(association)
    for name, value in fields.items():
        setattr(association, name, value)
    if "slug" in fields and not association.slug:
        association.slug = _unique_slug(
            slugify_ru(association.short_name or association.name), association.pk
        )
    errors: dict[str, list[str]] = {}
    try:
        association.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    new_regions = list(regions) if regions is not None else list(association.regions.all())
    if not new_regions:
        errors.setdefault("regions", []).append(_("Укажите хотя бы один субъект РФ."))
    if errors:
        raise ValidationError(errors)
    association.search_text = _association_search_text(association, new_regions)
    association.save()
    if regions is not None:
        association.regions.set(new_regions)
    after = model_snapshot(association)
    audit_update(actor=actor, instance=association, before=before, after=after)
    return association


@transaction.atomic
def association_delete(*, actor: Actor | None, association: Association) -> None:
    before = model_snapshot(association)
    audit_record(actor=actor, action=AuditAction.DELETE, instance=association, before=before)
    try:
        # Its member lists, news illustrations and logo go from storage with their rows.
        delete_with_files(association)
    except (ProtectedError, RestrictedError) as error:
        # Programs and annual reports keep their association: the deletion is refused
        # (and the audit entry above is rolled back with it).
        raise Conflict(
            _(
                "У землячества есть программы или годовые отчёты: "
                "сначала удалите их или передайте другому землячеству."
            )
        ) from error


@transaction.atomic
def association_set_leaders(
    *, actor: Actor | None, association: Association, users: Iterable[Any]
) -> None:
    before = sorted(u.get_username() for u in association.leaders.all())
    users = list(users)
    association.leaders.set(users)
    after = sorted(u.get_username() for u in users)
    if before != after:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=association,
            before={"leaders": before},
            after={"leaders": after},
        )


@transaction.atomic
def association_add_leader(*, actor: Actor | None, association: Association, user: Any) -> None:
    association_set_leaders(
        actor=actor, association=association, users=[*association.leaders.all(), user]
    )


def _stakeholder_search_text(stakeholder: Stakeholder, regions: Iterable[Region]) -> str:
    return search_document(
        stakeholder.name, stakeholder.description, " ".join(r.name for r in regions)
    )


@transaction.atomic
def stakeholder_create(
    *, actor: Actor | None, regions: Iterable[Region] = (), **fields: Any
) -> Stakeholder:
    _check_fields(fields, STAKEHOLDER_FIELDS)
    regions = list(regions)
    stakeholder = Stakeholder(**fields)
    stakeholder.full_clean()
    stakeholder.search_text = _stakeholder_search_text(stakeholder, regions)
    stakeholder.save()
    stakeholder.regions.set(regions)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=stakeholder,
        after=model_snapshot(stakeholder),
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *,
    actor: Actor | None,
    stakeholder: Stakeholder,
    regions: Iterable[Region] | None = None,
    **fields: Any,
) -> Stakeholder:
    _check_fields(fields, STAKEHOLDER_FIELDS)
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    before = model_snapshot(stakeholder)
    for name, value in fields.items():
        setattr(stakeholder, name, value)
    stakeholder.full_clean()
    new_regions = list(regions) if regions is not None else list(stakeholder.regions.all())
    stakeholder.search_text = _stakeholder_search_text(stakeholder, new_regions)
    stakeholder.save()
    if regions is not None:
        stakeholder.regions.set(new_regions)
    after = model_snapshot(stakeholder)
    audit_update(actor=actor, instance=stakeholder, before=before, after=after)
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, actor: Actor | None, stakeholder: Stakeholder) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=stakeholder,
        before=model_snapshot(stakeholder),
    )
    stakeholder.delete()
