"""Numbers from outside are bounded before they reach the database: paging, ids, dates."""

import pytest

from tests.plan.factories import make_plan
from tests.strategy.factories import make_world
from zemlyaki.events.models import Event
from zemlyaki.plan.models import Task
from zemlyaki.strategy.models import ConflictCopy, Revision

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def _fields(response):
    return [item["field"] for item in response.json()["detail"]]


@pytest.mark.parametrize(
    "path",
    ["/associations", "/stakeholders", "/events", "/documents", "/bodies", "/plans",
     "/reports/search?q=a&", "/people"],
)  # fmt: skip
@pytest.mark.parametrize("param", ["offset", "limit"])
def test_huge_paging_answers_422_naming_the_parameter(api, coordinator, token_for, path, param):
    sep = "" if path.endswith("&") else "?"
    url = f"{path}{sep}{param}={HUGE}"
    response = api.client.get(
        f"/api/v1{url}", HTTP_AUTHORIZATION=f"Bearer {token_for(coordinator)}"
    )
    assert response.status_code == 422
    assert _fields(response) == [param]
    assert response.json()["detail"][0]["loc"] == ["query", param]


@pytest.mark.parametrize(("param", "value"), [("offset", -1), ("offset", 10_000_001),
                                              ("limit", 0), ("limit", 501)])  # fmt: skip
def test_paging_bounds(api, param, value):
    response = api.get("/stakeholders", **{param: value})
    assert response.status_code == 422
    assert _fields(response) == [param]


def test_paging_at_the_bounds_is_accepted(api):
    response = api.get("/stakeholders", limit=500, offset=10_000_000)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


