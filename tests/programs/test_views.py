"""Pages of programs and directions."""

import pytest
from django.urls import reverse

from tests.programs.factories import (
    leader_of,
    make_need,
    make_pledge,
    make_program,
    representative,
)
from tests.registry.factories import make_association, make_stakeholder
from zemlyaki.directions.models import Direction
from zemlyaki.programs.models import Pledge, Program

pytestmark = pytest.mark.django_db


def test_program_list_filters_and_pages(client):
    assoc = make_association()
    youth = Direction.objects.get(code="youth")
    for n in range(22):
        make_program(title=f"Программа {n:02d}", association=assoc if n < 3 else None)
    make_program(title="Молодёжная", directions=[youth])
    response = client.get(reverse("programs:program_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 23
    assert len(response.context["page"]) == 20
    # Every filter says what an empty choice means.
    assert "---------" not in response.content.decode()
    assert response.content.decode().count('<option value="" selected>любое</option>') == 2
    response = client.get(reverse("programs:program_list"), {"association": assoc.pk})
    assert [p.title for p in response.context["page"]] == [
        "Программа 00",
        "Программа 01",
        "Программа 02",
    ]
    response = client.get(reverse("programs:program_list"), {"direction": youth.pk})
    assert [p.title for p in response.context["page"]] == ["Молодёжная"]


def test_program_page_shows_needs_pledges_balance_and_chart(client):
    program = make_program(title="Тамбовская")
    need = make_need(program, quantity="1500.50")
    make_pledge(program, need=need, quantity="2000")
    response = client.get(reverse("programs:program_detail", args=[program.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1\u00a0500,50" in html
    assert "сверх потребности" in html
    assert 'class="bar-needed" data-kind="money" data-unit="rub" data-value="1500.50"' in html
    assert 'class="bar-pledged" data-kind="money" data-unit="rub" data-value="2000.00"' in html


def test_leader_creates_a_program_and_sees_russian_errors(client):
    assoc = make_association()
    leader = leader_of(assoc)
    client.force_login(leader)
    url = reverse("programs:program_create")
    bad = client.post(
        url, {"title": "Х", "association": assoc.pk, "start": "2023-01-01", "end": "2025-01-01"}
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors == {"start": ["Срок программы — в пределах 2024–2032 годов."]}
    assert Program.objects.count() == 0
    other = client.post(url, {"title": "Общая", "start": "2025-01-01", "end": "2025-12-31"})
    assert other.status_code == 403 and Program.objects.count() == 0
    ok = client.post(
        url, {"title": "Наша", "association": assoc.pk, "start": "2025-01-01", "end": "2025-12-31"}
    )
    program = Program.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "programs:program_detail", args=[program.pk]
    )


def test_bad_need_on_the_page_is_shown_beside_the_field(client, coordinator):
    program = make_program()
    client.force_login(coordinator)
    response = client.post(
        reverse("programs:need_add", args=[program.pk]),
        {"need-kind": "money", "need-quantity": "-3", "need-unit": "hours"},
    )
    assert response.status_code == 422
    assert response.context["need_form"].errors == {
        "quantity": ["Количество должно быть больше нуля."],
        "unit": ["Для этого вида ресурса допустимы единицы: руб.."],
    }
    assert "Количество должно быть больше нуля." in response.content.decode()


def test_representative_pledges_on_the_page_and_coordinator_confirms(client, coordinator):
    program = make_program()
    need = make_need(program, kind="premises", quantity="100", unit="sqm")
    giver = make_stakeholder(name="Дом культуры", kind="public_institutions")
    rep = representative(giver)
    client.force_login(rep)
    response = client.post(
        reverse("programs:pledge_add", args=[program.pk]),
        {
            "pledge-giver": f"stakeholder:{giver.pk}",
            "pledge-need": need.pk,
            "pledge-quantity": "80",
            "pledge-unit": "sqm",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    pledge = Pledge.objects.get()
    assert (pledge.stakeholder, pledge.kind, pledge.status) == (giver, "premises", "pledged")
    denied = client.post(
        reverse("programs:pledge_transition", args=[pledge.pk]), {"to": "confirmed"}
    )
    assert denied.status_code == 403
    assert Pledge.objects.get().status == "pledged"
    client.force_login(coordinator)
    client.post(reverse("programs:pledge_transition", args=[pledge.pk]), {"to": "confirmed"})
    assert Pledge.objects.get().status == "confirmed"
    again = client.post(
        reverse("programs:pledge_transition", args=[pledge.pk]), {"to": "confirmed"}, follow=True
    )
    assert "Обязательство уже в состоянии «подтверждено»" in again.content.decode()


def test_direction_pages_show_the_tree_and_potential(client):
    youth = Direction.objects.get(code="youth")
    program = make_program(title="Молодёжь", directions=[youth])
    make_need(program, kind="volunteers", quantity="10", unit="person_days")
    tree = client.get(reverse("programs:direction_tree"))
    assert tree.status_code == 200 and youth.name in tree.content.decode()
    page = client.get(reverse("programs:direction_detail", args=[youth.pk]))
    assert page.status_code == 200
    potential = page.context["potential"]
    assert [p.title for p in potential["programs"]] == ["Молодёжь"]
    assert (potential["findings_total"], potential["events_held"]) == (0, 0)
    assert potential["balance"][0]["needed"] == 10


def test_stakeholder_commitments_and_gap_overview(client):
    giver = make_stakeholder(name="Банк")
    program = make_program()
    make_pledge(program, giver=giver, quantity="300")
    page = client.get(reverse("programs:stakeholder_commitments", args=[giver.pk]))
    assert page.status_code == 200 and page.context["balance"][0]["pledged"] == 300
    overview = client.get(reverse("programs:gap_overview"))
    assert overview.status_code == 200 and 'data-value="300.00"' in overview.content.decode()


def test_program_with_pledges_cannot_be_deleted_on_the_page(client, coordinator):
    program = make_program()
    make_pledge(program)
    client.force_login(coordinator)
    response = client.post(reverse("programs:program_delete", args=[program.pk]), follow=True)
    assert Program.objects.filter(pk=program.pk).exists()
    assert "её нельзя удалить, можно прекратить" in response.content.decode()
