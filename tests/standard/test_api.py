import datetime

import pytest
from django.utils import timezone

from tests.governance.factories import body_user, make_body
from tests.standard.factories import association, leader_of, make_version, open_year, submitted
from zemlyaki.standard.models import Answer, Assessment, Campaign, DeadlineExtension
from zemlyaki.standard.services import ranking_publish

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def world(db):
    version = make_version()
    campaign = open_year()
    own = association("Алтайское")
    other = association("Брянское")
    reviewer = body_user(make_body("Контрольная комиссия", powers=["standard.review"]))
    return {
        "version": version,
        "campaign": campaign,
        "own": own,
        "other": other,
        "leader": leader_of(own, "lead-own"),
        "other_leader": leader_of(other, "lead-other"),
        "reviewer": reviewer,
    }


def _ids(data):
    return {a["code"]: a["criterion"] for a in data["answers"]}


def test_leader_fills_submits_reviewer_returns_leader_fixes_accepted(api, token_for, world):
    lt, rt = token_for(world["leader"]), token_for(world["reviewer"])
    r = api.post("/assessments", {"association": world["own"].pk, "year": YEAR}, token=lt)
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    ids = _ids(r.json())
    r = api.patch(
        f"/assessments/{aid}",
        {
            "answers": [
                {"criterion": ids["1.1"], "value": "yes"},
                {"criterion": ids["1.2"], "value": 2, "comment": "Отчёт на собрании"},
                {"criterion": ids["3.1"], "value": 3},
            ]
        },
        token=lt,
    )
    assert r.status_code == 200
    assert [a["value"] for a in r.json()["answers"]] == [1.0, 2.0, 3.0]
    assert api.post(f"/assessments/{aid}/submit", token=lt).json()["status"] == "submitted"
    answers = {a["code"]: a for a in api.get(f"/assessments/{aid}", token=rt).json()["answers"]}
    for code, body in (
        ("1.1", {"decision": "accepted"}),
        ("1.2", {"decision": "lowered", "accepted_value": 1}),
        ("3.1", {"decision": "returned", "remark": "Нужен список"}),
    ):
        r = api.post(
            f"/assessments/{aid}/criteria/{ids[code]}/review",
            {"revision": answers[code]["revision"], **body},
            token=rt,
        )
        assert r.status_code == 200, r.content
    assert Assessment.objects.get(pk=aid).status == "returned"
    r = api.patch(
        f"/assessments/{aid}", {"answers": [{"criterion": ids["3.1"], "value": 4}]}, token=lt
    )
    assert r.status_code == 200
    stale_revision = answers["3.1"]["revision"]
    assert api.post(f"/assessments/{aid}/submit", token=lt).status_code == 200
    r = api.post(
        f"/assessments/{aid}/criteria/{ids['3.1']}/review",
        {"revision": stale_revision, "decision": "accepted"},
        token=rt,
    )
    assert r.status_code == 409
    assert Answer.objects.get(assessment_id=aid, criterion_id=ids["3.1"]).review_status == "pending"
    fresh = Answer.objects.get(assessment_id=aid, criterion_id=ids["3.1"]).revision
    r = api.post(
        f"/assessments/{aid}/criteria/{ids['3.1']}/review",
        {"revision": fresh, "decision": "accepted"},
        token=rt,
    )
    assert r.status_code == 200
    ranking = api.get("/standard/ranking", token=rt, year=YEAR).json()
    # (2·1 + 3·1/3 + 1·1) / 6 = 4/6
    assert ranking["rows"] == [
        {
            "rank": 1,
            "association": world["own"].pk,
            "association_name": "Алтайское",
            "score": 66.7,
            "blocks": {"governance": 60.0, "youth": 100.0},
        }
    ]
    assert [m["association_name"] for m in ranking["missing"]] == ["Брянское"]