@pytest.mark.parametrize(
    "path",
    ["/events/{}", "/bodies/{}", "/plans/{}", "/plans/{}/tasks", "/people/{}",
     "/people/imports/{}", "/reports/{}", "/documents/{}", "/sections/{}", "/surveys/{}"],
)  # fmt: skip
def test_huge_path_id_never_answers_500(api, coordinator, token_for, path):
    response = api.get(path.format(HUGE), token=token_for(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "path"


def test_huge_task_id_answers_422(api, coordinator, token_for):
    response = api.patch(f"/tasks/{HUGE}", {"title": "x"}, token=token_for(coordinator))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "task_id"]


def test_huge_slug_is_not_found(api):
    assert api.get(f"/associations/{HUGE}").status_code == 404


def test_huge_dependency_id_answers_422(api, coordinator, token_for):
    plan = make_plan()
    response = api.post(
        f"/plans/{plan.pk}/tasks",
        {"number": "1", "title": "Сбор отчётов", "depends_on": [int(HUGE)]},
        token=token_for(coordinator),
    )
    assert response.status_code == 422
    assert _fields(response) == ["depends_on.0"]
    assert not Task.objects.exists()


def test_unknown_base_revision_answers_422(api, coordinator, token_for):
    world = make_world(coordinator)
    section = world.section
    before = Revision.objects.filter(section=section).count()
    response = api.put(
        f"/sections/{section.pk}",
        {"text": "x", "base_revision": 213014},
        token=token_for(world.owner),
    )
    assert response.status_code == 422
    assert _fields(response) == ["base_revision"]
    assert Revision.objects.filter(section=section).count() == before
    assert not ConflictCopy.objects.exists()


def test_base_revision_of_another_section_answers_422(api, coordinator, token_for):
    world = make_world(coordinator)
    other = world.sections[1].current_revision_id
    response = api.put(
        f"/sections/{world.section.pk}",
        {"text": "x", "base_revision": other},
        token=token_for(world.owner),
    )
    assert response.status_code == 422
    assert _fields(response) == ["base_revision"]
    assert not ConflictCopy.objects.exists()


def test_older_revision_of_the_section_still_answers_409(api, coordinator, token_for):
    world = make_world(coordinator)
    section = world.section
    token = token_for(world.owner)
    old = section.current_revision_id
    assert api.put(f"/sections/{section.pk}", {"text": "один", "base_revision": old},
                   token=token).status_code == 200  # fmt: skip
    response = api.put(
        f"/sections/{section.pk}", {"text": "два", "base_revision": old}, token=token
    )
    assert response.status_code == 409
    assert ConflictCopy.objects.get().text == "<p>два</p>"


@pytest.mark.parametrize("starts_at", ["0070-10-16T13:28:34+03:00", "1899-12-31T23:00:00+00:00",
                                       "2101-01-01T10:00:00+03:00"])  # fmt: skip
def test_event_dates_out_of_range_answer_422(api, coordinator, token_for, starts_at):
    response = api.post(
        "/events",
        {"kind": "round_table", "title": "Круглый стол", "starts_at": starts_at},
        token=token_for(coordinator),
    )
    assert response.status_code == 422
    assert _fields(response) == ["starts_at"]
    assert response.json()["detail"][0]["msg"] == "Дата должна быть между 1900 и 2100 годами."
    assert not Event.objects.exists()


def test_task_dates_out_of_range_answer_422(api, coordinator, token_for):
    plan = make_plan()
    response = api.post(
        f"/plans/{plan.pk}/tasks",
        {"number": "1", "title": "Сбор", "due_date": "0070-10-16", "start_date": "2100-12-31"},
        token=token_for(coordinator),
    )
    assert response.status_code == 422
    assert _fields(response) == ["due_date"]
    assert not Task.objects.exists()


def test_datetimes_are_written_with_whole_minute_offsets(api):
    """A date stored before the bounds existed still reads as RFC 3339 (no LMT seconds)."""
    import datetime

    from tests.events.factories import make_event

    event = make_event("Старое")
    Event.objects.filter(pk=event.pk).update(
        starts_at=datetime.datetime(70, 10, 16, 10, 28, 34, tzinfo=datetime.UTC)
    )
    item = api.get("/events").json()["items"][0]
    assert item["starts_at"] == "0070-10-16T10:28:34Z"
    assert api.get(f"/events/{event.pk}").json()["starts_at"] == "0070-10-16T10:28:34Z"


def test_moscow_datetimes_keep_their_offset(api, coordinator, token_for):
    response = api.post(
        "/events",
        {"kind": "round_table", "title": "Круглый стол", "starts_at": "2026-10-16T13:28:34+03:00"},
        token=token_for(coordinator),
    )
    assert response.status_code == 201
    assert response.json()["starts_at"] == "2026-10-16T13:28:34+03:00"


def test_short_reference_lists_come_whole_in_the_same_envelope(api):
    regions = api.get("/regions").json()
    assert (regions["count"], len(regions["items"])) == (89, 89)
    page = api.get("/regions", limit=10, offset=85).json()
    assert page["count"] == 89
    assert [r["code"] for r in page["items"]] == [r["code"] for r in regions["items"][85:]]
    for path in ["/federal-districts", "/stakeholder-kinds", "/competencies", "/interests",
                 "/surveys"]:  # fmt: skip
        body = api.get(path).json()
        assert set(body) == {"count", "items"}, path
        assert body["count"] == len(body["items"]), path


def test_plan_tasks_and_problems_are_paged(api, coordinator, token_for):
    from tests.plan.factories import make_task

    plan = make_plan()
    for number in ["1", "2", "3"]:
        make_task(plan, number)
    token = token_for(coordinator)
    page = api.get(f"/plans/{plan.pk}/tasks", token=token, limit=2, offset=1).json()
    assert page["count"] == 3
    assert [t["number"] for t in page["items"]] == ["2", "3"]
    problems = api.get(f"/plans/{plan.pk}/problems", token=token, limit=1).json()
    assert problems["count"] == 3  # each task without an owner
    assert [p["kind"] for p in problems["items"]] == ["no_owner"]
