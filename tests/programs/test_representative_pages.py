"""The coordinator names a stakeholder's representatives on its page; they then pledge."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.people.factories import make_person
from tests.programs.factories import make_program
from tests.registry.factories import make_stakeholder
from zemlyaki.core.models import AuditEntry
from zemlyaki.programs.models import Pledge, StakeholderRepresentative

pytestmark = pytest.mark.django_db


def _person_with_account(username: str, last: str):
    person = make_person(last=last, first="Анна")
    person.user = UserFactory(role="member", username=username)
    person.save(update_fields=["user"])
    return person


def test_coordinator_adds_a_representative_who_then_pledges(client, coordinator):
    fund = make_stakeholder(name="Фонд «Тамбовщина»")
    person = _person_with_account("anna", "Фондова")
    make_person(last="Безучётная")  # no account: cannot act, so not offered
    client.force_login(coordinator)
    page = client.get(reverse("programs:stakeholder_commitments", args=[fund.pk]))
    offered = [str(p) for p in page.context["representative_form"].fields["person"].queryset]
    assert offered == [str(person)]
    response = client.post(
        reverse("programs:representative_add", args=[fund.pk]),
        {"person": person.pk, "position": "директор"},
    )
    assert response.status_code == 302
    link = StakeholderRepresentative.objects.get()
    assert (link.stakeholder, link.person, link.position) == (fund, person, "директор")
    assert AuditEntry.objects.filter(object_type="programs.stakeholderrepresentative").count() == 1
    again = client.post(
        reverse("programs:representative_add", args=[fund.pk]), {"person": person.pk}
    )
    assert again.context["representative_form"].errors == {
        "person": ["Этот участник уже представляет субъекта."]
    }
    assert StakeholderRepresentative.objects.count() == 1

    program = make_program()
    client.force_login(person.user)
    response = client.post(
        reverse("programs:pledge_add", args=[program.pk]),
        {
            "pledge-giver": f"stakeholder:{fund.pk}",
            "pledge-kind": "money",
            "pledge-quantity": "5000",
            "pledge-unit": "rub",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Pledge.objects.get().stakeholder == fund


def test_coordinator_removes_a_representative(client, coordinator):
    fund = make_stakeholder(name="Фонд")
    person = _person_with_account("boris", "Борисов")
    client.force_login(coordinator)
    client.post(reverse("programs:representative_add", args=[fund.pk]), {"person": person.pk})
    link = StakeholderRepresentative.objects.get()
    response = client.post(reverse("programs:representative_remove", args=[fund.pk, link.pk]))
    assert response.status_code == 302
    assert not StakeholderRepresentative.objects.exists()


@pytest.mark.parametrize("role", ["member", "leader"])
def test_others_neither_see_nor_name_representatives(client, role, request):
    fund = make_stakeholder(name="Фонд")
    person = _person_with_account("vera", "Верина")
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("programs:stakeholder_commitments", args=[fund.pk]))
    assert page.status_code == 200
    assert page.context["representatives"] is None
    assert 'id="representatives"' not in page.content.decode()
    response = client.post(
        reverse("programs:representative_add", args=[fund.pk]), {"person": person.pk}
    )
    assert response.status_code == 403
    assert not StakeholderRepresentative.objects.exists()
