"""The standard on the home page: what a leader must do for the self-assessment, and the
assessments waiting for the control body."""

import pytest
from django.utils import timezone

from tests.core.test_home_roles import home_of
from tests.governance.factories import body_user, make_body
from tests.standard.factories import association, leader_of, make_version, open_year, submitted
from zemlyaki.standard.answers import answer_review
from zemlyaki.standard.services import assessment_start

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_leader_sees_what_is_due_and_the_reviewer_what_waits(client, member):
    make_version()
    campaign = open_year(days=10)
    started, fresh, done = (
        association("Алтайское"),
        association("Брянское"),
        association("Вологодское"),
    )
    leader = leader_of(started, "lead-a")
    fresh.leaders.add(leader)
    done.leaders.add(leader)
    draft = assessment_start(actor=None, association=started, year=YEAR)
    handed = submitted(done, {"1.1": "yes", "1.2": 2, "3.1": 3})
    deadline = campaign.deadline.strftime("%d.%m.%Y")

    home = home_of(client, leader)
    assert home.blocks["standard:due"] == [
        (
            f"Алтайское: закончить самооценку за {YEAR} год",
            f"/standard/assessments/{draft.pk}/",
            f"срок — {deadline}",
        ),
        (
            f"Брянское: начать самооценку за {YEAR} год",
            "/standard/assessments/",
            f"срок — {deadline}",
        ),
    ]
    assert "standard:reviews" not in home.blocks  # the leader holds no power of review

    reviewer = body_user(make_body("Контрольная комиссия", powers=["standard.review"]))
    home = home_of(client, reviewer)
    assert home.blocks["standard:reviews"] == [
        (f"Вологодское, {YEAR} год", f"/standard/assessments/{handed.pk}/", "3 критерия ждут"),
    ]
    assert "standard:due" not in home_of(client, member).blocks

    # A returned criterion asks the leader for an answer.
    answer = handed.answers.order_by("pk").first()
    answer_review(
        actor=None,
        answer=answer,
        decision="returned",
        remark="Нет ссылки",
        revision=answer.revision,
    )
    for other in handed.answers.exclude(pk=answer.pk):
        answer_review(actor=None, answer=other, decision="accepted", revision=other.revision)
    titles = [title for title, _href, _meta in home_of(client, leader).blocks["standard:due"]]
    assert f"Вологодское: ответить на замечания к самооценке за {YEAR} год" in titles
