"""The world of the role × operation matrix: two associations, one user per role and one
object of every kind an API operation takes, each in a state where its operation can
succeed for a role that holds the permission.

Association A is "the object's association": every object that belongs to an association
belongs to A. The working body «Рабочая группа» holds every power, owns the plan's task,
runs the program, organises the event, reviews the strategy and has the space; the
"body" role is a member of A who sits in it.
"""

from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event
from tests.governance.factories import make_member
from tests.indicators.factories import make_indicator, recorder
from tests.people.factories import csv_bytes, make_person, run_tasks
from tests.plan.factories import make_plan, make_task
from tests.programs.factories import make_need, make_pledge, make_program
from tests.registry.factories import make_association, make_stakeholder
from tests.standard.factories import make_version, open_year, submitted
from tests.surveys.factories import make_question, make_survey
from zemlyaki.directions.services import direction_create
from zemlyaki.governance.powers import POWERS
from zemlyaki.governance.services import body_create, power_grant
from zemlyaki.indicators.services import measurement_enter
from zemlyaki.people.importing import import_commit, import_create
from zemlyaki.people.invitations import invitation_create
from zemlyaki.registry.services import association_add_leader
from zemlyaki.reports.services import report_create
from zemlyaki.standard.answers import assessment_update_answers
from zemlyaki.standard.services import assessment_start
from zemlyaki.strategy import services as strategy
from zemlyaki.strategy.services import document_create
from zemlyaki.workspace import library
from zemlyaki.workspace.services import space_for_body, thread_create

ROLES = ["anonymous", "member", "body", "leader_a", "leader_b", "administrator", "coordinator"]

TEXT = "Первый абзац раздела.\n\nВторой абзац раздела.\n"


def _user(username: str, role: str = "member", **fields: Any) -> Any:
    return UserFactory(username=username, role=role, **fields)


def _member_of(association: Any, user: Any, last: str) -> Any:
    person = make_person(last=last, first="Анна", association=association)
    person.user = user
    person.save(update_fields=["user"])
    return person


