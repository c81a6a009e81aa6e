import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.standard.factories import association, make_version, open_year, submitted
from zemlyaki.core.models import AuditEntry
from zemlyaki.standard.answers import (
    StaleReview,
    answer_reply,
    answer_review,
    assessment_submit,
    assessment_update_answers,
    evidence_add,
)
from zemlyaki.standard.models import Answer, Assessment, Campaign, Evidence
from zemlyaki.standard.selectors import ranking
from zemlyaki.standard.services import (
    assessment_start,
    campaign_set,
    criterion_create,
    deadline_extend,
    version_create,
    version_put_in_force,
)

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _answer(assessment, code):
    return Answer.objects.get(assessment=assessment, criterion__code=code)


def _review_all(assessment, decisions):
    for code, decision in decisions.items():
        answer = _answer(assessment, code)
        extra = decision[1] if isinstance(decision, tuple) else {}
        decision = decision[0] if isinstance(decision, tuple) else decision
        answer_review(
            actor=None, answer=answer, decision=decision, revision=answer.revision, **extra
        )


def test_scores_and_ranking_exactly_as_computed_by_hand():
    make_version()
    open_year()
    a, b, c, d = (association(n) for n in ("Алтайское", "Брянское", "Вологодское", "Гжельское"))
    association("Дагестанское")  # never starts: listed apart
    sa = submitted(a, {"1.1": "yes", "1.2": 3, "3.1": 5})
    _review_all(
        sa, {"1.1": "accepted", "1.2": ("lowered", {"accepted_value": 2}), "3.1": "accepted"}
    )
    sb = submitted(b, {"1.1": "yes", "1.2": 2, "3.1": 3})
    _review_all(
        sb, {"1.1": "accepted", "1.2": "accepted", "3.1": ("returned", {"remark": "Где список?"})}
    )
    sc = submitted(c, {"1.1": "no", "1.2": 3, "3.1": 4})
    _review_all(sc, {"1.1": "accepted", "1.2": "accepted", "3.1": "accepted"})
    # d answers but stays a draft: not ranked, listed apart.
    assessment_start(actor=None, association=d, year=YEAR)

    # Weights: 1.1 → 2, 1.2 → 3 (levels 0–3), 3.1 → 1 (thresholds 2, 4). Maximum 6.
    expected_a = Fraction(2 * 1 + 3 * Fraction(2, 3) + 1 * 1, 6)  # 5/6
    expected_b = Fraction(2 * 1 + 3 * Fraction(2, 3) + 0, 6)  # returned 3.1 counts 0 → 4/6
    expected_c = Fraction(0 + 3 * 1 + 1 * 1, 6)  # 4/6
    result = ranking(YEAR)
    rows = [(r.rank, r.association.name, r.overall) for r in result["rows"]]
    assert rows == [
        (1, "Алтайское", expected_a),
        (2, "Брянское", expected_b),
        (2, "Вологодское", expected_c),
    ]
    assert result["rows"][0].blocks == {"governance": Fraction(4, 5), "youth": Fraction(1)}
    assert result["rows"][1].blocks == {"governance": Fraction(4, 5), "youth": Fraction(0)}
    assert [x.name for x in result["missing"]] == ["Гжельское", "Дагестанское"]
    assert result["rows"][0].percent == 83.3
    assert Assessment.objects.get(pk=sb.pk).status == "returned"
    assert Assessment.objects.get(pk=sa.pk).status == "accepted"


def test_returned_criterion_is_answered_resubmitted_and_then_counts():
    make_version()
    open_year()
    a = association("Алтайское")
    sa = submitted(a, {"1.1": "yes", "1.2": 1, "3.1": 1})
    _review_all(sa, {"1.1": "accepted", "1.2": "accepted", "3.1": ("returned", {"remark": "Мало"})})
    assert ranking(YEAR)["rows"][0].overall == Fraction(2 + 1, 6)
    answer = _answer(sa, "3.1")
    answer_reply(actor=None, answer=answer, text="Провели ещё три")
    assessment_update_answers(
        actor=None, assessment=sa, answers=[{"criterion": answer.criterion_id, "value": 4}]
    )
    # Accepted answers are closed while the assessment is returned.
    with pytest.raises(ValidationError):
        assessment_update_answers(
            actor=None,
            assessment=sa,
            answers=[{"criterion": _answer(sa, "1.1").criterion_id, "value": "no"}],
        )
    assessment_submit(actor=None, assessment=sa)
    _review_all(sa, {"3.1": "accepted"})
    assert ranking(YEAR)["rows"][0].overall == Fraction(2 + 1 + 1, 6)
    texts = list(_answer(sa, "3.1").messages.values_list("kind", "text"))
    assert texts == [("remark", "Мало"), ("answer", "Провели ещё три"), ("review", "принято")]


def test_stale_review_is_refused_and_changes_nothing():
    make_version()
    open_year()
    sa = submitted(association("Алтайское"), {"1.1": "yes", "1.2": 1, "3.1": 1})
    answer = _answer(sa, "1.1")
    with pytest.raises(StaleReview):
        answer_review(actor=None, answer=answer, decision="accepted", revision=answer.revision - 1)
    answer.refresh_from_db()
    assert answer.review_status == "pending" and answer.reviewed_revision is None


