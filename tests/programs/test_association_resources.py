"""An association's resource figures: its programs' balance and what it pledged itself."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.programs.factories import make_need, make_pledge, make_program
from tests.registry.factories import make_association

pytestmark = pytest.mark.django_db


def test_association_page_adds_up_only_its_programs(client, member):
    tambov = make_association(name="Тамбовское землячество")
    other = make_association(name="Другое землячество")
    ours = make_program(title="Тамбовская молодёжь", association=tambov)
    theirs = make_program(title="Чужая программа", association=other)
    need = make_need(ours, quantity="10000")
    make_need(theirs, quantity="99999")
    make_pledge(ours, quantity="4000", need=need)
    make_pledge(theirs, quantity="300", giver=tambov)  # Tambov gives to another program
    client.force_login(member)
    response = client.get(reverse("programs:association_resources", args=[tambov.pk]))
    assert response.status_code == 200
    assert [p.title for p in response.context["programs"]] == ["Тамбовская молодёжь"]
    [row] = response.context["balance"]
    assert (row["needed"], row["pledged"], row["gap"]) == (
        Decimal("10000.00"),
        Decimal("4000.00"),
        Decimal("10000.00"),
    )
    [given] = response.context["giving_balance"]
    assert (given["pledged"], given["needed"]) == (Decimal("300.00"), None)
    html = response.content.decode()
    assert html.count('id="balance"') == 1 and html.count('id="giving-balance"') == 1
    overview = client.get(reverse("programs:gap_overview"))
    rows = {a.name: (a.program_count, a.giving_count) for a in overview.context["associations"]}
    assert rows == {"Тамбовское землячество": (1, 1), "Другое землячество": (1, 0)}
    assert reverse("programs:association_resources", args=[tambov.pk]) in overview.content.decode()


def test_figures_are_public_like_the_programs(client):
    association = make_association()
    response = client.get(reverse("programs:association_resources", args=[association.pk]))
    assert response.status_code == 200
    assert "Программ пока нет." in response.content.decode()


def test_missing_association_is_404(client, member):
    client.force_login(member)
    response = client.get(reverse("programs:association_resources", args=[987654]))
    assert response.status_code == 404
