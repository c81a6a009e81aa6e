"""How to build a valid request for each operation of the role × operation matrix.

A path parameter is filled from the segment before it (``/plans/{plan_id}`` → the world's
plan) through ``SEGMENTS``; an operation needs an entry in ``RECIPES`` only for a body, a
query, a file or another object than the default. A recipe is ``R(...)`` with functions of
the world (``tests/api/matrix_world.py``):

    "POST /api/v1/plans": R(body=lambda w: {"title": "Новый план"}),
    "POST /api/v1/people/imports/{import_id}/undo": R(path={"import_id": lambda w: w.applied.pk}),

A row ``METHOD /path@variant`` runs the same operation on another object (a private event,
another association's report); its recipe names only what differs from the operation's.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.people.factories import csv_bytes

World = Any
Fn = Callable[[World], Any]

# the segment before a path parameter → the world's object (its pk unless said otherwise)
SEGMENTS: dict[str, Fn] = {
    "associations": lambda w: w.a.slug,
    "people": lambda w: w.person.pk,
    "imports": lambda w: w.preview.pk,
    "surveys": lambda w: w.survey.pk,
    "reports": lambda w: w.report.pk,
    "bodies": lambda w: w.working.pk,
    "members": lambda w: w.removable.pk,
    "plans": lambda w: w.plan.pk,
    "tasks": lambda w: w.task.pk,
    "events": lambda w: w.event.pk,
    "directions": lambda w: w.direction.pk,
    "programs": lambda w: w.program.pk,
    "pledges": lambda w: w.pledge.pk,
    "stakeholders": lambda w: w.stakeholder.pk,
    "documents": lambda w: w.document.pk,
    "sections": lambda w: w.review.pk,
    "amendments": lambda w: w.amendment.pk,
    "versions": lambda w: w.version.pk,
    "assessments": lambda w: w.assessment.pk,
    "criteria": lambda w: w.criterion.pk,
    "campaigns": lambda w: w.year,
    "indicators": lambda w: w.indicator.pk,
    "measurements": lambda w: w.measurement.pk,
    "regions": lambda w: "68",
    "spaces": lambda w: w.space.pk,
    "threads": lambda w: w.thread.pk,
    "files": lambda w: w.file.pk,
}


@dataclass
class R:
    body: Fn | None = None  # JSON body
    form: Fn | None = None  # multipart body (files as SimpleUploadedFile)
    query: Fn | None = None
    path: dict[str, Fn] = field(default_factory=dict)  # a parameter's own object


def _upload(name: str = "b.txt", data: bytes = b"new content") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _later(w: World, days: int = 40) -> str:
    return (w.today + datetime.timedelta(days=days)).isoformat()


def _starts(w: World) -> str:
    return f"{_later(w, 20)}T18:00:00+03:00"


_CSV = [["Фамилия", "Имя", "Эл. почта"], ["Новикова", "Вера", "v@example.org"]]
_DRAFT = {"pk": lambda w: w.draft.pk}
_LAST = {"pk": lambda w: w.last.pk}

RECIPES: dict[str, R] = {
    "POST /api/v1/associations": R(body=lambda w: {"name": "Орловское", "regions": ["57"]}),
    "PATCH /api/v1/associations/{slug}": R(body=lambda w: {"description": "Новое описание."}),
    "POST /api/v1/stakeholders": R(body=lambda w: {"kind": "business", "name": "Фонд «Новый»"}),
    "POST /api/v1/people/imports": R(
        form=lambda w: {"file": _upload("list.csv", csv_bytes(_CSV)), "association": w.a.slug}
    ),
    "POST /api/v1/people/imports/{import_id}/commit": R(body=lambda w: {"on_match": "skip"}),
    "POST /api/v1/people/imports/{import_id}/undo": R(path={"import_id": lambda w: w.applied.pk}),
    "POST /api/v1/people/{person_id}/invitation": R(body=lambda w: {"email": "o@example.org"}),
    "DELETE /api/v1/people/{person_id}/invitation": R(path={"person_id": lambda w: w.invited.pk}),
    "PUT /api/v1/people/{person_id}/user": R(body=lambda w: {"username": w.login.username}),
    "DELETE /api/v1/people/{person_id}/user": R(path={"person_id": lambda w: w.linked.pk}),
    "POST /api/v1/me/erasure-request": R(body=lambda w: {"comment": "Прошу удалить."}),
    "POST /api/v1/surveys/{survey_id}/responses": R(
        body=lambda w: {"answers": {str(w.question.pk): "Анна"}, "consent": True}
    ),
    "GET /api/v1/reports/search": R(query=lambda w: {"q": "абзац"}),
    "POST /api/v1/reports": R(
        form=lambda w: {"association": w.a.slug, "year": w.year - 2, "text": "Отчёт за год."}
    ),
    "POST /api/v1/bodies": R(body=lambda w: {"kind": "working_group", "name": "Новая группа"}),
    "PATCH /api/v1/bodies/{body_id}": R(body=lambda w: {"mandate": "Новые задачи."}),
    "POST /api/v1/bodies/{body_id}/members": R(body=lambda w: {"person": w.stranger.pk}),
    "POST /api/v1/plans": R(body=lambda w: {"title": "Новый план"}),
    "POST /api/v1/plans/{plan_id}/tasks": R(body=lambda w: {"number": "2", "title": "Второе"}),
    "PATCH /api/v1/tasks/{task_id}": R(body=lambda w: {"title": "Первое, уточнённое"}),
    "POST /api/v1/events": R(
        body=lambda w: {"kind": "round_table", "title": "Новый стол", "starts_at": _starts(w)}
    ),
    "POST /api/v1/events/{event_id}/registrations": R(
        body=lambda w: {"name": "Гость Гостев", "email": "guest@example.org", "consent": True}
    ),
    "POST /api/v1/events/{event_id}/decisions": R(
        body=lambda w: {"text": "Принять к сведению.", "present": 2, "votes_for": 2}
    ),
    "POST /api/v1/directions": R(body=lambda w: {"code": "2", "name": "Спорт"}),
    "POST /api/v1/programs": R(
        body=lambda w: {
            "title": "Новая программа",
            "association": w.a.pk,
            "start": "2025-01-01",
            "end": "2026-12-31",
        }
    ),
    "PATCH /api/v1/programs/{program_id}": R(body=lambda w: {"goals": "Уточнённые цели."}),
    "DELETE /api/v1/programs/{program_id}": R(path={"program_id": lambda w: w.bare.pk}),
    "POST /api/v1/programs/{program_id}/needs": R(
        body=lambda w: {"kind": "premises", "quantity": "100", "unit": "sqm"}
    ),
    "POST /api/v1/pledges": R(
        body=lambda w: {
            "program": w.program.pk,
            "need": w.need.pk,
            "stakeholder": w.stakeholder.pk,
            "quantity": "300",
            "unit": "rub",
        }
    ),
    "POST /api/v1/pledges/{pledge_id}/transition": R(body=lambda w: {"to": "confirmed"}),
    "POST /api/v1/stakeholders/{stakeholder_id}/representatives": R(
        body=lambda w: {"person": w.stranger.pk}
    ),
    "PUT /api/v1/sections/{pk}": R(
        path=_DRAFT,
        body=lambda w: {"text": "Новый текст.", "base_revision": w.draft.current_revision_id},
    ),
    "POST /api/v1/sections/{pk}/comments": R(body=lambda w: {"text": "Замечание."}),
    "POST /api/v1/sections/{pk}/amendments": R(
        body=lambda w: {"paragraph": 1, "proposed": "Иначе.", "justification": "Точнее."}
    ),
    "POST /api/v1/amendments/{pk}/reject": R(body=lambda w: {"reason": "Не подходит."}),
    "POST /api/v1/sections/{pk}/transition": R(path=_DRAFT, body=lambda w: {"to": "review"}),
    "POST /api/v1/sections/{pk}/positions": R(body=lambda w: {"stance": "agree"}),
    "POST /api/v1/documents/{pk}/outline/sections": R(body=lambda w: {"title": "Новый раздел"}),
    "PATCH /api/v1/outline/sections/{pk}": R(path=_LAST, body=lambda w: {"title": "Иначе"}),
    "DELETE /api/v1/outline/sections/{pk}": R(path=_LAST),
    "PUT /api/v1/documents/{pk}/outline/order": R(body=lambda w: {"order": w.order[::-1]}),
    "POST /api/v1/assessments": R(body=lambda w: {"association": w.a.pk, "year": w.year - 3}),
    "PATCH /api/v1/assessments/{assessment_id}": R(
        body=lambda w: {"answers": [{"criterion": w.criterion.pk, "value": True}]}
    ),
    "POST /api/v1/assessments/{assessment_id}/submit": R(
        path={"assessment_id": lambda w: w.complete.pk}
    ),
    "POST /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/review": R(
        path={"assessment_id": lambda w: w.submitted.pk},
        body=lambda w: {"decision": "accepted", "revision": w.submitted_revision},
    ),
    "GET /api/v1/standard/ranking": R(query=lambda w: {"year": w.year}),
    "POST /api/v1/standard/campaigns": R(
        body=lambda w: {"year": w.year + 1, "deadline": _later(w, 400)}
    ),
    "POST /api/v1/standard/campaigns/{year}/extensions": R(
        body=lambda w: {"association": w.a.pk, "deadline": _later(w)}
    ),
    "POST /api/v1/standard/campaigns/{year}/publish": R(body=lambda w: {"published": True}),
    "POST /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/evidence": R(
        body=lambda w: {"url": "https://example.org/ustav"}
    ),
    "POST /api/v1/indicators/{indicator_id}/measurements": R(
        body=lambda w: {"value": "12", "period": 2026, "evidence": "https://example.org/a"}
    ),
    "POST /api/v1/measurements/{measurement_id}/review": R(body=lambda w: {"decision": "accepted"}),
    "POST /api/v1/questions": R(
        body=lambda w: {"name": "Анна", "email": "anna@example.org", "text": "Как вступить?"}
    ),
    "POST /api/v1/spaces/{space_id}/threads": R(body=lambda w: {"title": "Тема", "text": "Т."}),
    "POST /api/v1/threads/{thread_id}/posts": R(body=lambda w: {"text": "Ответ."}),
    # variants: the same operation on another object (a row "METHOD /path@variant")
    "GET /api/v1/events/{event_id}@private": R(path={"event_id": lambda w: w.private.pk}),
    "POST /api/v1/events/{event_id}/registrations@private": R(
        path={"event_id": lambda w: w.private.pk}
    ),
    "GET /api/v1/surveys/{survey_id}@draft": R(path={"survey_id": lambda w: w.draft_survey.pk}),
    "POST /api/v1/surveys/{survey_id}/responses@draft": R(
        path={"survey_id": lambda w: w.draft_survey.pk},
        body=lambda w: {"answers": {str(w.draft_question.pk): "Анна"}, "consent": True},
    ),
    "GET /api/v1/threads/{thread_id}/posts@public": R(path={"thread_id": lambda w: w.open.pk}),
    "POST /api/v1/threads/{thread_id}/posts@public": R(path={"thread_id": lambda w: w.open.pk}),
    "GET /api/v1/spaces/{space_id}/threads@other": R(path={"space_id": lambda w: w.other_space.pk}),
    "PATCH /api/v1/associations/{slug}@other": R(path={"slug": lambda w: w.b.slug}),
    "GET /api/v1/people/{person_id}@other": R(path={"person_id": lambda w: w.person_b.pk}),
    "GET /api/v1/reports/{report_id}@other": R(path={"report_id": lambda w: w.report_b.pk}),
    "GET /api/v1/assessments/{assessment_id}@other": R(
        path={"assessment_id": lambda w: w.assessment_b.pk}
    ),
    "POST /api/v1/spaces/{space_id}/files": R(form=lambda w: {"file": _upload("b.txt")}),
    "POST /api/v1/files/{file_id}/versions": R(form=lambda w: {"file": _upload("a.txt")}),
}


def _more() -> None:
    """The parts of the table kept in their own modules (tests/api/matrix_more_*.py)."""
    from tests.api import matrix_more_a, matrix_more_b, matrix_more_c

    for module in (matrix_more_a, matrix_more_b, matrix_more_c):
        # a name given twice would fill one part's paths with another part's object
        clash = (SEGMENTS.keys() & module.SEGMENTS.keys()) | (
            RECIPES.keys() & module.RECIPES.keys()
        )
        assert not clash, f"{module.__name__} gives again: {sorted(clash)}"
        SEGMENTS.update(module.SEGMENTS)
        RECIPES.update(module.RECIPES)


def request_for(operation: str, w: World) -> tuple[str, str, dict[str, Any]]:
    """The method, the full path and the client's keyword arguments for ``operation``
    (``"METHOD /path"``, or ``"METHOD /path@variant"`` for the same call on another object)."""
    base = operation.partition("@")[0]
    method, template = base.split(" ", 1)
    recipe = RECIPES.get(base, R())
    if operation != base:  # a variant overrides what it names
        variant = RECIPES.get(operation, R())
        recipe = R(
            body=variant.body or recipe.body,
            form=variant.form or recipe.form,
            query=variant.query or recipe.query,
            path={**recipe.path, **variant.path},
        )
    parts = template.split("/")
    for index, part in enumerate(parts):
        if part.startswith("{"):
            name = part.strip("{}")
            fill = recipe.path.get(name) or SEGMENTS.get(parts[index - 1])
            assert fill, f"{operation}: add SEGMENTS[{parts[index - 1]!r}] or a recipe path"
            parts[index] = str(fill(w))
    kwargs: dict[str, Any] = {}
    if recipe.form is not None:
        kwargs["data"] = recipe.form(w)
    elif recipe.body is not None or method in ("POST", "PUT", "PATCH"):
        kwargs["data"] = recipe.body(w) if recipe.body else {}
        kwargs["content_type"] = "application/json"
    if recipe.query is not None:
        kwargs["query_params"] = recipe.query(w)
    return method, "/".join(parts), kwargs


_more()
