from fractions import Fraction

import pytest
from django.utils import timezone

from tests.standard.factories import association, make_version, open_year, submitted
from zemlyaki.standard.answers import answer_review
from zemlyaki.standard.selectors import history, learn_from_neighbours, weakest_blocks

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _accept_all(assessment):
    for answer in assessment.answers.all():
        answer_review(actor=None, answer=answer, decision="accepted", revision=answer.revision)


def test_history_weakest_blocks_and_neighbours_to_learn_from():
    make_version()
    open_year(YEAR - 1)
    open_year()
    weak, good, best = association("Алтайское"), association("Брянское"), association("Вологодское")
    _accept_all(submitted(weak, {"1.1": "yes", "1.2": 3, "3.1": 4}, year=YEAR - 1))
    _accept_all(submitted(weak, {"1.1": "yes", "1.2": 1, "3.1": 0}, year=YEAR))
    _accept_all(submitted(good, {"1.1": "yes", "1.2": 2, "3.1": 2}, year=YEAR))
    _accept_all(submitted(best, {"1.1": "no", "1.2": 3, "3.1": 4}, year=YEAR))

    rows = history(weak)
    assert [(r["year"], r["overall"]) for r in rows] == [
        (YEAR - 1, Fraction(1)),
        (YEAR, Fraction(2 + 1, 6)),
    ]
    # Latest year: governance (2 + 3·1/3) / 5 = 3/5, youth 0.
    assert weakest_blocks(weak) == [("youth", Fraction(0)), ("governance", Fraction(3, 5))]
    advice = {
        item["criterion"].code: [(b["association"].name, b["percent"]) for b in item["best"]]
        for item in learn_from_neighbours(weak)
    }
    assert advice == {
        "1.2": [("Вологодское", 100.0), ("Брянское", 66.7)],
        "3.1": [("Вологодское", 100.0), ("Брянское", 50.0)],
    }


def test_a_leader_sees_neighbours_only_after_the_ranking_is_published(client):
    from tests.governance.factories import body_user, make_body
    from tests.standard.factories import leader_of
    from zemlyaki.standard.services import ranking_publish

    make_version()
    campaign = open_year()
    weak, best = association("Алтайское"), association("Вологодское")
    _accept_all(submitted(weak, {"1.1": "yes", "1.2": 1, "3.1": 0}))
    _accept_all(submitted(best, {"1.1": "no", "1.2": 3, "3.1": 4}))
    leader = leader_of(weak, "lead-weak")
    reviewer = body_user(make_body("Контрольная комиссия", powers=["standard.review"]))
    address = f"/standard/associations/{weak.slug}/"

    client.force_login(leader)
    html = client.get(address).content.decode()
    assert "Вологодское" not in html
    assert "сравнение с другими землячествами появится после публикации рейтинга" in html
    client.force_login(reviewer)  # the control body compares before publication
    assert "Вологодское (100,0%)" in client.get(address).content.decode()

    ranking_publish(actor=None, campaign=campaign)
    client.force_login(leader)
    html = client.get(address).content.decode()
    assert "Вологодское (100,0%)" in html
    assert "появится после публикации" not in html
