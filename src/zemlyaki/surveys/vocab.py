"""The people vocabularies (competencies, public interests) as options of pickers."""

from typing import Any

from .models import QuestionType


def _model(kind: str) -> Any:
    from zemlyaki.people import models as people_models

    name = "Competency" if kind == QuestionType.COMPETENCIES else "Interest"
    return getattr(people_models, name, None)


def vocabulary_terms(kind: str) -> list[tuple[int, str, str]]:
    """(id, title, sphere) of the approved terms of a vocabulary, spheres first."""
    model = _model(kind)
    if model is None:
        return []
    terms = model.objects.filter(is_approved=True).select_related("parent")
    result = []
    for term in terms:
        sphere = term.parent.name if term.parent_id else ""
        result.append((term.pk, term.name, sphere))
    result.sort(key=lambda t: (t[2] or t[1], t[2] != "", t[1]))
    return result


def vocabulary_map(kind: str) -> dict[int, str]:
    return {pk: title for pk, title, _sphere in vocabulary_terms(kind)}


def vocabulary_names(kind: str, ids: list[int]) -> list[str]:
    model = _model(kind)
    if model is None or not ids:
        return []
    names = dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [names[i] for i in ids if i in names]
