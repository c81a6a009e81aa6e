"""The outline of a document: the editorial group adds, renames, reorders and removes
sections; a section with an agreed or approved text is retired, not deleted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from tests.accounts.factories import UserFactory
from zemlyaki.core.models import AuditEntry
from zemlyaki.core.typography import typograph
from zemlyaki.governance.services import member_add, power_grant
from zemlyaki.strategy import assembly, selectors, services, structure
from zemlyaki.strategy.models import Document, DocumentKind, Section

from .factories import agree, make_user_person, write


@pytest.fixture
def standard(world, coordinator):
    return services.document_create(
        actor=coordinator, title="Стандарт работы землячества", kind=DocumentKind.STANDARD
    )


@pytest.fixture
def writer(world, standard):
    """A member of the editorial group, which holds the power to edit both documents."""
    user, person = make_user_person("writer", "Писарева")
    member_add(actor=None, body=world.editorial, person=person, since=datetime.date(2023, 10, 15))
    for document in (standard, world.document):
        power_grant(
            actor=None,
            body=world.editorial,
            code="strategy.edit_section",
            scope_type="strategy.document",
            scope_id=str(document.pk),
        )
    return user


def titles(document):
    return [(s.number, s.title) for s, _level in selectors.outline(document)]


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# ------------------------------------------------------------------ services


def test_editorial_group_builds_the_outline_of_an_empty_document(standard, writer):
    assert titles(standard) == []
    a = structure.section_add(actor=writer, document=standard, title="Общие положения")
    b = structure.section_add(actor=writer, document=standard, title="Члены землячества")
    c = structure.section_add(actor=writer, document=standard, title="Отчётность")
    assert titles(standard) == [
        ("1", "Общие положения"), ("2", "Члены землячества"), ("3", "Отчётность"),
    ]  # fmt: skip

    structure.section_reorder(actor=writer, document=standard, order=[c.pk, a.pk, b.pk])
    assert titles(standard) == [
        ("1", "Отчётность"), ("2", "Общие положения"), ("3", "Члены землячества"),
    ]  # fmt: skip
    assert sorted(Section.objects.filter(document=standard).values_list("order", flat=True)) == [
        1, 2, 3,
    ]  # fmt: skip

    structure.section_move(actor=writer, section=a, offset=-1)
    assert [t for _n, t in titles(standard)] == [
        "Общие положения", "Отчётность", "Члены землячества",
    ]  # fmt: skip

    structure.section_rename(actor=writer, section=b, title="Участники и их права")
    assert ("3", "Участники и их права") in titles(standard)

    assert structure.section_remove(actor=writer, section=c) is False
    assert not Section.objects.filter(pk=c.pk).exists()
    assert titles(standard) == [("1", "Общие положения"), ("2", "Участники и их права")]

    comments = list(
        AuditEntry.objects.filter(object_type="strategy.document", object_id=str(standard.pk))
        .order_by("pk")
        .values_list("comment", "actor__username")
    )
    assert comments[1:] == [
        ("Добавлен раздел «Общие положения»", "writer"),
        ("Добавлен раздел «Члены землячества»", "writer"),
        ("Добавлен раздел «Отчётность»", "writer"),
        ("Изменён порядок разделов", "writer"),
        ("Изменён порядок разделов", "writer"),
        ("Раздел «2. Отчётность» удалён", "writer"),
    ]
    rename = AuditEntry.objects.get(
        object_type="strategy.section", object_id=str(b.pk), action="update"
    )
    assert (rename.before, rename.after) == (
        {"title": "Члены землячества"},
        {"title": "Участники и их права"},
    )


def test_subsections_are_numbered_under_their_parent(standard, writer):
    parent = structure.section_add(actor=writer, document=standard, title="Работа с регионом")
    structure.section_add(actor=writer, document=standard, title="Другое")
    one = structure.section_add(actor=writer, document=standard, title="Дни региона", parent=parent)
    two = structure.section_add(actor=writer, document=standard, title="Землякам", parent=parent)
    structure.section_reorder(
        actor=writer, document=standard, parent=parent, order=[two.pk, one.pk]
    )
    assert titles(standard) == [
        ("1", "Работа с регионом"), ("1.1", "Землякам"), ("1.2", "Дни региона"), ("2", "Другое"),
    ]  # fmt: skip
    with pytest.raises(services.WorkflowError, match="есть подразделы"):
        structure.section_remove(actor=writer, section=parent)


def test_a_stale_or_wrong_order_is_refused_and_nothing_moves(standard, writer):
    a = structure.section_add(actor=writer, document=standard, title="А")
    b = structure.section_add(actor=writer, document=standard, title="Б")
    before = titles(standard)
    for order in ([b.pk], [a.pk, a.pk], [a.pk, b.pk, 999999], ["x", a.pk]):
        with pytest.raises(ValidationError) as error:
            structure.section_reorder(actor=writer, document=standard, order=order)
        assert "order" in error.value.message_dict
        assert titles(standard) == before


def test_the_database_refuses_two_sections_at_one_position(standard, writer):
    a = structure.section_add(actor=writer, document=standard, title="А")
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(document=standard, title="Дубль", order=a.order)
    child = structure.section_add(actor=writer, document=standard, title="Б", parent=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(document=standard, parent=a, title="Дубль", order=child.order)


def test_empty_title_and_foreign_parent_are_refused(standard, writer, world):
    with pytest.raises(ValidationError) as error:
        structure.section_add(actor=writer, document=standard, title="  ", parent=world.sections[0])
    assert error.value.message_dict == {
        "title": ["Укажите заголовок раздела."],
        "parent": ["Раздел может входить только в действующий раздел того же документа."],
    }
    assert Section.objects.filter(document=standard).count() == 0


def test_an_agreed_section_is_retired_not_deleted(world, writer):
    section = world.sections[2]
    write(section, world.owner)
    agree(world, Section.objects.get(pk=section.pk))
    retired = structure.section_remove(actor=writer, section=section)
    assert retired is True
    section.refresh_from_db()
    assert section.retired_at is not None and section.revisions.count() == 2
    # hidden from the outline, the dashboard, the assembled document and the exports
    assert [n for n, _t in titles(world.document)] == ["1", "2", "3", "4", "5"]
    assert section.pk not in [s.pk for s in selectors.section_rows(world.document)]
    assembled = assembly.assemble(world.document)
    assert section.pk not in [item["id"] for item in assembled["sections"]]
    assert [item["number"] for item in assembled["sections"]] == ["1", "2", "3", "4", "5"]
    assert list(selectors.retired_sections(world.document)) == [section]
    assert selectors.document_list(user=writer).get(pk=world.document.pk).section_count == 5
    # kept in the history
    entry = AuditEntry.objects.filter(
        object_type="strategy.section", object_id=str(section.pk)
    ).first()
    assert entry.comment == "Раздел выведен из структуры документа"
    assert entry.actor == writer
    # a retired section is no longer written to, renamed or removed again
    assert not world.owner.has_perm("strategy.change_section", section)
    with pytest.raises(services.WorkflowError):
        structure.section_rename(actor=writer, section=section, title="Новое")
    with pytest.raises(services.WorkflowError):
        structure.section_remove(actor=writer, section=section)


def test_a_section_returned_for_rework_after_agreement_is_retired_too(world, writer):
    section = world.sections[0]
    write(section, world.owner)
    agree(world, Section.objects.get(pk=section.pk))
    services.section_transition(actor=world.manager, section=section, to="rework")
    assert structure.section_remove(actor=writer, section=section) is True
    assert Section.objects.filter(pk=section.pk, retired_at__isnull=False).exists()


def test_a_section_discussed_at_a_meeting_is_retired(world, writer):
    from tests.events.factories import make_event
    from zemlyaki.events.services import agenda_item_add

    section = world.sections[4]
    event = make_event("Стратегическая сессия")
    agenda_item_add(actor=None, event=event, title="Секция 5", subject=section)
    assert structure.section_remove(actor=writer, section=section) is True


def test_an_approved_document_keeps_its_outline(world, writer, decision):
    for section in world.sections:
        write(section, world.owner)
        agree(world, Section.objects.get(pk=section.pk))
    services.document_approve(document=world.document, actor=world.manager, decision=decision)
    before = titles(world.document)
    with pytest.raises(services.WorkflowError, match="утверждён"):
        structure.section_add(actor=writer, document=world.document, title="Новый")
    with pytest.raises(services.WorkflowError, match="утверждён"):
        structure.section_remove(actor=writer, section=world.sections[0])
    assert titles(world.document) == before
    assert not writer.has_perm(
        "strategy.change_structure", Document.objects.get(pk=world.document.pk)
    )


# ------------------------------------------------------------------ permissions and views


ROLES = ["writer", "coordinator", "expert", "section_editor", "member", "leader", "anonymous"]
ALLOWED = {"writer", "coordinator"}


def _section_editor(world):
    from tests.strategy.factories import make_body

    user, person = make_user_person("author1", "Авторова")
    authors = make_body("other", "Авторы первого раздела", [])
    member_add(actor=None, body=authors, person=person)
    power_grant(
        actor=None,
        body=authors,
        code="strategy.edit_section",
        scope_type="strategy.section",
        scope_id=str(world.sections[0].pk),
    )
    return user


def _user(role, world, writer, coordinator):
    return {
        "writer": writer,
        "coordinator": coordinator,
        "expert": world.experts[0],  # a body member without the power: 403
        "section_editor": _section_editor(world),  # the power for one section only: 403
        "member": UserFactory(username="plainmember", role="member"),
        "leader": UserFactory(username="plainleader", role="leader"),
        "anonymous": None,
    }[role]


def _state(document):
    return list(
        Section.objects.filter(document=document)
        .order_by("pk")
        .values_list("pk", "title", "order", "number", "retired_at")
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["add", "rename", "move", "remove", "reorder", "page"])
def test_outline_permission_matrix(world, writer, coordinator, role, action):
    user = _user(role, world, writer, coordinator)
    document = world.document
    first, second = world.sections[0], world.sections[1]
    order = [s.pk for s in world.sections]
    order[0], order[1] = order[1], order[0]
    requests = {
        "page": ("get", f"/strategy/{document.pk}/outline/", {}),
        "add": ("post", f"/strategy/{document.pk}/outline/", {"title": "Новый раздел"}),
        "rename": ("post", f"/strategy/sections/{first.pk}/rename/", {"title": "Иное"}),
        "move": ("post", f"/strategy/sections/{second.pk}/move/", {"direction": "up"}),
        "remove": ("post", f"/strategy/sections/{first.pk}/remove/", {}),
        "reorder": ("post", f"/strategy/{document.pk}/outline/order/", {"order": order}),
    }
    method, url, data = requests[action]
    before = _state(document)
    response = getattr(client_for(user), method)(url, data)
    if role in ALLOWED:
        assert response.status_code == (200 if action == "page" else 302)
        if action != "page":
            assert _state(document) != before
        return
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in {"member", "leader"}:
        assert response.status_code == 404  # drafts are not theirs to see at all
    else:
        assert response.status_code == 403
    assert _state(document) == before


def test_outline_page_adds_and_shows_errors_next_to_fields(world, writer):
    client = client_for(writer)
    response = client.post(f"/strategy/{world.document.pk}/outline/", {"title": ""})
    assert response.status_code == 422
    assert "Укажите заголовок раздела." in response.content.decode()
    response = client.post(
        f"/strategy/{world.document.pk}/outline/",
        {"title": "Приложения", "guidance": "Таблицы и схемы"},
        follow=True,
    )
    assert "Раздел «Приложения» добавлен." in response.content.decode()
    added = Section.objects.get(document=world.document, title="Приложения")
    assert (added.number, added.guidance) == ("7", "Таблицы и схемы")


def test_removing_an_agreed_section_from_the_page_says_it_is_retired(world, writer):
    section = world.sections[1]
    write(section, world.owner)
    agree(world, Section.objects.get(pk=section.pk))
    response = client_for(writer).post(f"/strategy/sections/{section.pk}/remove/", follow=True)
    html = response.content.decode()
    assert "выведен из структуры и сохранён вместе с историей" in html
    assert 'id="retired"' in html
    page = client_for(world.manager).get(f"/strategy/sections/{section.pk}/")
    assert page.status_code == 200
    assert "Раздел выведен из структуры документа" in page.content.decode()


def test_stale_reorder_from_the_page_is_refused_with_a_message(world, writer):
    before = _state(world.document)
    response = client_for(writer).post(
        f"/strategy/{world.document.pk}/outline/order/",
        {"order": [world.sections[0].pk]},
        follow=True,
    )
    assert "обновите страницу и повторите" in response.content.decode()
    assert _state(world.document) == before


def test_a_retired_section_is_not_in_the_docx_export(world, writer):
    import io

    import docx

    section = world.sections[2]
    write(section, world.owner, "Текст выведенного раздела.")
    agree(world, Section.objects.get(pk=section.pk))
    structure.section_remove(actor=writer, section=section)
    response = client_for(world.manager).get(f"/strategy/{world.document.pk}/export.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    # the export's text goes through the typographer, so the titles are looked up as it
    # sets them (else the first check could not fail)
    assert typograph(section.title) not in text and "Текст выведенного раздела." not in text
    assert typograph(world.sections[3].title) in text


def test_approval_leaves_retired_sections_out(world, writer, decision):
    retired = world.sections[5]
    write(retired, world.owner)
    agree(world, Section.objects.get(pk=retired.pk))
    structure.section_remove(actor=writer, section=retired)
    for section in world.sections[:5]:
        write(section, world.owner)
        agree(world, Section.objects.get(pk=section.pk))
    version = services.document_approve(
        document=world.document, actor=world.manager, decision=decision
    )
    assert [item["id"] for item in version.content["sections"]] == [
        s.pk for s in world.sections[:5]
    ]
    retired.refresh_from_db()
    assert retired.status == "agreed" and retired.retired_at is not None


def test_work_on_a_retired_section_is_refused_and_its_review_closes(world, writer):
    from tests.events.factories import make_event
    from zemlyaki.events.services import agenda_item_add
    from zemlyaki.strategy.models import ReviewRound

    section = world.sections[0]
    write(section, world.owner)
    services.section_transition(actor=world.manager, section=section, to="review")
    agenda_item_add(actor=None, event=make_event("Сессия"), title="Раздел 1", subject=section)
    assert structure.section_remove(actor=writer, section=section) is True
    review = ReviewRound.objects.get(section=section)
    assert review.closed_at is not None and review.outcome == "retired"
    section = Section.objects.select_related("current_revision").get(pk=section.pk)
    refusal = "Раздел выведен из структуры документа: работа с ним закончена."
    attempts = [
        lambda: services.section_transition(actor=world.manager, section=section, to="rework"),
        lambda: services.position_record(actor=world.experts[0], section=section, stance="agree"),
        lambda: services.comment_create(actor=world.experts[0], section=section, text="А?"),
        lambda: services.amendment_create(
            actor=world.experts[0], section=section, paragraph=0, proposed="Б", justification="В"
        ),
        lambda: services.section_save(
            actor=world.owner,
            section=section,
            text="Новый текст",
            base_revision=section.current_revision_id,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(services.WorkflowError) as error:
            attempt()
        assert error.value.message == refusal
    assert section.revisions.count() == 2 and section.comments.count() == 0
    from zemlyaki.strategy.rules import available_transitions

    assert available_transitions(world.manager, section) == []
