"""The registry's page actions that the API also offers: deleting an association, changing a
stakeholder — same permission, service and audit as the pages."""

import pytest

from tests.support.audit import audit_trail
from zemlyaki.core.models import AuditEntry
from zemlyaki.registry.models import Association, Stakeholder

from .factories import make_association, make_stakeholder

pytestmark = pytest.mark.django_db


def test_coordinator_deletes_an_association_with_audit(api, coordinator, token_for):
    association = make_association()
    pk = association.pk
    response = api.delete(f"/associations/{association.slug}", token=token_for(coordinator))
    assert (response.status_code, response.content) == (204, b"")
    assert not Association.objects.filter(pk=pk).exists()
    entries = AuditEntry.objects.filter(object_type="registry.association", object_id=str(pk))
    assert list(entries.order_by("pk").values_list("action", "actor__username")) == [
        ("create", None),
        ("delete", "coord"),
    ]
    missing = api.delete(f"/associations/{association.slug}", token=token_for(coordinator))
    assert missing.status_code == 404


@pytest.mark.parametrize("role", ["member", "leader"])
def test_others_cannot_delete_an_association(api, token_for, role, request):
    user = request.getfixturevalue(role)
    association = make_association()
    association.leaders.add(user)
    token = token_for(user)
    before = AuditEntry.objects.count()
    response = api.delete(f"/associations/{association.slug}", token=token)
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Недостаточно прав для этого действия."},
    )
    assert Association.objects.filter(pk=association.pk).exists()
    assert AuditEntry.objects.count() == before
    assert api.delete(f"/associations/{association.slug}").status_code == 401


def test_coordinator_changes_a_stakeholder_with_audit(api, coordinator, token_for):
    association = make_association()
    stakeholder = make_stakeholder("Фонд «Родные края»", "business", ["68"])
    response = api.patch(
        f"/stakeholders/{stakeholder.pk}",
        {"name": "Фонд «Родина»", "regions": ["62", "68"], "association": association.slug},
        token=token_for(coordinator),
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": stakeholder.pk,
        "kind": "business",
        "kind_name": "Предпринимательство",
        "name": "Фонд «Родина»",
        "website": "",
        "regions": ["62", "68"],
        "association": association.slug,
    }
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.association) == ("Фонд «Родина»", association)
    assert audit_trail(stakeholder) == [("create", None), ("update", "coord")]


def test_stakeholder_change_refused_and_invalid(api, coordinator, leader, token_for):
    stakeholder = make_stakeholder("Фонд «Родные края»", "business", ["68"])
    denied_token, token = token_for(leader), token_for(coordinator)
    before = AuditEntry.objects.count()
    denied = api.patch(f"/stakeholders/{stakeholder.pk}", {"name": "Х"}, token=denied_token)
    assert denied.status_code == 403
    wrong = api.patch(
        f"/stakeholders/{stakeholder.pk}",
        {"kind": "aliens", "association": "net-takogo"},
        token=token,
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["field"] == "kind"
    unknown = api.patch(
        f"/stakeholders/{stakeholder.pk}", {"association": "net-takogo"}, token=token
    )
    assert unknown.json()["detail"] == [
        {
            "loc": ["body", "association"],
            "field": "association",
            "msg": "Землячество не найдено.",
            "type": "value_error",
        }
    ]
    empty = api.patch(f"/stakeholders/{stakeholder.pk}", {"name": None}, token=token)
    assert empty.json()["detail"][0]["msg"] == "Поле не может быть пустым."
    assert api.patch("/stakeholders/999999", {"name": "Х"}, token=token).status_code == 404
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.association) == ("Фонд «Родные края»", None)
    assert AuditEntry.objects.count() == before
    assert Stakeholder.objects.count() == 1


def test_association_with_a_program_is_not_deleted(api, client, coordinator, token_for):
    """Programs keep their association: the API answers 409, the page its refusal, and
    neither the association nor its audit changes."""
    from django.urls import reverse

    from tests.programs.factories import make_program

    association = make_association()
    make_program(association=association)
    before = audit_trail(association)
    message = (
        "У землячества есть программы или годовые отчёты: "
        "сначала удалите их или передайте другому землячеству."
    )
    response = api.delete(f"/associations/{association.slug}", token=token_for(coordinator))
    assert (response.status_code, response.json()) == (409, {"detail": message})
    client.force_login(coordinator)
    page = client.post(reverse("registry:association_delete", args=[association.slug]))
    assert page.status_code == 409
    assert message in page.content.decode()
    assert Association.objects.filter(pk=association.pk).exists()
    assert audit_trail(association) == before
