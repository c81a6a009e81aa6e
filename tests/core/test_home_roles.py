"""The home page tells each person what to do: exact blocks and items per role, each
item linking to the page where the work is done."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event
from tests.governance.factories import make_body, make_member
from tests.people.factories import make_person
from tests.plan.factories import make_plan, make_task
from tests.registry.factories import make_association
from tests.surveys.factories import make_survey
from zemlyaki.events.services import registration_create
from zemlyaki.reports.models import AnnualReport
from zemlyaki.strategy.models import ReviewRound
from zemlyaki.strategy.services import document_create
from zemlyaki.surveys.models import Response, ResponseStatus

TODAY = timezone.localdate()
YEAR = TODAY.year


class _Home(HTMLParser):
    """Blocks of the home page: data-home key → [(link text, href, meta)], and figures."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: dict[str, list[tuple[str, str, str]]] = {}
        self.figures: dict[str, str] = {}
        self._key = ""
        self._tag = ""
        self._item: list[str] | None = None
        self._figure: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if "data-home" in attr:
            self._key = attr["data-home"]
            if tag == "li":
                self._figure = []
            else:
                self.blocks[self._key] = []
        elif tag == "li" and self._key and self._key in self.blocks:
            self._item = ["", "", ""]
        elif tag == "a" and self._item is not None:
            self._item[1] = attr["href"]
        self._tag = tag

    def handle_endtag(self, tag):
        if tag == "section":
            self._key = ""
        if tag == "li" and self._figure is not None:
            self.figures[self._key] = " ".join("".join(self._figure).split())
            self._figure = None
        elif tag == "li" and self._item is not None:
            title, href, meta = self._item
            self.blocks[self._key].append((" ".join(title.split()), href, " ".join(meta.split())))
            self._item = None
        self._tag = ""

    def handle_data(self, data):
        if self._figure is not None:
            self._figure.append(data)
        elif self._item is not None:
            self._item[0 if self._tag == "a" else 2] += data


