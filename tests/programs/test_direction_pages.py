"""The coordinator keeps the directions catalogue on pages; others are refused."""

import pytest
from django.urls import reverse

from zemlyaki.core.models import AuditEntry, Region
from zemlyaki.directions.models import Direction, DirectionSource

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_nested_regional_direction_with_a_source(client, coordinator):
    client.force_login(coordinator)
    parent = Direction.objects.get(code="youth")
    page = client.get(reverse("programs:direction_create"), {"parent": parent.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["parent"] == parent
    region = Region.objects.get(code="68")
    response = client.post(
        reverse("programs:direction_create"),
        {
            "code": "tambov-youth",
            "name": "Молодёжь Тамбовщины в Москве",
            "level": "regional",
            "parent": parent.pk,
            "region": region.pk,
            "order": 5,
            "description": "",
        },
    )
    direction = Direction.objects.get(code="tambov-youth")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:direction_detail", args=[direction.pk])
    assert (direction.parent, direction.region, direction.level) == (parent, region, "regional")
    response = client.post(
        reverse("programs:direction_source", args=[direction.pk]),
        {
            "title": "Государственная программа Тамбовской области",
            "number": "12",
            "date": "2024-03-01",
        },
    )
    assert response.status_code == 302
    source = DirectionSource.objects.get(direction=direction)
    assert (source.title, source.number, str(source.date)) == (
        "Государственная программа Тамбовской области",
        "12",
        "2024-03-01",
    )
    assert (
        AuditEntry.objects.filter(object_type="directions.direction", action="create").count() == 1
    )
    detail = client.get(reverse("programs:direction_detail", args=[direction.pk])).content.decode()
    assert "Государственная программа Тамбовской области" in detail
    assert reverse("programs:direction_edit", args=[direction.pk]) in detail


def test_regional_level_needs_a_region_and_errors_stay_by_the_field(client, coordinator):
    client.force_login(coordinator)
    before = Direction.objects.count()
    response = client.post(
        reverse("programs:direction_create"),
        {"code": "x-y", "name": "Без региона", "level": "regional", "order": 0},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "region": ["Для регионального уровня укажите регион."]
    }
    assert Direction.objects.count() == before


def test_edit_keeps_the_code_and_refuses_a_cycle(client, coordinator):
    client.force_login(coordinator)
    parent = Direction.objects.get(code="youth")
    child = Direction.objects.create(code="students", name="Студенты", parent=parent)
    data = {
        "code": "youth",
        "name": parent.name,
        "level": parent.level,
        "order": 0,
        "parent": child.pk,
    }
    response = client.post(reverse("programs:direction_edit", args=[parent.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "Направление не может входить само в себя."
    ]
    data.update(parent="", code="renamed")
    response = client.post(reverse("programs:direction_edit", args=[parent.pk]), data)
    assert "Код направления не меняется" in response.context["form"].errors["code"][0]
    data.update(code="youth", name="Молодёжь и студенты")
    response = client.post(reverse("programs:direction_edit", args=[parent.pk]), data)
    assert response.status_code == 302
    parent.refresh_from_db()
    assert (parent.code, parent.name, parent.parent) == ("youth", "Молодёжь и студенты", None)


def test_direction_with_children_is_not_deleted(client, coordinator):
    client.force_login(coordinator)
    parent = Direction.objects.get(code="youth")
    Direction.objects.create(code="students", name="Студенты", parent=parent)
    response = client.post(reverse("programs:direction_delete", args=[parent.pk]), follow=True)
    assert "В направление входят другие" in response.content.decode()
    assert Direction.objects.filter(pk=parent.pk).exists()
    leaf = Direction.objects.get(code="students")
    response = client.post(reverse("programs:direction_delete", args=[leaf.pk]))
    assert response.status_code == 302
    assert not Direction.objects.filter(pk=leaf.pk).exists()


@pytest.mark.parametrize("role", ["member", "leader"])
def test_others_are_refused_and_nothing_changes(client, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    youth = Direction.objects.get(code="youth")
    count, name = Direction.objects.count(), youth.name
    assert client.get(reverse("programs:direction_create")).status_code == 403
    assert (
        client.post(
            reverse("programs:direction_create"),
            {"code": "z", "name": "Z", "level": "own", "order": 0},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("programs:direction_edit", args=[youth.pk]),
            {"code": "youth", "name": "Чужое", "level": "own", "order": 0},
        ).status_code
        == 403
    )
    assert client.post(reverse("programs:direction_delete", args=[youth.pk])).status_code == 403
    assert (
        client.post(
            reverse("programs:direction_source", args=[youth.pk]), {"title": "Чужой"}
        ).status_code
        == 403
    )
    youth.refresh_from_db()
    assert (Direction.objects.count(), youth.name) == (count, name)
    assert not DirectionSource.objects.filter(title="Чужой").exists()
    page = client.get(reverse("programs:direction_detail", args=[youth.pk])).content.decode()
    assert reverse("programs:direction_edit", args=[youth.pk]) not in page


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("programs:direction_create"))
    assert response.status_code == 302
    assert "/login" in response["Location"]