def test_bad_level_is_422_and_nothing_saved(api, token_for, world):
    lt = token_for(world["leader"])
    data = api.post("/assessments", {"association": world["own"].pk, "year": YEAR}, token=lt).json()
    ids = _ids(data)
    r = api.patch(
        f"/assessments/{data['id']}",
        {
            "answers": [
                {"criterion": ids["1.1"], "value": "yes"},
                {"criterion": ids["1.2"], "value": 7},
            ]
        },
        token=lt,
    )
    assert r.status_code == 422
    assert [(d["field"], d["msg"]) for d in r.json()["detail"]] == [
        ("answers.1", "Уровень — целое число от 0 до 3.")
    ]
    assert list(
        Answer.objects.filter(assessment_id=data["id"]).values_list("value", flat=True)
    ) == [
        None,
        None,
        None,
    ]


def test_permission_matrix(api, token_for, world, member, coordinator):
    own_a = submitted(world["own"], {"1.1": "yes", "1.2": 1, "3.1": 1})
    tokens = {
        "leader": token_for(world["leader"]),
        "other_leader": token_for(world["other_leader"]),
        "member": token_for(member),
        "reviewer": token_for(world["reviewer"]),
        "coordinator": token_for(coordinator),
    }
    # Seeing the assessment: the own leader, the control body, the coordinator.
    seen = {
        who: api.get(f"/assessments/{own_a.pk}", token=t).status_code for who, t in tokens.items()
    }
    assert seen == {
        "leader": 200,
        "other_leader": 404,
        "member": 404,
        "reviewer": 200,
        "coordinator": 200,
    }
    listed = {who: api.get("/assessments", token=t).json()["count"] for who, t in tokens.items()}
    assert listed == {"leader": 1, "other_leader": 0, "member": 0, "reviewer": 1, "coordinator": 1}
    # Starting an assessment for another association is refused; nothing is created.
    r = api.post(
        "/assessments",
        {"association": world["own"].pk, "year": YEAR - 1},
        token=tokens["other_leader"],
    )
    assert r.status_code == 403 and Assessment.objects.count() == 1
    r = api.post(
        "/assessments", {"association": world["own"].pk, "year": YEAR - 1}, token=tokens["member"]
    )
    assert r.status_code == 403 and Assessment.objects.count() == 1
    # Review: only the control body (and the coordinator); the leader is refused.
    answer = Answer.objects.get(assessment=own_a, criterion__code="1.1")
    url = f"/assessments/{own_a.pk}/criteria/{answer.criterion_id}/review"
    body = {"decision": "accepted", "revision": answer.revision}
    assert api.post(url, body, token=tokens["leader"]).status_code == 403
    assert api.post(url, body, token=tokens["other_leader"]).status_code == 404
    answer.refresh_from_db()
    assert answer.review_status == "pending"
    # A submitted assessment cannot be edited by its leader.
    r = api.patch(
        f"/assessments/{own_a.pk}",
        {"answers": [{"criterion": answer.criterion_id, "value": "no"}]},
        token=tokens["leader"],
    )
    assert r.status_code == 403
    answer.refresh_from_db()
    assert answer.value == 1
    assert api.post(url, body, token=tokens["reviewer"]).status_code == 200
    # Deadlines: coordinators only.
    new_deadline = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    for who in ("leader", "member", "reviewer"):
        r = api.post(
            "/standard/campaigns", {"year": YEAR, "deadline": new_deadline}, token=tokens[who]
        )
        assert r.status_code == 403
        r = api.post(
            f"/standard/campaigns/{YEAR}/extensions",
            {"association": world["own"].pk, "deadline": new_deadline},
            token=tokens[who],
        )
        assert r.status_code == 403
    assert Campaign.objects.get().deadline == world["campaign"].deadline
    assert DeadlineExtension.objects.count() == 0
    r = api.post(
        "/standard/campaigns", {"year": YEAR, "deadline": new_deadline}, token=tokens["coordinator"]
    )
    assert r.status_code == 200 and Campaign.objects.get().deadline.isoformat() == new_deadline
    # Ranking: members see it only once published.
    assert api.get("/standard/ranking", token=tokens["member"], year=YEAR).status_code == 403
    assert api.get("/standard/ranking", token=tokens["reviewer"], year=YEAR).status_code == 200
    ranking_publish(actor=None, campaign=Campaign.objects.get())
    assert api.get("/standard/ranking", token=tokens["member"], year=YEAR).status_code == 200
    assert api.get("/standard/ranking", year=YEAR).status_code == 401


