"""The activist questionnaire answered on a phone in real Chromium, and its way into the
results, the person's profile and the expert search."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association

# The first saved answer loads the Russian morphology dictionaries in the server thread.
SLOW = 30_000


def label_of(page, question_id, text):
    return page.locator(f"#question-{question_id} label.choice", has_text=text)


@pytest.mark.django_db(transaction=True)
def test_activist_questionnaire_on_a_phone(browser, site, page, login):
    from zemlyaki.people.models import Competency, Person
    from zemlyaki.people.services import term_create
    from zemlyaki.surveys.models import ProfileChange
    from zemlyaki.surveys.template import survey_create_from_template

    coordinator = UserFactory(role="coordinator", username="coord")
    tambov = make_association("Тамбовское землячество", ["68"])
    # Transactional tests may or may not find the seeded vocabulary: use it, or add to it.
    law = Competency.objects.filter(name="Право", parent=None).first() or term_create(
        actor=None, kind="competency", name="Право"
    )
    family = Competency.objects.filter(name="Семейное право").first() or term_create(
        actor=None, kind="competency", name="Семейное право", parent=law
    )
    survey = survey_create_from_template(actor=coordinator, is_published=True)
    q = {question.title: question.pk for question in survey.questions.all()}

    phone = browser.new_context(
        base_url=site.url, viewport={"width": 375, "height": 740}, locale="ru-RU",
        is_mobile=True, has_touch=True,
    )  # fmt: skip
    mobile = phone.new_page()
    mobile.set_default_timeout(15_000)
    mobile.goto(f"/s/{survey.slug}/")
    expect(mobile.locator("h1")).to_have_text("Анкета активиста землячества")
    expect(mobile.locator("#progress")).to_contain_text("Страница 1 из 5: Контакты", timeout=SLOW)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375

    mobile.fill(f"#id_q{q['Фамилия']}", "Тамбовцева")
    mobile.fill(f"#id_q{q['Имя']}", "Ольга")
    mobile.fill(f"#id_q{q['Электронная почта']}", "olga@example.org")
    mobile.check("#id_pd_consent")
    mobile.click("#answer-submit")
    expect(mobile.locator("#progress")).to_contain_text("Страница 2 из 5", timeout=SLOW)

    label_of(mobile, q["Ваше землячество"], "Тамбовское землячество").click()
    mobile.select_option(
        f"#id_q{q['Малая родина (субъект Российской Федерации)']}", label="Тамбовская область"
    )
    mobile.click("#answer-submit")
    expect(mobile.locator("#progress")).to_contain_text("Страница 3 из 5", timeout=SLOW)

    mobile.fill(f"#id_q{q['Профессия, должность']}", "юрист")
    label_of(mobile, q["Профессиональные компетенции"], "Семейное право").click()
    mobile.click("#answer-submit")
    expect(mobile.locator("#progress")).to_contain_text("Страница 4 из 5", timeout=SLOW)

    # The display condition: hours are asked only of those who offer their time.
    hours = mobile.locator(f"#question-{q['Сколько часов в месяц вы готовы уделять?']}")
    helping = q["Чем вы готовы помочь землячеству?"]
    expect(hours).to_be_hidden()
    label_of(mobile, helping, "Время").click()
    expect(hours).to_be_visible()
    label_of(mobile, helping, "Время").click()
    expect(hours).to_be_hidden()
    label_of(mobile, helping, "Время").click()
    label_of(mobile, helping, "Контакты и связи").click()
    # The server checks it too: a required visible question left empty is refused.
    mobile.click("#answer-submit")
    expect(hours.locator(".error")).to_have_text("Это обязательный вопрос.")
    expect(mobile.locator("#progress")).to_contain_text("Страница 4 из 5", timeout=SLOW)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    hours.locator("input").fill("6")
    mobile.click("#answer-submit")
    expect(mobile.locator("#progress")).to_contain_text("Страница 5 из 5: Согласия", timeout=SLOW)

    expert_q = q["Согласны ли вы, чтобы вас показывали в поиске экспертов землячеств?"]
    label_of(mobile, expert_q, "Да").click()
    label_of(mobile, q["Согласие на обработку персональных данных"], "Согласен (согласна)").click()
    expect(mobile.locator("#answer-submit")).to_have_text("Отправить")
    mobile.click("#answer-submit")
    expect(mobile.locator("#answer-done")).to_have_text(
        "Спасибо! Ваши ответы сохранены.", timeout=SLOW
    )
    phone.close()

    # The coordinator sees the answer in the results ...
    login(coordinator)
    page.goto(f"/surveys/{survey.pk}/results/")
    expect(page.locator("#response-total")).to_have_text("1 ответ")
    hours_result = page.locator(f"#result-{q['Сколько часов в месяц вы готовы уделять?']}")
    expect(hours_result.locator("svg.chart-histogram")).to_have_count(1)
    expect(hours_result.locator("table.counts tr", has_text="6")).to_contain_text("100")
    assert Person.objects.count() == 0

    # ... reviews the proposed profile change and accepts it ...
    page.goto("/surveys/changes/")
    page.locator("#change-table a", has_text="Тамбовцева Ольга").click()
    expect(page.locator("#match")).to_have_text("Совпадений нет: будет создан новый участник.")
    page.click("#accept-change")
    expect(page.locator(".messages")).to_contain_text("Изменение принято")
    change = ProfileChange.objects.get()
    person = change.person
    assert list(person.competencies.all()) == [family]
    assert person.memberships.get().association == tambov

    # ... and the answers are in the person's profile and in the expert search.
    page.goto(f"/people/{person.pk}/")
    expect(page.locator("main")).to_contain_text("Семейное право")
    expect(page.locator("main")).to_contain_text("Тамбовская область")
    page.goto("/people/?q=семейное+право")
    expect(page.locator("#person-results")).to_contain_text("Тамбовцева Ольга")