def build() -> SimpleNamespace:
    w = SimpleNamespace()
    today = timezone.localdate()
    w.year = today.year
    w.a = make_association(name="Тамбовское землячество", codes=("68",))
    w.b = make_association(name="Курское землячество", codes=("46",))

    w.working = body_create(actor=None, kind="working_group", name="Рабочая группа")
    for code in POWERS:
        power_grant(actor=None, body=w.working, code=code)

    coordinator = _user("m-coord", "coordinator")
    w.users = {
        "anonymous": None,
        "member": _user("m-member"),
        "body": _user("m-body"),
        "leader_a": _user("m-lead-a", "leader"),
        "leader_b": _user("m-lead-b", "leader"),
        "administrator": _user("m-admin", "administrator", is_staff=True, is_superuser=True),
        "coordinator": coordinator,
    }
    _member_of(w.a, w.users["member"], "Участникова")
    body_person = _member_of(w.a, w.users["body"], "Органова")
    w.body_member = make_member(w.working, person=body_person)
    w.removable = make_member(w.working)  # a seat to take away
    association_add_leader(actor=None, association=w.a, user=w.users["leader_a"])
    association_add_leader(actor=None, association=w.b, user=w.users["leader_b"])

    # people: a member of A without a login (invitation, link), a list in preview (with a
    # row in error, for its error report), a list applied
    w.person = make_person(last="Землякова", first="Ольга", association=w.a, email="o@example.org")
    w.stranger = make_person(last="Посторонний", first="Пётр")  # for a body's new member
    w.login = _user("m-login")  # a login without a person, to link
    w.invited = make_person(
        last="Приглашённая", first="Ира", association=w.a, email="i@example.org"
    )
    invitation_create(actor=None, person=w.invited, base_url="http://testserver")
    w.linked = _member_of(w.a, _user("m-linked"), "Связанова")
    header = ["Фамилия", "Имя", "Эл. почта"]
    with run_tasks():  # the lists are read by background tasks, run at the block's end
        w.preview = import_create(
            actor=coordinator,
            association=w.a,
            file_name="list.csv",
            content=csv_bytes(
                [header, ["Новикова", "Вера", "v@example.org"], ["", "", "x@example.org"]]
            ),
        )
        applied = import_create(
            actor=coordinator,
            association=w.a,
            file_name="old.csv",
            content=csv_bytes([header, ["Старова", "Нина", "n@example.org"]]),
        )
    applied.refresh_from_db()
    with run_tasks():
        w.applied = import_commit(actor=coordinator, member_import=applied, on_match="skip")
    w.preview.refresh_from_db()
    w.applied.refresh_from_db()

    w.person_b = make_person(last="Курская", first="Мария", association=w.b)

    w.stakeholder = make_stakeholder(name="Фонд «Родные края»")
    w.survey = make_survey(title="Анкета землячества", association=w.a)
    w.question = make_question(w.survey, title="Как вас зовут?", required=True)
    w.draft_survey = make_survey(title="Анкета в работе", association=w.a, published=False)
    w.draft_question = make_question(w.draft_survey, title="Имя")
    w.report, w.report_b = (
        report_create(
            actor=coordinator, association=x, year_from=w.year - 1, text=TEXT, process=False
        )
        for x in (w.a, w.b)
    )

    # plan, event, direction, program
    w.plan = make_plan(title="План работ")
    w.task = make_task(w.plan, "1", owner_body=w.working)
    w.event = make_event(title="Круглый стол", organiser=w.working)
    w.private = make_event(title="Заседание", organiser=w.working, is_public=False)
    w.direction = direction_create(actor=None, code="1", name="Культура")
    w.program = make_program(association=w.a, responsible_body=w.working)
    w.need = make_need(w.program)
    w.bare = make_program(
        title="Программа без обязательств", association=w.a, responsible_body=w.working
    )
    w.pledge = make_pledge(w.program, giver=w.stakeholder, need=w.need, quantity="500")

    # strategy: section 1 in draft, section 2 under review with an amendment waiting
    w.document = document_create(
        actor=None,
        title="Стратегия развития института землячеств",
        period_from=2024,
        period_to=2032,
        reviewing_body=w.working,
    )
    sections = list(w.document.sections.order_by("order"))
    w.draft, w.review, w.last = sections[0], sections[1], sections[-1]
    w.order = [section.pk for section in sections]
    for section in (w.draft, w.review):
        base = section.current_revision_id
        strategy.section_save(actor=None, section=section, text=TEXT, base_revision=base)
    w.draft.refresh_from_db()
    strategy.section_transition(actor=None, section=w.review, to="review")
    w.review.refresh_from_db()
    w.amendment = strategy.amendment_create(
        actor=None,
        section=w.review,
        paragraph=1,
        proposed="Новый абзац.",
        justification="Так яснее.",
    )

    # the standard: a version in force, this year's campaign, A's assessment in draft
    w.version = make_version()
    w.criterion = w.version.criteria.order_by("order").first()
    open_year(w.year)
    w.assessment = assessment_start(actor=None, association=w.a, year=w.year)
    w.assessment_b = assessment_start(actor=None, association=w.b, year=w.year)
    answers = {"1.1": "yes", "1.2": 2, "3.1": 3}
    w.complete = assessment_start(actor=None, association=w.a, year=w.year - 1)
    by_code = {a.criterion.code: a.criterion_id for a in w.complete.answers.all()}
    assessment_update_answers(
        actor=None,
        assessment=w.complete,
        answers=[{"criterion": by_code[c], "value": v} for c, v in answers.items()],
    )
    w.submitted = submitted(w.a, answers, year=w.year - 2)
    w.submitted_revision = w.submitted.answers.get(criterion=w.criterion).revision

    # indicators: one indicator of the strategy with a measurement waiting for review
    w.indicator = make_indicator(w.document)
    w.measurement = measurement_enter(
        actor=recorder("m-recorder"),
        indicator=w.indicator,
        year=2025,
        value="10",
        evidence_url="https://example.org/act",
    )

    # the working body's space with a thread and a file
    w.space = space_for_body(actor=None, body=w.working)
    w.thread = thread_create(
        actor=w.users["body"], space=w.space, title="Обсуждение", text="Начнём."
    )
    w.open = thread_create(
        actor=w.users["body"], space=w.space, title="Открыто", text="Всем.", audience="public"
    )
    outsider = body_create(actor=None, kind="working_group", name="Другая группа")
    w.other_space = space_for_body(actor=None, body=outsider)
    w.file = library.file_upload(
        actor=w.users["body"], space=w.space, upload=SimpleUploadedFile("a.txt", b"hello")
    )
    w.today = today
    from tests.api import matrix_more_a, matrix_more_b, matrix_more_c

    for module in (matrix_more_a, matrix_more_b, matrix_more_c):
        module.extend(w)
    return w
