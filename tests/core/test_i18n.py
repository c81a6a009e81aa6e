"""English is the second interface language: the switch works and the catalogue is complete."""

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings

from zemlyaki.registry.models import Association, Stakeholder
from zemlyaki.registry.services import association_create, stakeholder_create

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"

# %(name)s, %s, %d, %% and {…} (str.format fields and the {{ table:… }} inserts of the editor).
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdf]|%[sdf%]|\{[^{}]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def switch_to(client, language, next_url="/"):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    return response


def page_text(response):
    return unescape(response.content.decode())


@pytest.fixture
def tambov(db):
    from zemlyaki.core.models import Region

    return association_create(
        actor=None,
        name="Тамбовское землячество",
        regions=list(Region.objects.filter(code="68")),
        legal_form="rpo",
        founded_year=1998,
    )


@pytest.mark.django_db
def test_russian_is_the_default(client):
    text = page_text(client.get("/"))

    assert '<html lang="ru">' in text
    assert "Каталог землячеств" in text
    assert "Перейти к содержанию" in text
    assert "Association catalogue" not in text
    assert '<button type="submit" name="language" value="en" class="link" lang="en">English' in text


@pytest.mark.django_db
def test_switch_to_english_translates_public_pages(client, tambov):
    switch_to(client, "en")

    home = page_text(client.get("/"))
    assert '<html lang="en">' in home
    assert "<h1>Zemlyaki — the platform of Moscow’s regional associations</h1>" in home
    assert ">Association catalogue</a>" in home
    assert ">Skip to content</a>" in home
    assert "Zemlyaki — the working platform of Moscow’s regional associations" in home
    assert "Каталог землячеств" not in home
    assert "Перейти к содержанию" not in home
    assert '<button type="submit" name="language" value="ru" class="link" lang="ru">Русский' in home

    catalogue = page_text(client.get("/associations/"))
    assert '<html lang="en">' in catalogue
    assert "<title>Association catalogue — " in catalogue
    assert "Name or region" in catalogue
    assert "All districts" in catalogue
    assert "Название или регион" not in catalogue

    detail = page_text(client.get(f"/associations/{tambov.slug}/"))
    assert "<dt>Legal form</dt><dd>regional public organisation</dd>" in detail
    assert "<dt>Year founded</dt><dd>1998</dd>" in detail
    assert ">active</span>" in detail

    login = page_text(client.get("/accounts/login/"))
    assert '<html lang="en">' in login
    assert "Forgot your password?" in login


@pytest.mark.django_db
def test_cached_catalogue_is_kept_per_language(client, tambov):
    # The catalogue's results are cached; each language must get its own copy.
    russian = page_text(client.get("/associations/"))
    assert "Найдено:" in russian
    assert "с 1998 г." in russian
    switch_to(client, "en", "/associations/")

    english = page_text(client.get("/associations/"))
    assert "Found:" in english
    assert "since 1998" in english
    assert "Найдено:" not in english

    switch_to(client, "ru", "/associations/")
    assert "с 1998 г." in page_text(client.get("/associations/"))


@pytest.mark.django_db
def test_english_stakeholder_kinds(client):
    stakeholder_create(actor=None, name="Фонд «Родные края»", kind="business", regions=[])
    stakeholder_create(actor=None, name="Газета «Земляк»", kind="media", regions=[])
    assert Stakeholder.objects.count() == 2
    switch_to(client, "en", "/stakeholders/")

    text = page_text(client.get("/stakeholders/"))

    assert "<h1>Strategy stakeholders</h1>" in text
    assert "<td>Business</td>" in text
    assert "<td>Media</td>" in text
    assert "<th>Organisation</th>" in text


@pytest.mark.django_db
def test_back_to_russian(client):
    switch_to(client, "en")
    assert '<html lang="en">' in page_text(client.get("/"))

    switch_to(client, "ru")
    text = page_text(client.get("/"))

    assert '<html lang="ru">' in text
    assert "Каталог землячеств" in text


@pytest.mark.django_db
def test_english_form_errors_next_to_fields(client, coordinator):
    from zemlyaki.core.models import Region

    client.force_login(coordinator)
    switch_to(client, "en", "/associations/new/")
    base = {"name": "Курское землячество", "legal_form": "rpo", "status": "active"}

    no_region = page_text(client.post("/associations/new/", base))
    assert "Specify at least one federal subject." in no_region
    assert "Укажите хотя бы один субъект РФ." not in no_region

    future = page_text(
        client.post(
            "/associations/new/",
            {**base, "regions": [Region.objects.get(code="46").pk], "founded_year": 2999},
        )
    )
    assert "The year founded cannot be in the future." in future
    assert Association.objects.count() == 0


def test_catalogue_is_complete():
    po = polib.pofile(str(CATALOGUE / "django.po"))

    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert len(po) > 1800
    assert [e.msgid for e in po if "fuzzy" in e.flags] == []
    assert [e.msgid for e in po if e.obsolete] == []
    assert [e.msgid for e in po if not e.translated()] == []
    for entry in po:
        forms = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in forms:
            assert text.strip(), entry.msgid
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid,
                text,
            )
            assert sorted(TAG.findall(text)) == sorted(TAG.findall(entry.msgid)), entry.msgid
            assert text.endswith("\n") == entry.msgid.endswith("\n"), entry.msgid
            # Russian is left only where the English text quotes what the user must type.
            if entry.msgid != "Русский" and "«" not in entry.msgid:
                assert not CYRILLIC.search(text), (entry.msgid, text)


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))

    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.obsolete}
    assert compiled == source


def test_counts_follow_the_language():
    from django.utils import translation

    from zemlyaki.core.templatetags.zemlyaki import ru_plural

    forms = "землячество,землячества,землячеств"
    with translation.override("en"):
        english = translation.gettext(forms)
        assert english == "association,associations,associations"
        assert ru_plural(1, english) == "1 association"
        assert ru_plural(21, english) == "21 associations"
        assert ru_plural(2, english) == "2 associations"
    with translation.override("ru"):
        assert ru_plural(21, translation.gettext(forms)) == "21 землячество"


@pytest.mark.django_db
def test_an_english_browser_still_gets_russian_until_it_chooses():
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ru">' in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").text
