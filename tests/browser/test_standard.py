"""A leader fills the self-assessment on a phone; the control body returns a criterion;
the leader fixes it; it is accepted and the ranking shows the association."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.governance.factories import body_user, make_body
from tests.standard.factories import association, leader_of, make_version, open_year

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser, site):
    contexts = []

    def open_as(user):
        context = browser.new_context(locale="ru-RU", base_url=site.url, viewport=PHONE)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_leader_fills_on_a_phone_reviewer_returns_leader_fixes_ranking_shows(phone, tmp_path):
    make_version(
        [
            {
                "block": "governance",
                "code": "1.1",
                "text": "Протоколы собраний",
                "weight": 2,
                "evidence_kinds": ["file"],
            },
            {
                "block": "governance",
                "code": "1.2",
                "text": "Отчётность",
                "weight": 3,
                "answer_kind": "level",
                "levels": ["нет", "иногда", "регулярно", "системно"],
            },
            {
                "block": "openness",
                "code": "5.1",
                "text": "Публикации за год",
                "weight": 1,
                "answer_kind": "number",
                "thresholds": [4],
                "evidence_kinds": ["link"],
            },
        ]
    )
    open_year()
    altai = association("Алтайское")
    leader = leader_of(altai, "lead-altai")
    reviewer = body_user(make_body("Контрольная комиссия", powers=["standard.review"]))
    protocol = tmp_path / "протокол.pdf"
    protocol.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    year = str(timezone.localdate().year)

    page = phone(leader)
    page.goto("/standard/assessments/")
    page.fill("#id_year", year)
    page.click("text=Начать самооценку")
    expect(page.locator("#criterion h2")).to_have_text("Критерий 1.1 (1 из 3)")
    page.check("input[name=value][value='1']")
    page.click("text=Сохранить ответ")
    page.goto(page.url.split("?")[0] + "?c=1")
    page.set_input_files("#id_file", str(protocol))
    page.click("text=Добавить подтверждение")
    expect(page.locator("#criterion")).to_contain_text("протокол.pdf")
    page.goto(page.url.split("?")[0] + "?c=2")
    page.check("input[name=value][value='2']")
    page.click("text=Сохранить ответ")
    expect(page.locator("#criterion h2")).to_have_text("Критерий 5.1 (3 из 3)")
    page.fill("#id_value", "3")
    page.click("text=Сохранить ответ")
    page.select_option("#id_kind", "link")
    page.fill("#id_url", "https://example.org/news")
    page.click("text=Добавить подтверждение")
    expect(page.locator("#criterion")).to_contain_text("https://example.org/news")
    page.click("text=Представить самооценку")
    expect(page.locator(".messages")).to_contain_text("Самооценка представлена")
    assessment_url = page.url.split("?")[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    review = phone(reviewer)
    review.goto("/standard/review/")
    review.click("text=Алтайское")
    for index, decision in ((1, "accepted"), (2, "accepted"), (3, "returned")):
        review.goto(f"{assessment_url}?c={index}")
        review.check(f"input[name=decision][value={decision}]")
        if decision == "returned":
            review.fill("#id_remark", "Нужно не меньше четырёх публикаций")
        review.click("text=Записать решение")
        expect(review.locator(".messages")).to_contain_text("Решение по критерию записано")

    page.goto(f"{assessment_url}?c=3")
    expect(page.locator("#criterion")).to_contain_text("Нужно не меньше четырёх публикаций")
    page.fill("#id_value", "4")
    page.click("text=Сохранить ответ")
    page.goto(f"{assessment_url}?c=3")
    page.fill("#id_text", "Добавили ещё одну публикацию")
    page.click("text=Ответить на замечание")
    page.click("text=Представить повторно")
    expect(page.locator(".messages")).to_contain_text("Самооценка представлена")

    review.goto(f"{assessment_url}?c=3")
    expect(review.locator("#criterion")).to_contain_text("Добавили ещё одну публикацию")
    review.check("input[name=decision][value=accepted]")
    review.click("text=Записать решение")
    expect(review.locator(".messages")).to_contain_text("Решение по критерию записано")
    review.goto(f"/standard/ranking/?year={year}")
    expect(review.locator("table.ranking tbody tr")).to_have_count(1)
    expect(review.locator("table.ranking tbody tr td").nth(1)).to_have_text("Алтайское")
    # (2·1 + 3·2/3 + 1·1) / 6 = 5/6
    expect(review.locator("table.ranking tbody tr td").nth(2)).to_have_text("83,3")
    expect(review.locator("svg.standard-chart")).to_be_visible()
