import json

import pytest
from django.core.management import call_command

from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.people.models import Person

from .factories import make_person


@pytest.mark.django_db
def test_export_writes_everything_as_json(capsys):
    association = make_association()
    person = make_person(
        "Ёлкин",
        "Пётр",
        "",
        birth_date="31.12.1980",
        phone="89160000001",
        association=association,
        competencies=["Аудит"],
    )
    call_command("person", "export", str(person.pk))
    data = json.loads(capsys.readouterr().out)
    assert data["last_name"] == "Ёлкин" and data["birth_date"] == "1980-12-31"
    assert data["phone"] == "+79160000001" and data["competencies"] == ["Аудит"]
    assert data["memberships"][0]["association"] == "Тамбовское землячество"
    assert data["consents"][0]["form"] == "письменное (на бумаге)"


@pytest.mark.django_db
def test_erase_is_a_dry_run_without_confirm(capsys):
    association = make_association()
    person = make_person(
        "Ёлкин", "Пётр", "", phone="89160000001", association=association, competencies=["Аудит"]
    )
    call_command("person", "erase", str(person.pk))
    assert "Пробный прогон" in capsys.readouterr().out
    person.refresh_from_db()
    assert person.last_name == "Ёлкин" and person.erased_at is None

    call_command("person", "erase", str(person.pk), "--confirm")
    person.refresh_from_db()
    assert person.erased_at is not None
    assert (person.last_name, person.first_name, person.phone, person.search_text) == (
        "",
        "",
        "",
        "",
    )
    assert person.consents.count() == 0
    # anonymous counts stay: membership and competency
    assert person.memberships.count() == 1 and person.competencies.count() == 1
    assert Person.objects.filter(memberships__association=association).count() == 1
    texts = json.dumps(
        list(
            AuditEntry.objects.filter(object_type="people.person").values(
                "before", "after", "object_repr"
            )
        ),
        ensure_ascii=False,
    )
    assert "Ёлкин" not in texts and "+79160000001" not in texts
