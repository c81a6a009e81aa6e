"""Writes of the vocabularies (competences, interests and the like): terms and merges."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.text import fold

from ..models import (
    Competency,
    Interest,
    Person,
    VocabularyTerm,
)
from ..normalize import clean_name
from .texts import _refresh_texts, phrase_key, term_keys

# ---------------------------------------------------------------- vocabularies


def term_model(kind: str) -> Any:
    if kind in {"competency", "competencies"}:
        return Competency
    if kind in {"interest", "interests"}:
        return Interest
    raise ValueError(kind)


class TermResolver:
    """Finds vocabulary terms by name or synonym; creates free-text additions for the rest.

    Loads the whole vocabulary once, so an import of many rows asks the database once."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.by_key: dict[str, Any] = {}
        self.created: list[Any] = []
        # The term each name given so far resolved to: a list repeats its names.
        self.by_name: dict[str, Any] = {}
        for term in model.objects.order_by("-is_approved", "pk"):
            for key in term.search_text.strip("|").split("|"):
                if key:
                    self.by_key.setdefault(key, term)
            self.by_key.setdefault(term.folded_name, term)

    def resolve(self, items: Iterable[Any]) -> list[Any]:
        result: dict[int, Any] = {}
        for item in items:
            if isinstance(item, VocabularyTerm):
                result[item.pk] = item
                continue
            if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
                term = self.model.objects.filter(pk=int(item)).first()
                if term is None:
                    raise ValidationError(
                        _("Нет такой записи словаря: %(id)s.") % {"id": item}, code="term"
                    )
                result[term.pk] = term
                continue
            if isinstance(item, str) and item in self.by_name:
                term = self.by_name[item]
                result[term.pk] = term
                continue
            name = clean_name(item)[:150]
            if not name:
                continue
            key = phrase_key(name) or fold(name)
            term = self.by_key.get(key) or self.by_key.get(fold(name))
            if term is None:
                term = self.model.objects.create(
                    name=name,
                    is_approved=False,
                    folded_name=fold(name),
                    search_text=term_keys(name, ""),
                )
                self.created.append(term)
                self.by_key[key] = term
                self.by_key[fold(name)] = term
            if isinstance(item, str):
                self.by_name[item] = term
            result[term.pk] = term
        return list(result.values())


def _vocabulary_changed() -> None:
    from ..selectors import forget_vocabulary

    transaction.on_commit(forget_vocabulary)
    forget_vocabulary()


def _term_clean(term: Any) -> None:
    term.name = clean_name(term.name)
    term.folded_name = fold(term.name)
    term.search_text = term_keys(term.name, term.synonyms)
    term.full_clean()
    if term.parent_id and term.parent.parent_id:
        raise ValidationError({"parent": _("Сферой может быть только запись верхнего уровня.")})
    clash = type(term).objects.filter(folded_name=term.folded_name, parent=term.parent_id)
    if term.pk:
        clash = clash.exclude(pk=term.pk)
    if clash.exists():
        raise ValidationError({"name": _("Такая запись в этой сфере уже есть.")})


@transaction.atomic
def term_create(
    *, actor: Actor | None, kind: str, name: str, parent: Any = None, synonyms: str = ""
) -> Any:
    model = term_model(kind)
    term = model(name=name, parent=parent, synonyms=synonyms, is_approved=True)
    _term_clean(term)
    term.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=term, after=model_snapshot(term))
    _vocabulary_changed()
    return term


@transaction.atomic
def term_update(*, actor: Actor | None, term: Any, **fields: Any) -> Any:
    unknown = set(fields) - {"name", "parent", "synonyms", "is_approved"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    term = type(term).objects.select_for_update().get(pk=term.pk)
    before = model_snapshot(term)
    old_name = term.name
    for key, value in fields.items():
        setattr(term, key, value)
    _term_clean(term)
    term.save()
    _vocabulary_changed()
    if term.name != old_name:
        relation = "competencies" if type(term) is Competency else "interests"
        for person in Person.objects.filter(**{relation: term}):
            _refresh_texts(person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=term,
        before=before,
        after=model_snapshot(term),
    )
    return term


@transaction.atomic
def term_merge(*, actor: Actor | None, source: Any, target: Any) -> Any:
    """Merge a (usually free-text) term into another: people keep it under the target's
    name, and the source's name becomes the target's synonym."""
    model = type(source)
    if type(target) is not model or source.pk == target.pk:
        raise ValidationError({"target": _("Выберите другую запись того же словаря.")})
    if model.objects.filter(parent=source).exists():
        raise ValidationError({"source": _("Нельзя объединить сферу, в которой есть записи.")})
    relation = "competencies" if model is Competency else "interests"
    persons = list(Person.objects.filter(**{f"{relation}": source}))
    for person in persons:
        getattr(person, relation).add(target)
        getattr(person, relation).remove(source)
    synonyms = target.synonym_list()
    if fold(source.name) not in {fold(s) for s in synonyms} and fold(source.name) != fold(
        target.name
    ):
        synonyms.append(source.name)
    before = model_snapshot(target)
    target.synonyms = ", ".join(synonyms)[:500]
    _term_clean(target)
    target.save()
    _vocabulary_changed()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=source,
        before=model_snapshot(source),
        comment=_("объединено с «%(name)s»") % {"name": target.name},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=target,
        before=before,
        after=model_snapshot(target),
    )
    source.delete()
    for person in persons:
        _refresh_texts(person)
    return target


@transaction.atomic
def term_delete(*, actor: Actor | None, term: Any) -> None:
    if type(term).objects.filter(parent=term).exists() or term.persons.exists():  # type: ignore[attr-defined]
        raise ValidationError(
            _("Запись используется: сначала объедините её с другой или уберите вложенные.")
        )
    audit_record(actor=actor, action=AuditAction.DELETE, instance=term, before=model_snapshot(term))
    term.delete()
    _vocabulary_changed()
