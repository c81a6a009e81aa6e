"""Deleting an association takes from storage the files of the records deleted with it:
its member lists (personal data) and their error reports, its news illustrations, its
logo — once the deletion is committed; a refused deletion or a file another record still
names leaves them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.people.factories import csv_bytes, imported
from tests.programs.factories import make_program
from tests.registry.factories import make_association
from zemlyaki.core.errors import Conflict
from zemlyaki.portal.models import NewsItem
from zemlyaki.portal.services.news import news_create, news_update
from zemlyaki.registry.models import Association
from zemlyaki.registry.services import association_delete, association_update

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def _files(coordinator, association):
    """An association with a member list (one row in error: a stored report), a news
    item with an illustration and a logo: their files, as (storage, name)."""
    listing = imported(
        coordinator,
        association,
        csv_bytes([("ФИО", "Телефон"), ("Иванов Иван", "+79001234567"), ("Петров Пётр", "12")]),
    )
    news = news_create(actor=coordinator, association=association, title="Дни области")
    news = news_update(actor=coordinator, news=news, image=_png())
    association = association_update(actor=coordinator, association=association, logo=_png())
    found = [listing.file, listing.errors_file, news.image, association.logo]
    assert all(f.name and f.storage.exists(f.name) for f in found), [f.name for f in found]
    return [(f.storage, f.name) for f in found]


def test_the_files_go_with_the_association_once_committed(
    coordinator, django_capture_on_commit_callbacks
):
    tambov = make_association("Тамбовское землячество", ["68"])
    files = _files(coordinator, tambov)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        association_delete(actor=coordinator, association=tambov)
    assert all(storage.exists(name) for storage, name in files)  # not before the commit
    for callback in callbacks:
        callback()

    assert not Association.objects.filter(pk=tambov.pk).exists()
    assert [name for storage, name in files if storage.exists(name)] == []


def test_a_file_another_record_still_names_stays(coordinator, django_capture_on_commit_callbacks):
    tambov = make_association("Тамбовское землячество", ["68"])
    kursk = make_association("Курское землячество", ["46"])
    news = news_create(actor=coordinator, association=tambov, title="Дни области")
    image = news_update(actor=coordinator, news=news, image=_png()).image
    NewsItem.objects.create(
        association=kursk, title="Та же картинка", slug="ta-zhe", image=image.name
    )

    with django_capture_on_commit_callbacks(execute=True):
        association_delete(actor=coordinator, association=tambov)

    assert image.storage.exists(image.name)


def test_a_refused_deletion_keeps_the_files(coordinator, django_capture_on_commit_callbacks):
    tambov = make_association("Тамбовское землячество", ["68"])
    files = _files(coordinator, tambov)
    make_program(association=tambov)  # a program keeps its association

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict):
        association_delete(actor=coordinator, association=tambov)

    assert Association.objects.filter(pk=tambov.pk).exists()
    assert all(storage.exists(name) for storage, name in files)
