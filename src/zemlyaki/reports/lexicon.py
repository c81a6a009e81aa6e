"""The lexicon of the analysis: directions of activity and the phrases that mark them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot

from . import lexicon_seed
from .analysis import Lexicon, Phrase, phrase_lemmas
from .models import ActivityDirection, LexiconEntry, LexiconKind, LexiconSource


def lexicon_ensure() -> None:
    """Install the starting lexicon when it has no direction words yet (first run, flushed
    DB); the directions themselves may already be in the shared catalogue."""
    if LexiconEntry.objects.filter(kind=LexiconKind.DIRECTION).exists():
        return
    with transaction.atomic():
        entries = []
        for order, (code, name, phrases) in enumerate(lexicon_seed.DIRECTIONS, start=1):
            direction, _created = ActivityDirection.objects.get_or_create(
                code=code, defaults={"name": name, "order": order}
            )
            for phrase in phrases:
                entries.append(
                    LexiconEntry(
                        kind=LexiconKind.DIRECTION,
                        direction=direction,
                        phrase=phrase,
                        lemmas=" ".join(phrase_lemmas(phrase)),
                        source=LexiconSource.SEED,
                    )
                )
        for kind, phrases in (
            (LexiconKind.ACHIEVEMENT, lexicon_seed.ACHIEVEMENT),
            (LexiconKind.FAILURE, lexicon_seed.FAILURE),
        ):
            for phrase in phrases:
                entries.append(
                    LexiconEntry(
                        kind=kind,
                        phrase=phrase,
                        lemmas=" ".join(phrase_lemmas(phrase)),
                        source=LexiconSource.SEED,
                    )
                )
        LexiconEntry.objects.bulk_create(entries, ignore_conflicts=True)


def lexicon_load() -> Lexicon:
    lexicon_ensure()
    directions = {d.code: d.name for d in ActivityDirection.objects.order_by("order", "name")}
    phrases = [
        Phrase(
            kind=e.kind,
            direction=e.direction.code if e.direction else "",
            lemmas=tuple(e.lemmas.split()),
            text=e.phrase,
            exclusion=e.is_exclusion,
        )
        for e in LexiconEntry.objects.select_related("direction")
    ]
    return Lexicon.build(directions, phrases)


def _entry_clean(entry: LexiconEntry) -> None:
    entry.phrase = " ".join(entry.phrase.split())
    entry.lemmas = " ".join(phrase_lemmas(entry.phrase))
    errors: dict[str, list[str]] = {}
    if not entry.lemmas:
        errors["phrase"] = [_("Введите слово или фразу из русских слов.")]
    if entry.kind == LexiconKind.DIRECTION and entry.direction_id is None:
        errors["direction"] = [_("Укажите направление.")]
    if entry.kind != LexiconKind.DIRECTION:
        entry.direction = None
    duplicate = LexiconEntry.objects.filter(
        kind=entry.kind,
        direction_id=entry.direction_id,  # type: ignore[misc]  # a foreign key id as a lookup
        lemmas=entry.lemmas,
        is_exclusion=entry.is_exclusion,
    ).exclude(pk=entry.pk)
    if entry.lemmas and duplicate.exists():
        errors["phrase"] = [_("Такая фраза уже есть в словаре.")]
    if errors:
        raise ValidationError(errors)
    entry.full_clean()


@transaction.atomic
def lexicon_entry_create(
    *,
    actor: Actor | None,
    kind: str,
    phrase: str,
    direction: ActivityDirection | None = None,
    is_exclusion: bool = False,
    source: str = LexiconSource.MANUAL,
) -> LexiconEntry:
    entry = LexiconEntry(
        kind=kind,
        direction=direction,
        phrase=phrase,
        is_exclusion=is_exclusion,
        source=source,
        created_by=acting_user(actor),
    )
    _entry_clean(entry)
    entry.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=entry, after=model_snapshot(entry)
    )
    return entry


@transaction.atomic
def lexicon_entry_update(
    *,
    actor: Actor | None,
    entry: LexiconEntry,
    phrase: str,
    direction: ActivityDirection | None = None,
    is_exclusion: bool = False,
) -> LexiconEntry:
    entry = LexiconEntry.objects.select_for_update().get(pk=entry.pk)
    before = model_snapshot(entry)
    entry.phrase = phrase
    entry.direction = direction
    entry.is_exclusion = is_exclusion
    _entry_clean(entry)
    entry.save()
    after = model_snapshot(entry)
    if after != before:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, instance=entry, before=before, after=after
        )
    return entry


@transaction.atomic
def lexicon_entry_delete(*, actor: Actor | None, entry: LexiconEntry) -> None:
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=entry, before=model_snapshot(entry)
    )
    entry.delete()
