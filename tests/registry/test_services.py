import pytest
from django.core.exceptions import ValidationError

from zemlyaki.core.models import AuditEntry, Region
from zemlyaki.registry.models import Association
from zemlyaki.registry.services import association_create, association_delete, association_update

from .factories import make_association


@pytest.mark.django_db
def test_create_makes_slug_search_text_and_audit(coordinator):
    association = make_association(actor=coordinator, ogrn="1027700132195", founded_year=1996)
    assert association.slug == "tambovskoe-zemlyachestvo"
    assert " тамбовский " in association.search_text
    entry = AuditEntry.objects.get(
        object_type="registry.association", object_id=str(association.pk)
    )
    assert entry.action == "create"
    assert entry.actor == coordinator
    assert entry.after["name"] == "Тамбовское землячество"
    assert entry.after["regions"] == ["Тамбовская область"]
    assert entry.after["ogrn"] == "1027700132195"


@pytest.mark.django_db
def test_slug_is_unique():
    make_association()
    second = make_association()
    assert second.slug == "tambovskoe-zemlyachestvo-2"


@pytest.mark.django_db
def test_bad_ogrn_and_inn_create_nothing(coordinator):
    with pytest.raises(ValidationError) as exc:
        association_create(
            actor=coordinator,
            name="Рязанское землячество",
            regions=[Region.objects.get(code="62")],
            ogrn="1027700132194",
            inn="7707083894",
        )
    assert exc.value.message_dict == {
        "ogrn": ["Неверная контрольная цифра ОГРН."],
        "inn": ["Неверная контрольная цифра ИНН."],
    }
    assert Association.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="registry.association").count() == 0


@pytest.mark.django_db
def test_regions_are_required():
    with pytest.raises(ValidationError) as exc:
        association_create(actor=None, name="Без региона", regions=[])
    assert exc.value.message_dict == {"regions": ["Укажите хотя бы один субъект РФ."]}


@pytest.mark.django_db
def test_update_records_before_and_after(coordinator):
    association = make_association()
    association_update(
        actor=coordinator,
        association=association,
        status="suspended",
        regions=list(Region.objects.filter(code__in=["68", "62"])),
    )
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.before == {"status": "active", "regions": ["Тамбовская область"]}
    assert entry.after == {
        "status": "suspended",
        "regions": ["Рязанская область", "Тамбовская область"],
    }
    association.refresh_from_db()
    assert " рязанский " in association.search_text


@pytest.mark.django_db
def test_update_without_change_writes_no_audit(coordinator):
    association = make_association()
    association_update(actor=coordinator, association=association, status="active")
    assert AuditEntry.objects.filter(action="update").count() == 0


@pytest.mark.django_db
def test_delete_is_audited(coordinator):
    association = make_association()
    pk = association.pk
    association_delete(actor=coordinator, association=association)
    assert not Association.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.object_id == str(pk)
    assert entry.before["name"] == "Тамбовское землячество"
