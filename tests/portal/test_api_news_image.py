"""A news item's illustration uploaded through the API as on its editing page: the same
right, the same check of the file by its content and size, the same stored WebP, the
same audit record; a refused upload leaves the news item as it was."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from tests.support.audit import audit_trail, row_counts
from zemlyaki.core.models import AuditEntry
from zemlyaki.portal.models import NewsItem
from zemlyaki.portal.services import news_create

pytestmark = pytest.mark.django_db


def _png(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def news(coordinator, tambov):
    return news_create(
        actor=coordinator, association=tambov, title="Дни Тамбовской области", status="published"
    )


def _upload(api, news, token, data, name="photo.png", **form):
    return api.client.post(
        f"/api/v1/news/{news.slug}/image",
        {"image": SimpleUploadedFile(name, data, content_type="image/png"), **form},
        **({"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}),
    )


def _state(news):
    item = NewsItem.objects.get(pk=news.pk)
    return (item.image.name, item.image_alt, item.updated_at, *row_counts(AuditEntry))


def test_the_leader_of_its_association_uploads_the_illustration(
    api, news, tambov_leader, token_for
):
    answer = _upload(
        api, news, token_for(tambov_leader), _png((3200, 1600)), name="Ярмарка.png",
        image_alt="Ярмарка на площади",
    )  # fmt: skip
    assert answer.status_code == 200
    news.refresh_from_db()
    assert news.image.name.startswith("portal/news/yarmarka") and news.image.name.endswith(".webp")
    assert answer.json() == {
        "slug": news.slug,
        "image": f"http://testserver/media/{news.image.name}",
        "image_width": 1600,
        "image_height": 800,
        "image_alt": "Ярмарка на площади",
    }
    with Image.open(news.image.path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (1600, 800))
    assert audit_trail(news) == [("create", "coord"), ("update", "lead-a")]
    entry = AuditEntry.objects.filter(object_type="portal.newsitem").order_by("pk").last()
    assert entry.after["image"] == news.image.name and entry.before["image"] == ""


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("member", 403), ("leader_b", 403), ("administrator", 403)],
)
def test_others_may_not_change_it(api, news, token_for, request, who, status):
    token = None
    if who == "leader_b":
        other = make_association("Рязанское землячество", codes=("62",), slug="ryazan")
        user = UserFactory(role="leader", username="lead-b")
        other.leaders.add(user)
        token = token_for(user)
    elif who:
        token = token_for(request.getfixturevalue(who))
    before = _state(news)
    assert _upload(api, news, token, _png()).status_code == status
    assert _state(news) == before


def test_a_draft_of_another_association_is_not_found(api, coordinator, token_for, tambov):
    other = make_association("Рязанское землячество", codes=("62",), slug="ryazan")
    stranger = UserFactory(role="leader", username="lead-b")
    other.leaders.add(stranger)
    draft = news_create(actor=coordinator, association=tambov, title="Черновик")
    token = token_for(stranger)
    before = _state(draft)
    assert _upload(api, draft, token, _png()).status_code == 404
    assert _state(draft) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<?php echo 1; ?>", "Файл не является изображением."),
        (_png() + b"0" * (5 * 1024 * 1024), "Иллюстрация больше 5 МБ — уменьшите её."),
        (b"", "Файл не является изображением."),
    ],
    ids=["not-an-image", "too-large", "empty"],
)
def test_a_bad_file_is_refused_with_the_reason(api, news, coordinator, token_for, data, message):
    token = token_for(coordinator)
    before = _state(news)
    answer = _upload(api, news, token, data)
    assert answer.status_code == 422
    assert [(d["field"], d["msg"]) for d in answer.json()["detail"]] == [("image", message)]
    assert _state(news) == before


def test_a_bmp_is_named_as_not_accepted(api, news, coordinator, token_for):
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(out, "BMP")
    token = token_for(coordinator)
    before = _state(news)
    answer = _upload(api, news, token, out.getvalue(), name="photo.bmp")
    assert [(d["field"], d["msg"]) for d in answer.json()["detail"]] == [
        ("image", "Допустимы изображения JPEG, PNG, WebP или GIF.")
    ]
    assert _state(news) == before


def test_the_file_is_required(api, news, coordinator, token_for):
    token = token_for(coordinator)
    before = _state(news)
    answer = api.client.post(
        f"/api/v1/news/{news.slug}/image",
        {"image_alt": "Без файла"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 422
    assert [(d["field"], d["msg"]) for d in answer.json()["detail"]] == [
        ("image", "Обязательное поле.")
    ]
    assert _state(news) == before
