import pytest

from zemlyaki.core.models import AuditEntry, Region
from zemlyaki.registry.models import Association

from .factories import make_association


def card_names(response):
    """Names on the catalogue's cards, in order, read from the HTML."""
    import re

    return re.findall(
        r'<li class="card" data-slug="[^"]*">\s*<h2><a href="[^"]*">([^<]*)</a>', response.text
    )


@pytest.fixture
def tambov(db):
    return make_association("Тамбовское землячество", ["68"], description="Старое описание")


def form_data(association, **changes):
    data = {
        "name": association.name,
        "short_name": association.short_name,
        "slug": association.slug,
        "regions": [r.pk for r in association.regions.all()],
        "legal_form": association.legal_form,
        "ogrn": association.ogrn,
        "inn": association.inn,
        "founded_year": association.founded_year or "",
        "status": association.status,
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
        "description": association.description,
        "social_links_text": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_home_is_russian(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ru">' in response.text
    assert "Каталог землячеств" in response.text


@pytest.mark.django_db
def test_catalogue_search_by_word_form(client, tambov):
    make_association("Рязанское землячество", ["62"])
    response = client.get("/associations/", {"q": "тамбовского"})
    assert response.status_code == 200
    assert card_names(response) == ["Тамбовское землячество"]
    assert "Найдено:" in response.text


@pytest.mark.django_db
def test_catalogue_htmx_returns_only_the_results(client, tambov):
    make_association("Якутское землячество", ["14"])
    response = client.get(
        "/associations/",
        {"district": "FEFD"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="association-results",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert card_names(response) == ["Якутское землячество"]
    assert "1 землячество" in response.text


@pytest.mark.django_db
def test_catalogue_paginates(client):
    region = Region.objects.get(code="68")
    from zemlyaki.registry.services import association_create

    for n in range(25):
        association_create(actor=None, name=f"Землячество {n:02d}", regions=[region])
    first = client.get("/associations/")
    assert len(card_names(first)) == 20
    second = client.get("/associations/", {"page": 2})
    assert card_names(second) == [f"Землячество {n:02d}" for n in range(20, 25)]
    assert "Страница 2 из 2" in second.text


@pytest.mark.django_db
def test_public_card(client, tambov):
    response = client.get(f"/associations/{tambov.slug}/")
    assert response.status_code == 200
    assert "Тамбовская область" in response.text
    assert "Редактировать" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "leads", "expected"),
    [
        (None, False, 302),
        ("member", False, 403),
        ("leader", False, 403),
        ("leader", True, 302),
        ("coordinator", False, 302),
        ("administrator", False, 302),
    ],
)
def test_edit_permission_matrix(client, tambov, role, leads, expected):
    from tests.accounts.factories import UserFactory

    if role:
        user = UserFactory(role=role, username=f"u-{role}")
        if leads:
            tambov.leaders.add(user)
        client.force_login(user)
    response = client.post(
        f"/associations/{tambov.slug}/edit/", form_data(tambov, description="Новое описание")
    )
    assert response.status_code == expected
    tambov.refresh_from_db()
    if role and expected == 302:
        assert tambov.description == "Новое описание"
        assert AuditEntry.objects.filter(action="update").count() == 1
    else:
        if role is None:
            assert response.url.startswith("/accounts/login/")
        assert tambov.description == "Старое описание"
        assert AuditEntry.objects.filter(action="update").count() == 0


@pytest.mark.django_db
def test_edit_shows_russian_errors_next_to_fields(client, coordinator, tambov):
    client.force_login(coordinator)
    response = client.post(
        f"/associations/{tambov.slug}/edit/", form_data(tambov, ogrn="1027700132194", regions=[])
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ogrn"] == ["Неверная контрольная цифра ОГРН."]
    assert form.errors["regions"] == ["Укажите хотя бы один субъект РФ."]
    assert 'id="id_ogrn-error"' in response.text
    tambov.refresh_from_db()
    assert tambov.ogrn == ""


@pytest.mark.django_db
def test_coordinator_creates_association(client, coordinator):
    client.force_login(coordinator)
    region = Region.objects.get(code="36")
    response = client.post(
        "/associations/new/",
        {
            "name": "Воронежское землячество",
            "regions": [region.pk],
            "legal_form": "rpo",
            "status": "active",
            "founded_year": "1997",
            "social_links_text": "https://vk.com/voronezh\n",
        },
    )
    association = Association.objects.get()
    assert response.status_code == 302
    assert response.url == f"/associations/{association.slug}/"
    assert association.social_links == ["https://vk.com/voronezh"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"), [("member", 403), ("leader", 403), ("coordinator", 200)]
)
def test_history_is_for_coordinators(client, tambov, role, expected):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(role=role, username=f"h-{role}"))
    response = client.get(f"/associations/{tambov.slug}/history/")
    assert response.status_code == expected
    if expected == 200:
        assert "Журнал изменений" in response.text
        assert "создание" in response.text


@pytest.mark.django_db
def test_delete_only_by_coordinator(client, leader, coordinator, tambov):
    tambov.leaders.add(leader)
    client.force_login(leader)
    assert client.post(f"/associations/{tambov.slug}/delete/").status_code == 403
    assert Association.objects.filter(pk=tambov.pk).exists()
    client.force_login(coordinator)
    assert client.post(f"/associations/{tambov.slug}/delete/").status_code == 302
    assert not Association.objects.filter(pk=tambov.pk).exists()


@pytest.mark.django_db
def test_stakeholder_contacts_hidden_from_guests(client, member):
    from .factories import make_stakeholder

    stakeholder = make_stakeholder(contact_person="Сидоров Пётр", email="p@example.org")
    guest = client.get(f"/stakeholders/{stakeholder.pk}/")
    assert "Сидоров Пётр" not in guest.text
    client.force_login(member)
    assert "Сидоров Пётр" in client.get(f"/stakeholders/{stakeholder.pk}/").text


@pytest.mark.django_db
def test_menu_shows_sections_by_permission(client, coordinator):
    guest = client.get("/")
    guest_main = [item["title"] for item in guest.context["NAV_ITEMS"]]
    assert guest_main[0] == "Землячества"
    assert "Годовые отчёты" not in guest_main
    assert "Субъекты стратегии" in [item["title"] for item in guest.context["NAV_MORE"]]
    client.force_login(coordinator)
    staff = client.get("/")
    assert "Годовые отчёты" in [item["title"] for item in staff.context["NAV_ITEMS"]]
    assert "Анализ отчётов" in [item["title"] for item in staff.context["NAV_MORE"]]
    assert 'id="sections"' in staff.text


@pytest.mark.django_db
def test_card_links_to_members_only_for_those_who_may_see_them(client, tambov, leader, member):
    members_url = f"/associations/{tambov.slug}/members/"
    assert members_url not in client.get(f"/associations/{tambov.slug}/").text
    client.force_login(member)
    assert members_url not in client.get(f"/associations/{tambov.slug}/").text
    tambov.leaders.add(leader)
    client.force_login(leader)
    assert members_url in client.get(f"/associations/{tambov.slug}/").text


@pytest.mark.django_db
def test_catalogue_cache_follows_changes(client, coordinator, tambov):
    from zemlyaki.registry.services import association_update

    assert card_names(client.get("/associations/", {"q": "тамбовское"})) == [
        "Тамбовское землячество"
    ]
    association_update(actor=coordinator, association=tambov, short_name="Тамбовцы в Москве")
    assert card_names(client.get("/associations/", {"q": "тамбовское"})) == ["Тамбовцы в Москве"]
    assert (
        card_names(client.get("/associations/", {"q": "тамбовское", "status": "suspended"})) == []
    )