def home_of(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    parser = _Home()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def world(db):
    tambov = make_association("Тамбовское землячество", codes=("68",))
    penza = make_association("Пензенское землячество", codes=("58",))
    leader = UserFactory(role="leader", username="lead")
    tambov.leaders.add(leader)
    member = UserFactory(role="member", username="memb")
    member_person = make_person("Петров", "Пётр", "Петрович", association=tambov)
    member_person.user = member
    member_person.save()
    event = make_event("Встреча земляков", days=5)
    registration_create(
        event=event, name="Пётр Петров", email="p@example.org", user=member, notify=False
    )
    make_event("Прошедший вечер", days=-5)
    open_survey = make_survey("Анкета земляка", mode="anonymous")
    make_survey("Черновик анкеты", published=False)
    own_survey = make_survey("Анкета тамбовцев", association=tambov)
    Response.objects.create(survey=own_survey, status=ResponseStatus.SUBMITTED)
    Response.objects.create(survey=own_survey, status=ResponseStatus.SUBMITTED)
    Response.objects.create(survey=own_survey, status=ResponseStatus.IN_PROGRESS)
    plan = make_plan("План разработки")
    late = make_task(plan, "3", "Собрать предложения", owner_person=member_person)
    late.due_date = TODAY - datetime.timedelta(days=2)
    late.save()
    make_task(plan, "4", "Чужое мероприятие", due="01.01.2030")
    AnnualReport.objects.create(association=penza, year_from=YEAR - 1, year_to=YEAR - 1)
    council = make_body(name="Экспертный совет", kind="expert_council")
    editor = UserFactory(role="member", username="editor")
    make_member(council, user=editor)
    document = document_create(
        actor=None, title="Стратегия", period_from=2024, period_to=2032, reviewing_body=council
    )
    section = document.sections.order_by("order").first()
    ReviewRound.objects.create(
        section=section, body=council, deadline=TODAY + datetime.timedelta(days=7)
    )
    coordinator = UserFactory(role="coordinator", username="coord")
    return locals()


def test_a_member_sees_their_associations_events_and_open_questionnaires(client, world):
    home = home_of(client, world["member"])
    event = world["event"]
    when = timezone.localtime(event.starts_at).strftime("%d.%m.%Y, %H:%M")
    survey = world["open_survey"]
    assert home.figures == {}
    assert {k: v for k, v in home.blocks.items() if k != "registry:summary"} == {
        "people:my-associations": [
            ("Тамбовское землячество", world["tambov"].get_absolute_url(), "член")
        ],
        "events:my-registrations": [("Встреча земляков", event.get_absolute_url(), when)],
        "surveys:open": [
            (
                "Анкета земляка",
                f"/s/{survey.slug}/",
                f"до {survey.closes_on:%d.%m.%Y}",
            ),
            (
                "Анкета тамбовцев",
                f"/s/{world['own_survey'].slug}/",
                f"до {world['own_survey'].closes_on:%d.%m.%Y}",
            ),
        ],
    }


def test_a_leader_sees_what_is_due(client, world):
    home = home_of(client, world["leader"])
    tambov, plan, late = world["tambov"], world["plan"], world["late"]
    assert home.figures == {}
    blocks = {k: v for k, v in home.blocks.items() if k not in ("registry:summary", "surveys:open")}
    assert blocks == {
        "reports:annual-due": [
            (
                f"Годовой отчёт за {YEAR - 1} год: Тамбовское землячество",
                f"/reports/upload/?association={tambov.slug}&year={YEAR - 1}",
                "ещё не загружен",
            )
        ],
        "people:member-lists": [
            (
                "Обновить список членов: Тамбовское землячество",
                f"/people/imports/?association={tambov.slug}",
                "список ещё не загружался",
            )
        ],
        "surveys:results": [
            (
                "Итоги анкеты «Анкета тамбовцев»",
                f"/surveys/{world['own_survey'].pk}/results/",
                "2 ответа",  # the space is a non-breaking one, folded here
            )
        ],
        "plan:my-tasks": [
            (
                "3. Собрать предложения",
                f"{plan.get_absolute_url()}#task-{late.pk}",
                f"просрочено: срок {late.due_date:%d.%m.%Y}",
            )
        ],
        "people:my-associations": [
            ("Тамбовское землячество", tambov.get_absolute_url(), "вы руководитель")
        ],
        "events:my-registrations": [],
    }


def test_a_body_member_sees_the_sections_waiting_for_them(client, world):
    home = home_of(client, world["editor"])
    section = world["section"]
    deadline = TODAY + datetime.timedelta(days=7)
    number = f"{section.number} " if section.number else ""
    assert home.blocks["strategy:waiting"] == [
        (
            f"Раздел {number}«{section.title}»",
            f"/strategy/sections/{section.pk}/",
            f"ждёт вашей позиции (Экспертный совет) до {deadline:%d.%m.%Y}",
        )
    ]
    # Once they stated their position the section no longer waits for them.
    from zemlyaki.strategy.models import Position

    Position.objects.create(
        round=world["section"].rounds.get(),
        person=world["editor"].person,
        stance="agree",
    )
    assert "strategy:waiting" not in home_of(client, world["editor"]).blocks


def test_the_coordinator_sees_the_figures(client, world):
    home = home_of(client, world["coordinator"])
    assert home.figures == {
        "registry:associations": "2 землячества",
        "reports:received": f"1 отчёт получен в {YEAR} году",
        "plan:overdue": "1 мероприятие просрочено",
        "surveys:open-count": "2 анкеты открыты",
    }
    assert home.blocks == {}


def test_a_guest_sees_no_personal_blocks(client, world):
    response = client.get("/")
    parser = _Home()
    parser.feed(response.content.decode())
    assert parser.figures == {}
    assert parser.blocks == {}
