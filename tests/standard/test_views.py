import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.governance.factories import body_user, make_body
from tests.standard.factories import association, leader_of, make_version, open_year, submitted
from zemlyaki.standard.answers import answer_review
from zemlyaki.standard.models import Answer, Assessment

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def world(db):
    make_version()
    campaign = open_year()
    own, other = association("Алтайское"), association("Брянское")
    return {
        "campaign": campaign,
        "own": own,
        "other": other,
        "leader": leader_of(own, "lead-own"),
        "other_leader": leader_of(other, "lead-other"),
        "reviewer": body_user(make_body("Контрольная комиссия", powers=["standard.review"])),
    }


def test_leader_starts_and_answers_one_criterion_at_a_time(client, world):
    client.force_login(world["leader"])
    r = client.post("/standard/assessments/", {"association": world["own"].pk, "year": YEAR})
    assessment = Assessment.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/standard/assessments/{assessment.pk}/"
    r = client.get(f"/standard/assessments/{assessment.pk}/?c=2")
    assert "Критерий 1.2 (2 из 3)" in r.content.decode()
    r = client.post(f"/standard/assessments/{assessment.pk}/?c=2", {"action": "save", "value": "2"})
    assert r.status_code == 302 and r["Location"].endswith("?c=3")
    assert Answer.objects.get(criterion__code="1.2").value == 2
    r = client.post(f"/standard/assessments/{assessment.pk}/?c=2", {"action": "save", "value": "5"})
    assert r.status_code == 200
    assert "Выберите корректный вариант" in r.content.decode()
    assert Answer.objects.get(criterion__code="1.2").value == 2
    # Submitting with an unanswered criterion shows the reason and keeps the draft.
    r = client.post(f"/standard/assessments/{assessment.pk}/?c=1", {"action": "submit"})
    assert "Критерий 1.1: нет ответа." in r.content.decode()
    assert Assessment.objects.get().status == "draft"


def test_other_leader_and_member_cannot_see_or_write(client, world, member):
    assessment = submitted(world["own"], {"1.1": "yes", "1.2": 1, "3.1": 1})
    for user in (world["other_leader"], member):
        client.force_login(user)
        assert client.get(f"/standard/assessments/{assessment.pk}/").status_code == 404
        r = client.post(
            f"/standard/assessments/{assessment.pk}/",
            {"action": "review", "decision": "accepted", "revision": 1},
        )
        assert r.status_code == 404
        assert client.get(f"/standard/associations/{world['own'].slug}/").status_code == 403
        assert client.get("/standard/review/").status_code == 403
    assert set(Answer.objects.values_list("review_status", flat=True)) == {"pending"}
    client.force_login(member)
    assert client.get(f"/standard/ranking/?year={YEAR}").status_code == 403
    # The menu's link says the ranking is not published yet, and shows no association.
    page = client.get("/standard/ranking/")
    assert page.status_code == 200
    assert "Рейтинг ещё не опубликован" in page.content.decode()
    assert world["own"].name not in page.content.decode()


def test_member_sees_the_latest_published_ranking(client, world, member):
    from zemlyaki.standard.models import Campaign
    from zemlyaki.standard.services import campaign_set, ranking_publish

    earlier = campaign_set(actor=None, year=YEAR - 1, deadline=world["campaign"].deadline)
    ranking_publish(actor=None, campaign=earlier)
    client.force_login(member)
    page = client.get("/standard/ranking/")
    assert page.status_code == 200
    assert f"Рейтинг землячеств по стандарту за {YEAR - 1} год" in page.content.decode()
    assert f'href="?year={YEAR}"' not in page.content.decode()  # no link to an unpublished year
    assert client.get(f"/standard/ranking/?year={YEAR}").status_code == 403
    assert Campaign.objects.get(year=YEAR).ranking_published is False


def test_reviewer_reviews_on_the_page_and_ranking_and_history_show_it(client, world):
    assessment = submitted(world["own"], {"1.1": "yes", "1.2": 3, "3.1": 4})
    client.force_login(world["reviewer"])
    r = client.get("/standard/review/")
    assert "Алтайское" in r.content.decode()
    for index in (1, 2, 3):
        answer = list(assessment.answers.order_by("criterion__order"))[index - 1]
        r = client.post(
            f"/standard/assessments/{assessment.pk}/?c={index}",
            {"action": "review", "decision": "accepted", "revision": answer.revision},
        )
        assert r.status_code == 302
    assert Assessment.objects.get().status == "accepted"
    page = client.get(f"/standard/ranking/?year={YEAR}").content.decode()
    assert "<svg" in page and "100.0" in page and "Брянское" in page
    history = client.get(f"/standard/associations/{world['own'].slug}/").content.decode()
    assert f">{YEAR}</a>" in history and "<td>100,0</td>" in history


