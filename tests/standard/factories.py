import datetime

from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from zemlyaki.registry.services import association_add_leader
from zemlyaki.standard.answers import assessment_submit, assessment_update_answers
from zemlyaki.standard.services import (
    assessment_start,
    campaign_set,
    criterion_create,
    version_create,
    version_put_in_force,
)

LEVELS = ["нет работы", "эпизодически", "регулярно", "системно"]


def make_version(criteria=None, in_force=True):
    """A version with three criteria by default: yes/no (weight 2), level (weight 3),
    number with thresholds 2 and 4 (weight 1, another block)."""
    version = version_create(actor=None, title="Стандарт работы землячества")
    if criteria is None:
        criteria = [
            {"block": "governance", "code": "1.1", "text": "Устав на сайте", "weight": 2},
            {
                "block": "governance",
                "code": "1.2",
                "text": "Отчётность перед членами",
                "weight": 3,
                "answer_kind": "level",
                "levels": LEVELS,
            },
            {
                "block": "youth",
                "code": "3.1",
                "text": "Молодёжные мероприятия",
                "weight": 1,
                "answer_kind": "number",
                "thresholds": [2, 4],
            },
        ]
    for order, fields in enumerate(criteria):
        criterion_create(actor=None, version=version, order=order, **fields)
    if in_force:
        version_put_in_force(actor=None, version=version)
    version.refresh_from_db()
    return version


def leader_of(association, username):
    user = UserFactory(role="leader", username=username)
    association_add_leader(actor=None, association=association, user=user)
    return user


def association(name):
    return make_association(name=name, codes=("68",))


def open_year(year=None, days=30):
    year = year or timezone.localdate().year
    return campaign_set(
        actor=None, year=year, deadline=timezone.localdate() + datetime.timedelta(days=days)
    )


def submitted(assoc, values, year=None, actor=None):
    """Start, answer (criterion code → value) and submit an assessment."""
    year = year or timezone.localdate().year
    assessment = assessment_start(actor=actor, association=assoc, year=year)
    by_code = {
        a.criterion.code: a.criterion_id for a in assessment.answers.select_related("criterion")
    }
    assessment_update_answers(
        actor=actor,
        assessment=assessment,
        answers=[{"criterion": by_code[c], "value": v} for c, v in values.items()],
    )
    return assessment_submit(actor=actor, assessment=assessment)
