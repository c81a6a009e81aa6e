"""Demonstration standard: six blocks, twenty criteria (three computed by the platform),
self-assessments of 2024 and 2025 with reviews, a return, a resubmission and an
association that did not submit. All records are marked ``is_demo``."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile

from zemlyaki.registry.models import Association, AssociationStatus
from zemlyaki.strategy.models import DocumentVersion

from .answers import (
    answer_reply,
    answer_review,
    assessment_submit,
    assessment_update_answers,
    evidence_add,
)
from .models import Assessment, ReviewStatus, StandardVersion
from .services import (
    assessment_start,
    campaign_set,
    criterion_create,
    version_create,
    version_put_in_force,
)

LEVELS = ["нет работы", "эпизодически", "регулярно, но без плана", "системно, по плану"]

# block, code, text, weight, kind, extra
CRITERIA: list[tuple[str, str, str, int, str, dict[str, Any]]] = [
    (
        "governance",
        "1.1",
        "Годовой отчёт представлен в архив до 1 марта",
        3,
        "yes_no",
        {"check_code": "report_by_march", "evidence_kinds": ["report", "link"]},
    ),
    (
        "governance",
        "1.2",
        "Общее собрание проводится ежегодно, протоколы хранятся",
        2,
        "yes_no",
        {"evidence_kinds": ["file"]},
    ),
    ("governance", "1.3", "Отчётность перед членами и партнёрами", 2, "level", {"levels": LEVELS}),
    (
        "governance",
        "1.4",
        "Список членов обновлён за последние 12 месяцев",
        2,
        "yes_no",
        {"check_code": "members_updated"},
    ),
    (
        "countrymen",
        "2.1",
        "Мероприятия для земляков за год",
        3,
        "number",
        {"check_code": "events_in_year", "thresholds": [2, 4, 8]},
    ),
    (
        "countrymen",
        "2.2",
        "Помощь землякам, оказавшимся в трудной ситуации",
        2,
        "level",
        {"levels": LEVELS},
    ),
    ("countrymen", "2.3", "Чествование старшего поколения и ветеранов", 1, "yes_no", {}),
    ("youth", "3.1", "Молодёжное крыло или совет", 2, "yes_no", {"evidence_kinds": ["link"]}),
    ("youth", "3.2", "Работа со студентами из родного края", 2, "level", {"levels": LEVELS}),
    ("youth", "3.3", "Молодёжные проекты за год", 1, "number", {"thresholds": [1, 3]}),
    (
        "homeland",
        "4.1",
        "Соглашение о сотрудничестве с регионом",
        3,
        "yes_no",
        {"evidence_kinds": ["file", "link"]},
    ),
    ("homeland", "4.2", "Дни региона в Москве", 2, "level", {"levels": LEVELS}),
    ("homeland", "4.3", "Поддержка малой родины: проекты и помощь", 2, "level", {"levels": LEVELS}),
    (
        "openness",
        "5.1",
        "Сайт или страница землячества, обновляемые ежемесячно",
        2,
        "yes_no",
        {"evidence_kinds": ["link"]},
    ),
    (
        "openness",
        "5.2",
        "Публикации о работе землячества за год",
        1,
        "number",
        {"thresholds": [5, 12, 24]},
    ),
    (
        "openness",
        "5.3",
        "Устав и отчёты доступны на сайте",
        1,
        "yes_no",
        {"evidence_kinds": ["link"]},
    ),
    (
        "partnership",
        "6.1",
        "Совместные проекты с другими землячествами",
        2,
        "number",
        {"thresholds": [1, 3]},
    ),
    ("partnership", "6.2", "Партнёрство с бизнесом и фондами", 2, "level", {"levels": LEVELS}),
    ("partnership", "6.3", "Участие в работе органов стратегии", 1, "yes_no", {}),
    (
        "partnership",
        "6.4",
        "Взаимодействие с органами власти Москвы",
        1,
        "level",
        {"levels": LEVELS},
    ),
]


def _value(kind: str, extra: dict[str, Any], seed: int) -> Any:
    if kind == "yes_no":
        return "yes" if seed % 3 else "no"
    if kind == "level":
        return seed % 4
    return [0, 1, 2, 3, 5, 8, 13, 25][seed % 8]


def _fill(assessment: Assessment, seed: int) -> None:
    items = []
    for i, answer in enumerate(assessment.answers.select_related("criterion")):
        criterion = answer.criterion
        if answer.computed:
            continue
        extra = next(c[5] for c in CRITERIA if c[1] == criterion.code)
        items.append(
            {"criterion": criterion.pk, "value": _value(criterion.answer_kind, extra, seed + i)}
        )
    assessment_update_answers(actor=None, assessment=assessment, answers=items)
    for answer in assessment.answers.select_related("criterion"):
        kinds = answer.criterion.evidence_kinds
        if not kinds or answer.evidence.exists():
            continue
        if "link" in kinds:
            evidence_add(actor=None, answer=answer, kind="link", url="https://example.org/demo")
        elif "file" in kinds:
            pdf = ContentFile(b"%PDF-1.4\n% demo\n", name="protokol.pdf")
            evidence_add(actor=None, answer=answer, kind="file", file=pdf)


def _review(assessment: Assessment, seed: int, *, return_one: bool = False) -> None:
    for i, answer in enumerate(assessment.answers.select_related("criterion")):
        decision = ReviewStatus.ACCEPTED
        extra: dict[str, Any] = {}
        if return_one and i == 2:
            decision, extra = ReviewStatus.RETURNED, {"remark": "Приложите протокол собрания."}
        elif (seed + i) % 7 == 0 and answer.value and answer.criterion.answer_kind == "level":
            decision, extra = ReviewStatus.LOWERED, {"accepted_value": answer.value - 1}
        answer_review(
            actor=None, answer=answer, decision=decision, revision=answer.revision, **extra
        )


def load(out: Callable[[str], None]) -> list[str]:
    document = DocumentVersion.objects.filter(document__kind="standard").order_by("-number").first()
    version = version_create(
        actor=None,
        title="Стандарт работы землячества (демо)",
        document_version=document,
        is_demo=True,
    )
    for order, (block, code, text, weight, kind, extra) in enumerate(CRITERIA):
        criterion_create(
            actor=None,
            version=version,
            block=block,
            code=code,
            text=text,
            weight=weight,
            answer_kind=kind,
            order=order,
            **extra,
        )
    version_put_in_force(actor=None, version=version, since=datetime.date(2024, 1, 1))
    associations = list(
        Association.objects.filter(is_demo=True, status=AssociationStatus.ACTIVE).order_by("pk")[
            :10
        ]
    )
    far = datetime.date.today() + datetime.timedelta(days=365)
    for year in (2024, 2025):
        campaign_set(actor=None, year=year, deadline=far, is_demo=True)
        for n, association in enumerate(associations):
            if year == 2025 and n == len(associations) - 1:
                continue  # did not submit
            assessment = assessment_start(actor=None, association=association, year=year)
            Assessment.objects.filter(pk=assessment.pk).update(is_demo=True)
            seed = n * 5 + year
            _fill(assessment, seed)
            assessment_submit(actor=None, assessment=assessment)
            if year == 2025 and n == len(associations) - 2:
                continue  # waits for review
            _review(assessment, seed, return_one=(year == 2025 and n in (0, 1)))
            if year == 2025 and n == 0:  # the leader answers the remark and resubmits
                returned = assessment.answers.get(review_status=ReviewStatus.RETURNED)
                answer_reply(actor=None, answer=returned, text="Протокол приложен.")
                evidence_add(actor=None, answer=returned, kind="link", url="https://example.org/p")
                assessment_submit(actor=None, assessment=assessment)
                returned.refresh_from_db()
                answer_review(
                    actor=None, answer=returned, decision="accepted", revision=returned.revision
                )
        campaign_set(actor=None, year=year, deadline=datetime.date(year, 12, 1))
    StandardVersion.objects.filter(pk=version.pk).update(is_demo=True)
    return [
        f"Стандарт: {len(CRITERIA)} критериев, самооценки за 2024 и 2025 годы "
        f"({len(associations)} землячеств)."
    ]
