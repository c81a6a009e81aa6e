"""Full links (mail, calendars, links to copy) are built from ZEMLYAKI_SITE_URL, never from
the request's host or a hard-coded localhost; production refuses to start without it."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.events.factories import make_event
from tests.registry.factories import make_association
from zemlyaki.core.urls_public import absolute_url, site_host, site_url, validate_link

SITE = "https://zemlyaki.example.org"


@pytest.fixture
def public_site(settings):
    settings.ZEMLYAKI_SITE_URL = SITE + "/"
    return SITE


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text)


def test_helper_joins_the_setting_and_a_path(public_site):
    assert site_url() == SITE
    assert site_host() == "zemlyaki.example.org"
    assert absolute_url("/events/1/") == SITE + "/events/1/"
    assert absolute_url("events/1/") == SITE + "/events/1/"


@pytest.mark.parametrize("value", ["/s/anketa/", "https://forms.example.org/x", "http://a.ru/"])
def test_links_to_this_site_or_full_addresses_are_accepted(value):
    validate_link(value)


@pytest.mark.parametrize("value", ["//evil.example.org/x", "javascript:alert(1)", "anketa", "/\\x"])
def test_other_links_are_refused(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_link(value)


@pytest.mark.django_db
def test_password_reset_mail_links_the_public_site(client, smtp, public_site):
    from tests.accounts.factories import UserFactory

    UserFactory(username="olga", email="olga@example.org")
    client.post("/accounts/password/reset/", {"email": "olga@example.org"})
    [message] = smtp
    [link] = _links(_text(message))
    assert link.startswith(SITE + "/accounts/password/reset/")
    path = link.removeprefix(SITE)
    assert client.get(path, follow=True).status_code == 200


@pytest.mark.django_db
def test_event_registration_mail_and_its_calendar_link_the_public_site(
    smtp, public_site, django_capture_on_commit_callbacks
):
    from zemlyaki.events.services import registration_create

    event = make_event("Круглый стол")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, name="Анна Петрова", email="anna@example.org")
    [message] = smtp
    [link] = _links(_text(message))
    assert re.fullmatch(re.escape(SITE) + r"/events/registration/[\w-]+/", link)
    ics = next(p for p in message.iter_attachments() if p.get_filename() == "event.ics")
    [item] = Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert str(item["URL"]) == f"{SITE}/events/{event.pk}/"
    assert str(item["UID"]) == f"event-{event.pk}@zemlyaki.example.org"


@pytest.mark.django_db
def test_event_reminder_links_the_public_site(smtp, public_site):
    from zemlyaki.events.mail import send_reminders
    from zemlyaki.events.models import Event
    from zemlyaki.events.services import registration_create

    event = make_event("Заседание", kind="body_meeting", days=0)
    Event.objects.filter(pk=event.pk).update(
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=5)
    )
    registration_create(event=event, name="Анна", email="anna@example.org", notify=False)
    assert send_reminders() == 1
    assert _links(_text(smtp[0])) == [f"{SITE}/events/{event.pk}/"]


@pytest.mark.django_db
def test_event_invitation_mail_links_the_public_site(
    smtp, public_site, django_capture_on_commit_callbacks
):
    from tests.governance.factories import make_body, make_member
    from tests.people.factories import make_person
    from zemlyaki.events.services import invite_body

    body = make_body("Оргкомитет", kind="organising_committee")
    make_member(body, person=make_person("Орлова", "Наталья", "", email="orlova@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        invite_body(actor=None, event=make_event(), body=body)
    [message] = smtp
    [link] = _links(_text(message))
    assert re.fullmatch(re.escape(SITE) + r"/events/invitation/[\w-]+/", link)


@pytest.mark.django_db
def test_survey_invitation_sent_from_the_page_links_the_public_site(
    client, coordinator, smtp, public_site, django_capture_on_commit_callbacks
):
    from tests.surveys.factories import make_question, make_survey
    from zemlyaki.people.services import person_create
    from zemlyaki.surveys.models import SurveyMode

    tambov = make_association("Тамбовское землячество", ["68"])
    person_create(
        actor=None,
        data={"last_name": "Иванова", "first_name": "Анна", "email": "anna@example.org"},
        association=tambov,
    )
    survey = make_survey("Анкета актива", mode=SurveyMode.PERSONAL)
    make_question(survey, title="Ваше предложение")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/surveys/{survey.pk}/invitations/",
            {"source": "association", "association": tambov.pk},
            HTTP_HOST="127.0.0.1",
        )
    [message] = smtp
    [link] = _links(message.get_content())
    assert re.fullmatch(re.escape(SITE) + r"/q/[\w-]+", link)
    page = client.get(f"/surveys/{survey.pk}/")
    assert page.context["public_link"] == f"{SITE}/s/{survey.slug}/"


@pytest.mark.django_db
def test_plan_reminder_links_the_public_site(smtp, public_site):
    from django.utils import timezone

    from tests.plan.factories import make_person, make_plan, make_task
    from zemlyaki.plan.services import plan_send_reminders

    anna = make_person("Смирнова", "Анна", email="anna@example.org")
    due = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d.%m.%Y")
    task = make_task(make_plan("План"), "1", "Написать раздел", due=due, owner_person=anna)
    assert plan_send_reminders(days=3) == 1
    assert _links(smtp[0].get_content()) == [f"{SITE}/plans/tasks/{task.pk}/edit/"]


@pytest.mark.django_db
def test_event_feed_links_the_public_site(client, public_site):
    event = make_event("Круглый стол")
    calendar = Calendar.from_ical(client.get("/events/feed.ics").content)
    assert [str(i["URL"]) for i in calendar.walk("VEVENT")] == [f"{SITE}/events/{event.pk}/"]


def _start_production(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    src = Path(__file__).resolve().parents[2] / "src"
    base = {k: v for k, v in os.environ.items() if not k.startswith("ZEMLYAKI_")}
    base.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **base,
            "PYTHONPATH": str(src),
            "DJANGO_SETTINGS_MODULE": "zemlyaki.settings.prod",
            "ZEMLYAKI_DATA": str(tmp_path),
            "SECRET_KEY": "x" * 50,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_the_site_address(tmp_path):
    refused = _start_production({}, tmp_path)
    assert refused.returncode == 1
    assert "ImproperlyConfigured: ZEMLYAKI_SITE_URL" in refused.stderr
    started = _start_production({"ZEMLYAKI_SITE_URL": SITE}, tmp_path)
    assert started.returncode == 0, started.stderr
