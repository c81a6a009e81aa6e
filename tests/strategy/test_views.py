import datetime

import pytest
from django.test import Client

from zemlyaki.strategy import services
from zemlyaki.strategy.models import Amendment, ConflictCopy, Document, Revision, Section

from .factories import fresh, write

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_coordinator_creates_a_strategy_with_six_sections(coordinator):
    response = _client(coordinator).post(
        "/strategy/new/",
        {"kind": "strategy", "title": "Стратегия-2032", "period_from": "2024", "period_to": "2032"},
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/strategy/{document.pk}/"
    assert document.sections.count() == 6


def test_document_create_refused_without_power(member):
    response = _client(member).post("/strategy/new/", {"kind": "strategy", "title": "Чужая"})
    assert response.status_code == 403
    assert Document.objects.count() == 0


def test_period_error_shows_next_to_the_field(coordinator):
    response = _client(coordinator).post(
        "/strategy/new/",
        {"kind": "strategy", "title": "С", "period_from": "2032", "period_to": "2024"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "period_to": ["Период не может кончаться раньше начала."]
    }
    assert Document.objects.count() == 0


def test_dashboard_shows_owner_status_counts_and_slip(world, django_assert_num_queries):
    write(world.section, world.owner)
    services.comment_create(actor=world.experts[0], section=world.section, text="А?", paragraph=0)
    services.amendment_create(
        actor=world.experts[0],
        section=world.section,
        paragraph=0,
        proposed="Б.",
        justification="В.",
    )
    services.section_transition(actor=world.owner, section=world.section, to="review")
    services.position_record(actor=world.experts[0], section=world.section, stance="agree")
    services.section_update_settings(
        actor=None,
        section=world.sections[2],
        deadline=datetime.date.today() - datetime.timedelta(days=3),
    )
    client = _client(world.manager)
    client.get(f"/strategy/{world.document.pk}/")  # warm the session
    # document, session, user, body membership, sections, retired sections, open rounds,
    # approved version, and the user's powers once for every permission the page asks
    # (the outline and history permissions among them)
    with django_assert_num_queries(9):
        response = client.get(f"/strategy/{world.document.pk}/")
    html = response.content.decode()
    rows = {s.number: s for s in response.context["sections"]}
    first = rows["1"]
    assert (first.open_comments, first.pending_amendments, first.positions_now) == (1, 1, 1)
    assert str(first.owner) == "Собственникова Анна"
    assert rows["3"].slip_days == 3 and rows["1"].slip_days == 0
    assert "3 дня" in html
    assert "Срок пропущен: 1 раздел" in html


def test_edit_conflict_view_shows_both_texts_and_keeps_mine(world):
    base = world.section.current_revision_id
    write(world.section, world.editor, "Текст первого автора.")
    response = _client(world.owner).post(
        f"/strategy/sections/{world.section.pk}/edit/",
        {"text": "Текст второго автора.", "base_revision": base, "comment": ""},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Раздел уже изменён другим участником" in html
    assert '<del class="diff-del">первого</del>' in html
    assert '<ins class="diff-ins">второго</ins>' in html
    assert f'name="base_revision" value="{fresh(world.section).current_revision_id}"' in html
    assert fresh(world.section).text == "<p>Текст первого автора.</p>"
    assert ConflictCopy.objects.get().text == "<p>Текст второго автора.</p>"


def test_edit_refused_to_others(world):
    response = _client(world.experts[0]).post(
        f"/strategy/sections/{world.section.pk}/edit/",
        {"text": "Чужой текст.", "base_revision": world.section.current_revision_id},
    )
    assert response.status_code == 403
    assert fresh(world.section).text == ""


def test_preview_is_sanitised_and_fills_inserts(world):
    response = _client(world.owner).post(
        f"/strategy/sections/{world.section.pk}/preview/",
        {"text": "**Жирный** <script>x()</script>\n\n{{ table:bodies }}\n"},
    )
    html = response.content.decode()
    assert "<strong>Жирный</strong> &lt;script&gt;x()&lt;/script&gt;" in html
    assert "<caption>Рабочие органы</caption>" in html
    assert "<td>Расширенный экспертный совет</td>" in html


def test_compare_two_revisions_side_by_side(world):
    write(world.section, world.owner, "Землячества помогают краям.")
    write(world.section, world.owner, "Землячества активно помогают краям.")
    response = _client(world.owner).get(
        f"/strategy/sections/{world.section.pk}/revisions/compare/?a=2&b=3"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'Землячества<ins class="diff-ins"> активно</ins> помогают краям.' in html
    assert "Добавлено слов: 1, удалено: 0." in html
    missing = _client(world.owner).get(
        f"/strategy/sections/{world.section.pk}/revisions/compare/?a=2&b=9"
    )
    assert missing.status_code == 404


def test_restore_revision_from_the_list(world):
    first = write(world.section, world.owner, "Первая.")
    second = write(world.section, world.owner, "Вторая.")
    client = _client(world.owner)
    assert client.get(f"/strategy/sections/{world.section.pk}/revisions/").status_code == 200
    response = client.post(
        f"/strategy/sections/{world.section.pk}/revisions/{first.number}/restore/",
        {"base_revision": second.pk},
    )
    assert response.status_code == 302
    assert fresh(world.section).text == "<p>Первая.</p>"
    assert Revision.objects.filter(section=world.section).count() == 4


def test_wrong_transition_shows_the_reason(world):
    response = _client(world.manager).post(
        f"/strategy/sections/{world.section.pk}/transition/", {"to": "agreed"}
    )
    assert response.status_code == 409
    assert (
        "Из статуса «черновик» нельзя перевести раздел в статус «согласован»."
        in response.content.decode()
    )
    assert fresh(world.section).status == "draft"


def test_transition_refused_without_power(world):
    write(world.section, world.owner)
    response = _client(world.experts[0]).post(
        f"/strategy/sections/{world.section.pk}/transition/", {"to": "review"}
    )
    assert response.status_code == 403
    assert fresh(world.section).status == "draft"


def test_amendment_form_errors_next_to_fields(world):
    write(world.section, world.owner)
    response = _client(world.experts[0]).post(
        f"/strategy/sections/{world.section.pk}/amendments/",
        {"paragraph": "7", "proposed": "Текст", "justification": ""},
    )
    assert response.status_code == 400
    assert response.context["amendment_form"].errors == {"justification": ["Обоснуйте поправку."]}
    response = _client(world.experts[0]).post(
        f"/strategy/sections/{world.section.pk}/amendments/",
        {"paragraph": "7", "proposed": "Текст", "justification": "Так."},
    )
    assert response.context["amendment_form"].errors == {
        "paragraph": ["В разделе нет абзаца с таким номером."]
    }
    assert Amendment.objects.count() == 0


def test_section_page_anchors_paragraphs_and_hides_review_from_outsiders(world, member):
    write(world.section, world.owner)
    services.comment_create(actor=world.experts[0], section=world.section, text="Тайное замечание.")
    html = _client(world.experts[0]).get(f"/strategy/sections/{world.section.pk}/").content.decode()
    assert '<p data-para="1" id="p-1">Второй абзац' in html
    assert "Тайное замечание." in html
    # the editor of another section takes part in the work but has no review power here
    html = _client(world.editor).get(f"/strategy/sections/{world.section.pk}/").content.decode()
    assert "Второй абзац" in html and "Тайное замечание." not in html
    assert _client(member).get(f"/strategy/sections/{world.section.pk}/").status_code == 404


def test_settings_assign_owner_and_plan_task(world):
    from zemlyaki.plan.services import plan_create, task_create

    plan = plan_create(actor=None, title="План", is_main=True)
    task = task_create(
        actor=None, plan=plan, number="7", title="Разработать стратегию",
        due_date=datetime.date(2024, 8, 1),
    )  # fmt: skip
    section = world.sections[1]
    response = _client(world.manager).post(
        f"/strategy/sections/{section.pk}/settings/",
        {"title": section.title, "guidance": "", "owner": world.owner_person.pk,
         "owner_body": world.editorial.pk, "deadline": "", "plan_task": task.pk},
    )  # fmt: skip
    assert response.status_code == 302
    section = Section.objects.get(pk=section.pk)
    assert (section.owner, section.owner_body, section.plan_task_id) == (
        world.owner_person, world.editorial, task.pk,
    )  # fmt: skip
    assert services.section_deadline(section) == datetime.date(2024, 8, 1)
    refused = _client(world.owner).post(
        f"/strategy/sections/{section.pk}/settings/", {"title": "Чужое"}
    )
    assert refused.status_code == 403
    assert Section.objects.get(pk=section.pk).title == section.title


def test_document_list_for_guests_shows_only_approved(world):
    response = Client().get("/strategy/")
    assert response.status_code == 200
    assert "0 документов" in response.content.decode()
    response = _client(world.owner).get("/strategy/")
    assert "1 документ" in response.content.decode()
    assert "Стратегия развития института землячеств" in response.content.decode()


def test_section_page_queries_do_not_grow_with_comments(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    write(world.section, world.owner)
    client = _client(world.owner)
    url = f"/strategy/sections/{world.section.pk}/"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = services.comment_create(
        actor=world.experts[0], section=world.section, text="1", paragraph=0
    )
    services.comment_create(actor=world.owner, section=world.section, text="ответ", parent=first)
    services.amendment_create(
        actor=world.experts[0], section=world.section, paragraph=0, proposed="Иначе 1.",
        justification="А.",
    )  # fmt: skip
    client.get(url)
    one = count()
    for n in range(2, 7):
        comment = services.comment_create(
            actor=world.experts[1], section=world.section, text=str(n), paragraph=1
        )
        services.comment_create(
            actor=world.owner, section=world.section, text="ответ", parent=comment
        )
        services.amendment_create(
            actor=world.experts[0], section=world.section, paragraph=2,
            proposed=f"Иначе {n}.", justification="Б.",
        )  # fmt: skip
    assert count() == one
