"""Evidence on the assessment page: an event held on the platform, an annual report of the
archive, a file — picked by hand, removed, and downloaded only by those who see the
assessment."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.governance.factories import body_user, make_body
from tests.standard.factories import association, leader_of, make_version, open_year
from zemlyaki.events.models import Event
from zemlyaki.reports.models import AnnualReport
from zemlyaki.standard.models import Assessment, Evidence
from zemlyaki.standard.services import assessment_start

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_version()
    open_year()
    own, other = association("Алтайское"), association("Брянское")
    assessment = assessment_start(actor=None, association=own, year=YEAR)
    held = Event.objects.create(
        kind="round_table",
        title="Круглый стол земляков",
        starts_at=timezone.make_aware(datetime.datetime(YEAR, 1, 15, 18, 0)),
        status="held",
    )
    Event.objects.create(
        kind="round_table",
        title="Прошлогодний слёт",
        starts_at=timezone.make_aware(datetime.datetime(YEAR - 1, 5, 1, 18, 0)),
        status="held",
    )
    report = AnnualReport.objects.create(
        association=own, year_from=YEAR - 1, year_to=YEAR - 1, decade="2020s"
    )
    AnnualReport.objects.create(
        association=other, year_from=YEAR - 1, year_to=YEAR - 1, decade="2020s"
    )
    return {
        "assessment": assessment,
        "leader": leader_of(own, "lead-own"),
        "other_leader": leader_of(other, "lead-other"),
        "reviewer": body_user(make_body("Контрольная комиссия", powers=["standard.review"])),
        "event": held,
        "report": report,
    }


def _url(assessment: Assessment) -> str:
    return f"/standard/assessments/{assessment.pk}/?c=1"


def test_leader_picks_an_event_and_a_report_of_the_platform(client, world):
    client.force_login(world["leader"])
    page = client.get(_url(world["assessment"]))
    form = page.context["evidence_form"]
    assert [str(e) for e in form.fields["event"].queryset] == ["Круглый стол земляков"]
    assert list(form.fields["report"].queryset) == [world["report"]]
    r = client.post(
        _url(world["assessment"]),
        {"action": "evidence", "kind": "event", "event": world["event"].pk},
    )
    assert r.status_code == 302
    r = client.post(
        _url(world["assessment"]),
        {"action": "evidence", "kind": "report", "report": world["report"].pk},
    )
    assert r.status_code == 302
    kept = Evidence.objects.order_by("pk")
    assert [(e.kind, e.event, e.report) for e in kept] == [
        ("event", world["event"], None),
        ("report", None, world["report"]),
    ]
    html = client.get(_url(world["assessment"])).content.decode()
    assert f'href="/events/{world["event"].pk}/"' in html
    assert f'href="/reports/{world["report"].pk}/"' in html


def test_an_event_kind_without_an_event_is_refused_beside_the_field(client, world):
    client.force_login(world["leader"])
    r = client.post(_url(world["assessment"]), {"action": "evidence", "kind": "event"})
    assert r.status_code == 200
    assert r.context["evidence_form"].errors == {"event": ["Выберите мероприятие."]}
    assert not Evidence.objects.exists()


def test_leader_removes_evidence_others_cannot(client, world):
    client.force_login(world["leader"])
    client.post(
        _url(world["assessment"]), {"action": "evidence", "kind": "link", "url": "https://a.ru/x"}
    )
    evidence = Evidence.objects.get()
    client.force_login(world["other_leader"])
    r = client.post(
        _url(world["assessment"]), {"action": "remove_evidence", "evidence": evidence.pk}
    )
    assert r.status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    client.force_login(world["leader"])
    r = client.post(
        _url(world["assessment"]), {"action": "remove_evidence", "evidence": evidence.pk}
    )
    assert r.status_code == 302
    assert not Evidence.objects.exists()


def test_evidence_file_is_downloaded_only_by_those_who_see_the_assessment(client, world):
    client.force_login(world["leader"])
    upload = SimpleUploadedFile(
        "протокол.pdf",
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
        content_type="application/pdf",
    )
    r = client.post(
        _url(world["assessment"]), {"action": "evidence", "kind": "file", "file": upload}
    )
    assert r.status_code == 302, r.context["evidence_form"].errors
    evidence = Evidence.objects.get()
    address = evidence.file.url
    assert address.startswith("/media/standard/")
    assert client.get(address).status_code == 200
    client.force_login(world["reviewer"])
    assert client.get(address).status_code == 200
    client.force_login(world["other_leader"])
    assert client.get(address).status_code == 404
    client.logout()
    assert client.get(address).status_code in (302, 404)