def test_level_outside_levels_saves_nothing():
    make_version()
    assessment = assessment_start(actor=None, association=association("А"), year=YEAR)
    ids = {a.criterion.code: a.criterion_id for a in assessment.answers.select_related("criterion")}
    with pytest.raises(ValidationError) as error:
        assessment_update_answers(
            actor=None,
            assessment=assessment,
            answers=[
                {"criterion": ids["1.1"], "value": "yes"},
                {"criterion": ids["1.2"], "value": 4},
            ],
        )
    assert error.value.message_dict == {"answers.1": ["Уровень — целое число от 0 до 3."]}
    assert list(assessment.answers.values_list("value", flat=True)) == [None, None, None]


def test_submit_needs_required_evidence_and_a_deadline_not_passed():
    make_version(
        [
            {
                "block": "openness",
                "code": "5.1",
                "text": "Сайт",
                "weight": 1,
                "evidence_kinds": ["link"],
            }
        ]
    )
    campaign = campaign_set(
        actor=None, year=YEAR, deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    a = association("А")
    assessment = assessment_start(actor=None, association=a, year=YEAR)
    answer = assessment.answers.get()
    assessment_update_answers(
        actor=None, assessment=assessment, answers=[{"criterion": answer.criterion_id, "value": 1}]
    )
    with pytest.raises(ValidationError, match="Срок представления истёк"):
        assessment_submit(actor=None, assessment=assessment)
    deadline_extend(
        actor=None,
        campaign=campaign,
        association=a,
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError) as error:
        assessment_submit(actor=None, assessment=assessment)
    assert error.value.message_dict == {
        f"criterion.{answer.criterion_id}": ["Критерий 5.1: нужно подтверждение (ссылка)."]
    }
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.submitted_at is None
    evidence_add(actor=None, answer=answer, kind="link", url="https://example.org/ustav")
    assessment_submit(actor=None, assessment=assessment)
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"


def test_evidence_of_a_forbidden_type_is_refused_by_content():
    make_version()
    assessment = assessment_start(actor=None, association=association("А"), year=YEAR)
    answer = assessment.answers.first()
    revision = answer.revision
    fake = SimpleUploadedFile("отчёт.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200)
    with pytest.raises(ValidationError, match="не принимается"):
        evidence_add(actor=None, answer=answer, kind="file", file=fake)
    assert Evidence.objects.count() == 0
    answer.refresh_from_db()
    assert answer.revision == revision
    good = SimpleUploadedFile("отчёт.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    evidence_add(actor=None, answer=answer, kind="file", file=good)
    answer.refresh_from_db()
    assert answer.evidence.get().file_name == "отчёт.pdf" and answer.revision == revision + 1


def test_new_version_drafted_while_old_in_force_assessments_keep_theirs():
    old = make_version()
    early = assessment_start(actor=None, association=association("А"), year=YEAR - 1)
    new = version_create(actor=None, title="Стандарт, новая редакция")
    criterion_create(actor=None, version=new, block="youth", code="9", text="Новое", weight=1)
    assert new.status == "draft"
    version_put_in_force(actor=None, version=new)
    later = assessment_start(actor=None, association=association("Б"), year=YEAR)
    old.refresh_from_db()
    early.refresh_from_db()
    assert (old.status, early.version_id, later.version_id) == ("retired", old.pk, new.pk)
    with pytest.raises(ValidationError):
        criterion_create(actor=None, version=new, block="youth", code="10", text="x")


def test_everything_is_audited():
    make_version()
    open_year()
    sa = submitted(association("А"), {"1.1": "yes", "1.2": 1, "3.1": 1})
    _review_all(sa, {"1.1": "accepted"})
    types = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {
        "standard.assessment",
        "standard.answer",
        "standard.answermessage",
        "standard.campaign",
    } <= types


def test_deadline_extension_must_be_later():
    campaign = open_year()
    a = association("А")
    with pytest.raises(ValidationError):
        deadline_extend(actor=None, campaign=campaign, association=a, deadline=campaign.deadline)
    assert Campaign.objects.get().extensions.count() == 0


def test_score_measure_for_indicators():
    from zemlyaki.core.registries import Period, measure_value

    make_version()
    open_year()
    a, b = association("Алтайское"), association("Брянское")
    sa = submitted(a, {"1.1": "yes", "1.2": 3, "3.1": 5})
    _review_all(sa, {"1.1": "accepted", "1.2": "accepted", "3.1": "accepted"})
    sb = submitted(b, {"1.1": "no", "1.2": 0, "3.1": 0})
    _review_all(sb, {"1.1": "accepted", "1.2": "accepted", "3.1": "accepted"})
    assert measure_value("standard.score", a, Period.year(YEAR)) == 100.0
    assert measure_value("standard.score", b, Period.year(YEAR)) == 0.0
    assert measure_value("standard.score", None, Period.year(YEAR)) == 50.0
    assert measure_value("standard.score", a, Period.year(YEAR - 1)) == 0.0
