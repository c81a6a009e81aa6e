import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.standard.factories import association, leader_of, make_version, open_year, submitted
from zemlyaki.standard.models import Reminder
from zemlyaki.standard.services import assessment_start, deadline_extend

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_remind_mails_leaders_who_have_not_submitted_once(smtp):
    make_version()
    campaign = open_year(days=5)
    late, done, draft, extended = (
        association(n) for n in ("Алтайское", "Брянское", "Вологодское", "Гжельское")
    )
    for assoc, name in ((late, "a"), (done, "b"), (draft, "c"), (extended, "d")):
        user = leader_of(assoc, f"lead-{name}")
        user.email = f"{name}@example.org"
        user.save()
    submitted(done, {"1.1": "yes", "1.2": 1, "3.1": 1})
    assessment_start(actor=None, association=draft, year=YEAR)
    deadline_extend(
        actor=None,
        campaign=campaign,
        association=extended,
        deadline=timezone.localdate() + datetime.timedelta(days=40),
    )
    call_command("standard", "remind", "--days", "7")
    assert sorted(m["X-Envelope-To"] for m in smtp) == ["a@example.org", "c@example.org"]
    deadline = campaign.deadline.strftime("%d.%m.%Y")
    assert {m["Subject"].strip() for m in smtp} == {
        f"Самооценка по\u00a0стандарту за\u00a0{YEAR}\u00a0год: срок\u00a0— {deadline}"
    }
    call_command("standard", "remind", "--days", "7")
    assert len(smtp) == 2 and Reminder.objects.count() == 2
