"""Rows of the role × operation matrix for operations added later (part b): their recipes,
path segments and the extra objects of the world they need. Read like matrix_recipes.py;
``extend(w)`` adds objects to the world after it is built."""

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.matrix_recipes import R, World
from tests.plan.factories import make_plan
from tests.registry.factories import make_association
from tests.surveys.factories import make_question, make_survey
from zemlyaki.directions.services import direction_create
from zemlyaki.plan.services import task_add_result
from zemlyaki.programs.services import representative_add
from zemlyaki.reports.models import LexiconEntry, ReportFinding
from zemlyaki.surveys.models import Invitation, ProfileChange, Response, ResponseStatus

SEGMENTS: dict[str, Any] = {
    "questions": lambda w: w.question.pk,
    "profile-changes": lambda w: w.change.pk,
    "lexicon": lambda w: w.entry.pk,
    "findings": lambda w: w.finding.pk,
    "task-results": lambda w: w.result.pk,
    "representatives": lambda w: w.representative.pk,
}

_PLAN_TEXT = "1. Сформировать рабочую группу - 15.10.2023;\n2. Провести сессию - 01.03.2024;\n"


def _zip() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("otchet.txt", "Отчёт землячества за год.\n\nПровели встречу.\n")
    return SimpleUploadedFile("reports.zip", buffer.getvalue(), "application/zip")


_PERSONAL = {"survey_id": lambda w: w.personal.pk}

RECIPES: dict[str, R] = {
    "DELETE /api/v1/associations/{slug}": R(path={"slug": lambda w: w.spare.slug}),
    "PUT /api/v1/associations/{slug}/publication": R(body=lambda w: {"show_website": True}),
    "PATCH /api/v1/stakeholders/{stakeholder_id}": R(body=lambda w: {"name": "Фонд «Края»"}),
    "POST /api/v1/surveys": R(body=lambda w: {"title": "Новая анкета", "association": w.a.slug}),
    "PATCH /api/v1/surveys/{survey_id}": R(body=lambda w: {"title": "Анкета, уточнённая"}),
    "POST /api/v1/survey-templates": R(body=lambda w: {"association": w.a.slug}),
    "POST /api/v1/surveys/{survey_id}/questions": R(
        body=lambda w: {"type": "short_text", "title": "Откуда вы?"}
    ),
    "PATCH /api/v1/surveys/{survey_id}/questions/{question_id}": R(
        body=lambda w: {"title": "Как вас зовут полностью?"}
    ),
    "POST /api/v1/surveys/{survey_id}/questions/{question_id}/move": R(
        body=lambda w: {"direction": "down"}
    ),
    "POST /api/v1/surveys/{survey_id}/invitations": R(
        path=_PERSONAL, body=lambda w: {"source": "association", "association": w.a.slug}
    ),
    "POST /api/v1/surveys/{survey_id}/reminders": R(path=_PERSONAL),
    "POST /api/v1/profile-changes/{change_id}/decision": R(
        body=lambda w: {"decision": "reject", "note": "Не подтверждено."}
    ),
    "POST /api/v1/reports/batches": R(form=lambda w: {"file": _zip(), "association": w.a.slug}),
    "POST /api/v1/lexicon": R(
        body=lambda w: {"kind": "achievement", "phrase": "провели фестиваль"}
    ),
    "PUT /api/v1/lexicon/{entry_id}": R(body=lambda w: {"phrase": "провели большой форум"}),
    "POST /api/v1/findings/{finding_id}/review": R(body=lambda w: {"verdict": "confirmed"}),
    "PATCH /api/v1/plans/{plan_id}": R(body=lambda w: {"title": "План работ, уточнённый"}),
    "DELETE /api/v1/plans/{plan_id}": R(path={"plan_id": lambda w: w.empty_plan.pk}),
    "POST /api/v1/tasks/{task_id}/results": R(
        body=lambda w: {"title": "Протокол", "url": "https://example.org/protocol"}
    ),
    "POST /api/v1/plan-imports": R(body=lambda w: {"text": _PLAN_TEXT, "title": "План 2024"}),
    "PATCH /api/v1/directions/{direction_id}": R(body=lambda w: {"name": "Культура и память"}),
    "DELETE /api/v1/directions/{direction_id}": R(
        path={"direction_id": lambda w: w.spare_direction.pk}
    ),
    "POST /api/v1/directions/{direction_id}/sources": R(
        body=lambda w: {"title": "Указ о культуре", "number": "1"}
    ),
}


def extend(w: World) -> None:
    """Objects these rows need beyond the common world."""
    w.spare = make_association(name="Орловское землячество", codes=("57",))
    w.spare_direction = direction_create(actor=None, code="9", name="Запасное")
    w.empty_plan = make_plan(title="План без мероприятий")
    w.second = make_question(w.survey, title="Откуда вы родом?")
    # a personal questionnaire of A with one invitation waiting for an answer
    w.personal = make_survey(title="Персональная анкета", association=w.a, mode="personal")
    make_question(w.personal, title="Ваше мнение")
    Invitation.objects.create(
        survey=w.personal, person=w.person, association=w.a, email=w.person.email
    )
    # an answer proposing a profile change, on a questionnaire of its own
    proposals = make_survey(title="Анкета активиста", association=w.a)
    response = Response.objects.create(
        survey=proposals, status=ResponseStatus.SUBMITTED, association=w.a
    )
    w.change = ProfileChange.objects.create(
        response=response,
        association=w.a,
        data={"last_name": "Новикова", "first_name": "Вера"},
    )
    w.entry = LexiconEntry.objects.create(kind="achievement", phrase="провели встречу")
    w.finding = ReportFinding.objects.create(
        report=w.report,
        kind="outcome",
        category="achievement",
        quote="Первый абзац раздела.",
        start=0,
        end=21,
    )
    w.result = task_add_result(
        actor=None, task=w.task, title="Отчёт", url="https://example.org/report"
    )
    w.representative = representative_add(actor=None, stakeholder=w.stakeholder, person=w.person)
