"""The history of a section opens for everyone who reads the document, in any state; a
section's page lists the meetings whose agenda discussed it, with their decisions."""

import pytest
from django.test import Client

from tests.events.factories import make_event
from zemlyaki.events.models import AgendaItem
from zemlyaki.events.services import agenda_item_add, decision_record
from zemlyaki.strategy import services
from zemlyaki.strategy.models import Section

from .factories import agree, write


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def approved(world, decision):
    for section in world.sections:
        write(section, world.owner)
        agree(world, Section.objects.get(pk=section.pk))
    services.document_approve(document=world.document, actor=world.manager, decision=decision)
    return Section.objects.get(pk=world.sections[0].pk)


def test_history_of_an_approved_section_opens_for_a_body_member(world, approved):
    assert approved.status == "approved"
    response = client_for(world.experts[0]).get(f"/strategy/sections/{approved.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [r.number for r in response.context["revisions"]] == [2, 1]
    assert 'id="revision-2"' in html and 'id="revision-1"' in html
    assert [t.to_status for t in response.context["transitions"]] == [
        "review",
        "agreed",
        "approved",
    ]


@pytest.mark.parametrize("who", ["owner", "manager", "expert", "coordinator"])
def test_everyone_who_reads_the_document_reads_its_history(world, approved, coordinator, who):
    user = {
        "owner": world.owner,
        "manager": world.manager,
        "expert": world.experts[1],
        "coordinator": coordinator,
    }[who]
    client = client_for(user)
    assert client.get(f"/strategy/sections/{approved.pk}/history/").status_code == 200
    assert client.get(f"/strategy/{world.document.pk}/history/").status_code == 200
    page = client.get(f"/strategy/sections/{approved.pk}/").content.decode()
    assert f'href="/strategy/sections/{approved.pk}/history/"' in page


def test_history_stays_closed_to_those_who_do_not_read_drafts(world, approved, member):
    assert (
        client_for(world.outsider).get(f"/strategy/sections/{approved.pk}/history/").status_code
        == 404
    )
    anonymous = client_for(None).get(f"/strategy/sections/{approved.pk}/history/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_agenda_item_refers_to_a_section_and_the_section_page_shows_the_meeting(world):
    section = world.sections[1]
    organiser = world.working
    session = make_event("Стратегическая сессия", kind="strategic_session", organiser=organiser)
    other = make_event("Круглый стол без разделов", organiser=organiser)
    item = agenda_item_add(
        actor=None, event=session, title="Секция 2. Цели и задачи", subject=section
    )
    agenda_item_add(actor=None, event=other, title="Разное")
    assert (item.subject, item.subject_title, item.section_id) == (
        section,
        str(section),
        section.pk,
    )
    decision_record(
        actor=None,
        event=session,
        text="Одобрить цели раздела 2 за основу",
        present=1,
        votes_for=1,
    )
    response = client_for(world.manager).get(f"/strategy/sections/{section.pk}/")
    html = response.content.decode()
    assert [row["event"] for row in response.context["meetings"]] == [session]
    assert "Стратегическая сессия" in html and "Круглый стол без разделов" not in html
    assert "Секция 2. Цели и задачи" in html
    assert "Одобрить цели раздела 2 за основу" in html and "принято" in html
    other_page = client_for(world.manager).get(f"/strategy/sections/{world.sections[0].pk}/")
    assert "Раздел ещё не обсуждался на мероприятиях." in other_page.content.decode()


def test_agenda_form_ties_the_item_to_the_chosen_section(world, coordinator):
    section = world.sections[3]
    event = make_event("Заседание рабочей группы", kind="body_meeting")
    client = client_for(coordinator)
    form_page = client.get(f"/events/{event.pk}/manage/").content.decode()
    assert f'<option value="{section.pk}">{section}</option>' in form_page
    response = client.post(
        f"/events/{event.pk}/agenda/add/",
        {"title": "О ресурсах", "duration_minutes": 30, "section": section.pk},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(event=event)
    assert item.subject == section and item.subject_title == str(section)
    refused = client.post(
        f"/events/{event.pk}/agenda/add/",
        {"title": "О несуществующем", "duration_minutes": 30, "section": 999999},
    )
    assert refused.status_code == 422
    assert AgendaItem.objects.filter(event=event).count() == 1