def test_versions_and_criteria(api, token_for, world, member):
    t = token_for(member)
    versions = api.get("/standard/versions", token=t).json()
    assert [(v["number"], v["status"]) for v in versions] == [(1, "in_force")]
    criteria = api.get(f"/standard/versions/{versions[0]['id']}/criteria", token=t).json()
    assert [(c["code"], c["weight"], c["answer_kind"]) for c in criteria] == [
        ("1.1", 2, "yes_no"),
        ("1.2", 3, "level"),
        ("3.1", 1, "number"),
    ]


def test_submit_after_deadline_refused_unless_extended(api, token_for, world, coordinator):
    Campaign.objects.filter(pk=world["campaign"].pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    lt = token_for(world["leader"])
    data = api.post("/assessments", {"association": world["own"].pk, "year": YEAR}, token=lt).json()
    ids = _ids(data)
    api.patch(
        f"/assessments/{data['id']}",
        {"answers": [{"criterion": c, "value": 1} for c in ids.values()]},
        token=lt,
    )
    r = api.post(f"/assessments/{data['id']}/submit", token=lt)
    assert r.status_code == 422 and "Срок представления истёк" in r.json()["detail"][0]["msg"]
    assert Assessment.objects.get(pk=data["id"]).status == "draft"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = api.post(
        f"/standard/campaigns/{YEAR}/extensions",
        {"association": world["own"].pk, "deadline": tomorrow},
        token=token_for(coordinator),
    )
    assert r.status_code == 200
    assert api.post(f"/assessments/{data['id']}/submit", token=lt).status_code == 200


def test_link_evidence_and_publishing(api, token_for, world, coordinator, member):
    version = make_version(
        [{"block": "openness", "code": "5.1", "text": "Сайт", "evidence_kinds": ["link"]}],
        in_force=False,
    )
    from zemlyaki.standard.services import version_put_in_force

    version_put_in_force(actor=None, version=version)
    lt = token_for(world["leader"])
    data = api.post("/assessments", {"association": world["own"].pk, "year": YEAR}, token=lt).json()
    cid = data["answers"][0]["criterion"]
    url = f"/assessments/{data['id']}/criteria/{cid}/evidence"
    r = api.post(url, {"url": "не ссылка"}, token=lt)
    assert r.status_code == 422
    assert (
        api.post(
            url, {"url": "https://example.org"}, token=token_for(world["other_leader"])
        ).status_code
        == 404
    )
    assert Answer.objects.get(assessment_id=data["id"]).evidence.count() == 0
    r = api.post(url, {"url": "https://example.org/site"}, token=lt)
    assert r.status_code == 201
    assert [e["name"] for e in r.json()["evidence"]] == ["https://example.org/site"]
    api.patch(
        f"/assessments/{data['id']}", {"answers": [{"criterion": cid, "value": "yes"}]}, token=lt
    )
    assert api.post(f"/assessments/{data['id']}/submit", token=lt).status_code == 200
    publish = f"/standard/campaigns/{YEAR}/publish"
    assert api.post(publish, {"published": True}, token=token_for(member)).status_code == 403
    assert Campaign.objects.get().ranking_published is False
    r = api.post(publish, {"published": True}, token=token_for(coordinator))
    assert r.json() == {"year": YEAR, "ranking_published": True}
    ranking = api.get("/standard/ranking", token=token_for(member), year=YEAR).json()
    assert [row["association_name"] for row in ranking["rows"]] == ["Алтайское"]
