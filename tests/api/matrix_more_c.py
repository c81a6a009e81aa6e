"""Rows of the role × operation matrix for operations added later (part c): their recipes,
path segments and the extra objects of the world they need. Read like matrix_recipes.py;
``extend(w)`` adds objects to the world after it is built."""

import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.api.matrix_recipes import R, World
from tests.events.factories import make_event
from tests.indicators.factories import controller, recorder
from tests.people.factories import make_person
from tests.standard.factories import submitted
from zemlyaki.indicators.services import measurement_enter, measurement_review
from zemlyaki.portal.services.helpdesk import question_answer, question_ask, question_assign
from zemlyaki.portal.services.news import news_create
from zemlyaki.reports.models import ReportFinding
from zemlyaki.standard.answers import answer_review, evidence_add
from zemlyaki.strategy.services.comments import comment_create
from zemlyaki.workspace import library
from zemlyaki.workspace.models import Connection
from zemlyaki.workspace.services import space_open_for

SEGMENTS: dict[str, Any] = {
    "comments": lambda w: w.comment.pk,
    "evidence": lambda w: w.evidence.pk,
    "news": lambda w: w.news.slug,
    "candidates": lambda w: w.finding.pk,
    "posts": lambda w: w.post.pk,
}

_ANSWERS = {"1.1": "yes", "1.2": 2, "3.1": 3}
_STRATEGY_PERIOD = [{"start_year": 2024, "end_year": 2028}, {"start_year": 2029, "end_year": 2032}]


def _indicator(code: str) -> Any:
    return lambda w: {"code": code, "name": f"Показатель {code}", "unit": "чел."}


def _in_storage(version: Any) -> Any:
    """The world's files were stored under the media folder of the case that built it;
    each case has its own: put the version's content back where it is looked for."""
    storage = version.blob.storage
    if not storage.exists(version.blob.name):
        assert storage.save(version.blob.name, ContentFile(b"hello")) == version.blob.name
    return version


