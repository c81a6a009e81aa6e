"""The preparation page links the questionnaire itself, relatively, and its materials."""

import pytest

from zemlyaki.events.forms import EventForm

from .factories import make_event


@pytest.mark.django_db
def test_preparation_page_links_an_on_site_questionnaire_relatively(client):
    event = make_event(questionnaire_url="/s/anketa/")
    page = client.get(f"/events/{event.pk}/preparation/")
    assert '<a class="button primary" href="/s/anketa/">' in page.text


@pytest.mark.parametrize(
    ("value", "valid"),
    [("/s/anketa/", True), ("https://forms.example.org/a", True), ("anketa", False)],
)
def test_event_form_takes_a_site_path_or_a_full_address(value, valid, db):
    form = EventForm(
        {"kind": "round_table", "title": "Круглый стол", "starts_at": "2027-03-01T11:00",
         "status": "planned", "questionnaire_url": value}
    )  # fmt: skip
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["questionnaire_url"] == [
            "Укажите адрес страницы этого сайта, начиная с «/» (например, /s/anketa/), "
            "или полный адрес, начиная с https://."
        ]
