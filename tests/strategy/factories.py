"""A small world for the strategy tests: bodies with powers, their members with logins,
and a strategy document with its six sections."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from tests.accounts.factories import UserFactory
from zemlyaki.governance.models import BodyKind
from zemlyaki.governance.services import body_create, member_add, power_grant
from zemlyaki.people.models import Person
from zemlyaki.strategy import services
from zemlyaki.strategy.models import Document

TEXT = (
    "Первый абзац раздела о землячествах.\n\n"
    "Второй абзац: землячества помогают родным краям.\n\n"
    "Третий абзац с таблицей ниже.\n\n"
    "| Год | Событие |\n|---|---|\n| 1996 | Основание |\n"
)


def make_person(last: str, first: str = "Иван", user: Any = None, email: str = "") -> Person:
    return Person.objects.create(last_name=last, first_name=first, user=user, email=email)


def make_user_person(username: str, last: str, role: str = "member") -> tuple[Any, Person]:
    user = UserFactory(username=username, role=role, last_name=last, first_name="Анна")
    return user, make_person(last, "Анна", user=user, email=f"{username}@example.org")


def make_body(kind: str, name: str, powers: list[str], quorum: str = "half") -> Any:
    body = body_create(actor=None, kind=kind, name=name, quorum_rule=quorum)
    for code in powers:
        power_grant(actor=None, body=body, code=code)
    return body


@dataclass
class World:
    document: Document
    sections: list[Any]
    owner: Any  # user owning section 1 (no body power)
    owner_person: Person
    editor: Any  # editorial group: edit_section scoped to section 2 only
    experts: list[Any]  # council members with the review power
    expert_people: list[Person]
    manager: Any  # working group: manage_workflow
    outsider: Any  # a member with no body and no section
    council: Any
    editorial: Any
    working: Any
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> Any:
        return self.sections[0]


def make_world(coordinator: Any = None, experts: int = 3) -> World:
    council = make_body(
        BodyKind.EXPERT_COUNCIL, "Расширенный экспертный совет", ["strategy.review"]
    )
    editorial = make_body(BodyKind.EDITORIAL_GROUP, "Редакционная группа", [])
    working = make_body(BodyKind.WORKING_GROUP, "Рабочая группа", ["strategy.manage_workflow"])
    document = services.document_create(
        actor=coordinator,
        title="Стратегия развития института землячеств",
        period_from=2024,
        period_to=2032,
        reviewing_body=council,
    )
    sections = list(document.sections.order_by("order"))
    owner, owner_person = make_user_person("owner", "Собственникова")
    editor, editor_person = make_user_person("editor", "Редакторова")
    member_add(actor=None, body=editorial, person=editor_person, since=datetime.date(2023, 10, 15))
    power_grant(
        actor=None,
        body=editorial,
        code="strategy.edit_section",
        scope_type="strategy.section",
        scope_id=str(sections[1].pk),
    )
    expert_users, expert_people = [], []
    for index in range(experts):
        user, person = make_user_person(f"expert{index + 1}", f"Экспертова{index + 1}")
        member_add(actor=None, body=council, person=person)
        expert_users.append(user)
        expert_people.append(person)
    manager, manager_person = make_user_person("manager", "Управляева")
    member_add(actor=None, body=working, person=manager_person)
    outsider = UserFactory(username="outsider", role="member")
    services.section_update_settings(
        actor=None,
        section=sections[0],
        owner=owner_person,
        owner_body=editorial,
        deadline=datetime.date(2030, 1, 1),
    )
    sections = list(document.sections.order_by("order"))
    return World(
        document=document,
        sections=sections,
        owner=owner,
        owner_person=owner_person,
        editor=editor,
        experts=expert_users,
        expert_people=expert_people,
        manager=manager,
        outsider=outsider,
        council=council,
        editorial=editorial,
        working=working,
    )


def fresh(section: Any) -> Any:
    from zemlyaki.strategy.models import Section

    return Section.objects.select_related("current_revision", "document").get(pk=section.pk)


def write(section: Any, actor: Any, text: str = TEXT) -> Any:
    section = fresh(section)
    return services.section_save(
        actor=actor, section=section, text=text, base_revision=section.current_revision_id
    )


def agree(world: World, section: Any, actor: Any = None) -> Any:
    """Drive a section with text through review to agreed."""
    services.section_transition(actor=actor or world.manager, section=section, to="review")
    for user in world.experts[:2]:
        services.position_record(actor=user, section=section, stance="agree")
    return services.section_transition(actor=actor or world.manager, section=section, to="agreed")