def _png_upload() -> SimpleUploadedFile:
    """A real 8 × 4 PNG, made afresh for each request (an upload is read once)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 4), "white").save(out, "PNG")
    return SimpleUploadedFile("prazdnik.png", out.getvalue(), content_type="image/png")


RECIPES: dict[str, R] = {
    # strategy
    "POST /api/v1/documents": R(body=lambda w: {"title": "Стратегия на новый срок"}),
    "PATCH /api/v1/documents/{pk}": R(body=lambda w: {"title": "Стратегия, уточнённая"}),
    "POST /api/v1/outline/sections/{pk}/move": R(
        path={"pk": lambda w: w.last.pk}, body=lambda w: {"direction": "up"}
    ),
    "PATCH /api/v1/sections/{pk}/settings": R(body=lambda w: {"guidance": "Что написать."}),
    "POST /api/v1/sections/{pk}/revisions/{number}/restore": R(
        path={"pk": lambda w: w.draft.pk, "number": lambda w: w.draft_first},
        body=lambda w: {"base_revision": w.draft.current_revision_id},
    ),
    "POST /api/v1/amendments/{pk}/merge": R(
        body=lambda w: {"text": "Новый абзац.\n", "base_revision": w.review.current_revision_id}
    ),
    # the standard
    "DELETE /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/evidence/{evidence_id}": R(
        path={"criterion_id": lambda w: w.evidence.answer.criterion_id}
    ),
    "POST /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/replies": R(
        path={
            "assessment_id": lambda w: w.returned.pk,
            "criterion_id": lambda w: w.returned_criterion.pk,
        },
        body=lambda w: {"text": "Исправили, устав приложен."},
    ),
    # indicators
    "PUT /api/v1/indicators/{indicator_id}": R(body=lambda w: _indicator(w.indicator.code)(w)),
    "POST /api/v1/documents/{document_id}/indicators": R(body=_indicator("П2")),
    "PUT /api/v1/documents/{document_id}/goals": R(body=lambda w: {"goals": ["Цель первая"]}),
    "PUT /api/v1/documents/{document_id}/stages": R(body=lambda w: {"stages": _STRATEGY_PERIOD}),
    "POST /api/v1/measurements/{measurement_id}/fix": R(
        path={"measurement_id": lambda w: w.returned_value.pk},
        body=lambda w: {
            "value": "11",
            "comment": "Исправлено.",
            "evidence": "https://example.org/b",
        },
    ),
    # the portal
    "POST /api/v1/news": R(body=lambda w: {"title": "Новость землячества", "association": w.a.pk}),
    "PATCH /api/v1/news/{slug}": R(body=lambda w: {"lead": "Коротко о главном."}),
    "POST /api/v1/news/{slug}/image": R(
        form=lambda w: {"image": _png_upload(), "image_alt": "Праздник на площади"}
    ),
    "POST /api/v1/practices": R(
        body=lambda w: {"title": "Фестиваль", "description": "Как провести фестиваль."}
    ),
    "POST /api/v1/feedback": R(
        body=lambda w: {"name": "Анна", "email": "anna@example.org", "text": "Удобный сайт."}
    ),
    # "questions" names a survey's question in SEGMENTS: the help desk's is named here
    "POST /api/v1/questions/{question_id}/assign": R(
        path={"question_id": lambda w: w.asked.pk}, body=lambda w: {"expert": w.expert.pk}
    ),
    "POST /api/v1/questions/{question_id}/publish": R(
        path={"question_id": lambda w: w.answered.pk}, body=lambda w: {"public": True}
    ),
    # workspace
    "POST /api/v1/spaces/open": R(
        body=lambda w: {"body": w.working.pk, "target": f"events.event:{w.event.pk}"}
    ),
    "POST /api/v1/spaces/{space_id}/folders": R(body=lambda w: {"name": "Протоколы"}),
    "PUT /api/v1/spaces/{space_id}/connection": R(
        body=lambda w: {"chat_id": "-100200", "token_name": "bot", "enabled": True}
    ),
    "PATCH /api/v1/threads/{thread_id}": R(body=lambda w: {"audience": "signed_in"}),
    "PATCH /api/v1/posts/{post_id}": R(body=lambda w: {"text": "Начнём с повестки."}),
    "POST /api/v1/posts/{post_id}/reactions": R(body=lambda w: {"kind": "agree"}),
    "POST /api/v1/files/{file_id}/links": R(
        body=lambda w: {"target": f"events.event:{w.event.pk}"}
    ),
    "POST /api/v1/spaces/open@opened": R(
        body=lambda w: {"body": w.working.pk, "target": f"events.event:{w.opened.pk}"}
    ),
    "POST /api/v1/versions/{version_id}/restore": R(
        path={"version_id": lambda w: _in_storage(w.file_first).pk}
    ),
}


def extend(w: World) -> None:
    """Objects these rows need beyond the common world."""
    coordinator = w.users["coordinator"]

    # strategy: the draft section's first revision, a comment on the section under review
    w.draft_first = w.draft.revisions.order_by("number").first().number
    w.comment = comment_create(actor=w.users["body"], section=w.review, text="Уточнить срок.")

    # the standard: an evidence of A's draft, an assessment returned on one criterion
    answer = w.assessment.answers.get(criterion=w.criterion)
    w.evidence = evidence_add(actor=None, answer=answer, kind="link", url="https://example.org/u")
    w.returned = submitted(w.a, _ANSWERS, year=w.year - 4)
    answers = list(w.returned.answers.select_related("criterion").order_by("criterion__order"))
    for index, each in enumerate(answers):
        decision = "returned" if index == 0 else "accepted"
        answer_review(
            actor=None,
            answer=each,
            decision=decision,
            revision=each.revision,
            remark="Приложите устав." if index == 0 else "",
        )
    w.returned.refresh_from_db()
    w.returned_criterion = answers[0].criterion

    # indicators: a value returned with remarks
    w.returned_value = measurement_enter(
        actor=recorder("m-recorder-2"),
        indicator=w.indicator,
        year=2024,
        value="7",
        evidence_url="https://example.org/act2",
    )
    measurement_review(
        actor=controller("m-controller"),
        measurement=w.returned_value,
        decision="returned",
        remarks="Нет акта.",
    )

    # the portal: A's news, a report's finding, a question to assign and one answered
    w.news = news_create(
        actor=coordinator, association=w.a, title="Праздник землячества", status="published"
    )
    w.finding = ReportFinding.objects.create(
        report=w.report,
        kind="outcome",
        category="achievement",
        quote="провело фестиваль",
        start=0,
        end=10,
    )
    w.expert = make_person(
        last="Юристов", first="Пётр", email="expert@example.org", show_as_expert=True
    )
    form = {"name": "Анна", "email": "anna@example.org", "text": "Как вступить?"}
    w.asked = question_ask(**form, publish_consent=True)
    w.answered = question_ask(**form, publish_consent=True)
    question_assign(actor=coordinator, question=w.answered, expert=w.expert)
    w.answered.refresh_from_db()
    question_answer(question=w.answered, answer="Через сайт.")

    # workspace: an event whose space is open already, the thread's first post, the space's connection, a file with two versions
    w.opened = make_event(title="Встреча с выпускниками", organiser=w.working)
    space_open_for(actor=w.users["body"], body=w.working, target=w.opened)
    w.post = w.thread.posts.order_by("pk").first()
    Connection.objects.create(space=w.space, chat_id="-100100", token_name="bot")
    w.file_first = w.file.versions.order_by("pk").first()
    library.version_upload(
        actor=w.users["body"], file=w.file, upload=SimpleUploadedFile("a.txt", b"second")
    )
