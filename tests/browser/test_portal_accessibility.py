"""WCAG 2.1 AA on the public site: axe-core (npm package in tests/browser/axe, installed by
.ci/run) is served to each page by the test itself and finds no serious or critical
violation on the home, map, association, news, calendar and document pages."""

import datetime
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from tests.support.tools import missing

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""


def axe_source() -> str:
    if not AXE.exists():
        missing("нет axe-core: выполните «npm ci --prefix tests/browser/axe»")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_or_critical_violations(page, site, settings):
    from zemlyaki.events.models import Event
    from zemlyaki.portal.models import EventPlace
    from zemlyaki.portal.services import news_create, publication_save
    from zemlyaki.strategy.models import Document, DocumentVersion

    source = axe_source()
    settings.ZEMLYAKI_SITE_URL = site.url
    coordinator = UserFactory(role="coordinator", username="coord-axe")
    tambov = make_association("Тамбовское землячество", ["68"], slug="tambov")
    publication_save(actor=coordinator, association=tambov, show_member_count=True)
    news = news_create(
        actor=coordinator, association=tambov, title="Дни области", lead="Концерт.",
        body="<h2>Программа</h2><p>Ярмарка и <a href='/news/'>новости</a>.</p>",
        status="published",
    )  # fmt: skip
    forum = Event.objects.create(
        kind="other", title="Форум земляков", place="Москва", is_public=True,
        starts_at=timezone.now() + datetime.timedelta(hours=2),
    )  # fmt: skip
    EventPlace.objects.create(event=forum, association=tambov).regions.set(tambov.regions.all())
    document = Document.objects.create(title="Стратегия", slug="strategiya", status="approved")
    DocumentVersion.objects.create(
        document=document, number=1, title="Стратегия развития", decision_type="t",
        decision_id="1", decision_repr="Решение круглого стола", content={"sections": []},
    )  # fmt: skip
    pages = ["/", "/map/", "/zemlyachestva/tambov/", news.get_absolute_url(), "/calendar/",
             "/documents/strategiya/"]  # fmt: skip
    found = {}
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in pages:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.add_script_tag(content=source)
        violations = page.evaluate(RUN)
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        if bad:
            found[path] = bad
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    hosts = {urlsplit(url).netloc for url in requested if url.startswith("http")}
    assert hosts == {urlsplit(site.url).netloc}, hosts
    # The engine does find what it should: a page with an image without its text.
    page.set_content('<html lang="ru"><title>t</title><main><img src="data:,"></main></html>')
    page.add_script_tag(content=source)
    assert "image-alt" in {v["id"] for v in page.evaluate(RUN)}