def test_stale_review_on_the_page_changes_nothing(client, world):
    assessment = submitted(world["own"], {"1.1": "yes", "1.2": 3, "3.1": 4})
    answer = Answer.objects.get(assessment=assessment, criterion__code="1.1")
    client.force_login(world["reviewer"])
    r = client.post(
        f"/standard/assessments/{assessment.pk}/?c=1",
        {"action": "review", "decision": "accepted", "revision": answer.revision - 1},
        follow=True,
    )
    assert "Ответ изменён" in r.content.decode()
    answer.refresh_from_db()
    assert answer.review_status == "pending"


def test_xlsx_exports_read_back(client, world, coordinator):
    a = submitted(world["own"], {"1.1": "yes", "1.2": 3, "3.1": 4})
    for answer in a.answers.all():
        answer_review(actor=None, answer=answer, decision="accepted", revision=answer.revision)
    b = submitted(world["other"], {"1.1": "no", "1.2": 0, "3.1": 0})
    for answer in b.answers.all():
        answer_review(actor=None, answer=answer, decision="accepted", revision=answer.revision)
    client.force_login(coordinator)
    r = client.get(f"/standard/ranking.xlsx?year={YEAR}")
    book = load_workbook(io.BytesIO(r.content))
    rows = list(book["Рейтинг"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Место", "Землячество", "Балл, %")
    assert [row[:3] for row in rows[1:]] == [(1, "Алтайское", 100), (2, "Брянское", 0)]
    r = client.get(f"/standard/assessments.xlsx?year={YEAR}")
    rows = list(load_workbook(io.BytesIO(r.content))["Ответы"].iter_rows(values_only=True))
    assert len(rows) == 7
    assert rows[1][:8] == (
        "Алтайское",
        "принята",
        "Управление и отчётность",
        "1.1",
        2,
        1,
        "принято",
        1,
    )
    client.force_login(world["leader"])
    assert client.get(f"/standard/assessments.xlsx?year={YEAR}").status_code == 403


def test_coordinator_sets_deadlines_extends_and_publishes_others_refused(
    client, world, coordinator
):
    import datetime

    from zemlyaki.standard.models import Campaign, DeadlineExtension

    later = timezone.localdate() + datetime.timedelta(days=60)
    for user in (world["leader"], world["reviewer"]):
        client.force_login(user)
        assert client.get("/standard/years/").status_code == 403
        r = client.post(
            "/standard/years/", {"action": "deadline", "d-year": YEAR, "d-deadline": later}
        )
        assert r.status_code == 403
        r = client.post("/standard/years/", {"action": "publish", "year": YEAR, "published": "1"})
        assert r.status_code == 403
    campaign = Campaign.objects.get()
    assert (campaign.deadline, campaign.ranking_published) == (world["campaign"].deadline, False)
    client.force_login(coordinator)
    r = client.post("/standard/years/", {"action": "deadline", "d-year": YEAR, "d-deadline": later})
    assert r.status_code == 302 and Campaign.objects.get().deadline == later
    r = client.post(
        "/standard/years/",
        {"action": "extend", "e-year": YEAR, "e-association": world["own"].pk, "e-deadline": later},
    )
    assert "Продлённый срок должен быть позже общего срока года." in r.content.decode()
    assert DeadlineExtension.objects.count() == 0
    r = client.post(
        "/standard/years/",
        {
            "action": "extend",
            "e-year": YEAR,
            "e-association": world["own"].pk,
            "e-deadline": later + datetime.timedelta(days=5),
        },
    )
    assert r.status_code == 302 and DeadlineExtension.objects.get().association == world["own"]
    client.post("/standard/years/", {"action": "publish", "year": YEAR, "published": "1"})
    assert Campaign.objects.get().ranking_published is True


def test_assessment_list_queries_do_not_grow_with_assessments(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zemlyaki.standard.services import assessment_start

    client.force_login(world["leader"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/standard/assessments/").status_code == 200
        return len(ctx.captured_queries)

    for year in (YEAR - 1, YEAR - 2):
        assessment_start(actor=None, association=world["own"], year=year)
        assessment_start(actor=None, association=world["other"], year=year)
    few = count()
    for year in (YEAR - 3, YEAR - 4, YEAR - 5):
        assessment_start(actor=None, association=world["own"], year=year)
        assessment_start(actor=None, association=world["other"], year=year)
    assert count() == few
