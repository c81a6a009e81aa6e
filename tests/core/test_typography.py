"""Russian as it is written: the typographer itself, and every page of the demo site as
every role checked for straight quotes around Russian words, a hyphen standing for a
dash, and a number disagreeing with the noun it counts."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from tests.core.crawler import Crawl
from tests.core.test_crawl import SITE, demo_site, menu_of  # noqa: F401  (the fixture)
from zemlyaki.core.text import morph
from zemlyaki.core.typography import count, plural, typograph, typograph_html

NB = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Стратегия "Земляки"', "Стратегия «Земляки»"),
        ('"Фонд "Родные края""', "«Фонд „Родные края“»"),
        ("Москвы - сплочение", f"Москвы{NB}— сплочение"),
        ("Москвы -- сплочение", f"Москвы{NB}— сплочение"),
        ("на 2024-2032 годы", f"на{NB}2024–2032{NB}годы"),
        ("1 000 000 рублей", f"1{NB}000{NB}000{NB}рублей"),
        ("в городе и в области", f"в{NB}городе и{NB}в{NB}области"),
        ("Решение № 1", f"Решение №{NB}1"),
        ("тел. 123-45-67, код 77-01, 2024-01-15", "тел. 123-45-67, код 77-01, 2024-01-15"),
        ("кое-что по-русски", "кое-что по-русски"),
    ],
)
def test_the_typographer(text, expected):
    assert typograph(text) == expected


def test_the_typographer_leaves_tags_attributes_and_fields_alone():
    html = (
        '<p title="a - b">Ответ "<b>да</b>" - верно</p>'
        '<textarea name="t">"как есть" - x</textarea><code>a - b</code>'
    )
    assert typograph_html(html) == (
        f'<p title="a - b">Ответ «<b>да</b>»{NB}— верно</p>'
        '<textarea name="t">"как есть" - x</textarea><code>a - b</code>'
    )


def test_plural_agreement():
    forms = "участник,участника,участников"
    assert [count(n, forms) for n in (1, 2, 5, 11, 21, 22, 25, 111, 10_000)] == [
        f"1{NB}участник",
        f"2{NB}участника",
        f"5{NB}участников",
        f"11{NB}участников",
        f"21{NB}участник",
        f"22{NB}участника",
        f"25{NB}участников",
        f"111{NB}участников",
        f"10{NB}000{NB}участников",
    ]
    with translation.override("en"):
        assert plural(2, "participant,participants,participants") == "participants"


# ---------------------------------------------------------------- every page

# Nouns the platform counts in the phrases it generates.
COUNTED = [
    "участник",
    "землячество",
    "ответ",
    "мероприятие",
    "отчёт",
    "анкета",
    "запись",
    "раздел",
    "член",
    "строка",
    "пункт",
    "замечание",
    "файл",
    "документ",
    "программа",
    "эксперт",
    "орган",
    "решение",
    "вопрос",
    "приглашение",
    "субъект",
    "поправка",
    "комментарий",
    "позиция",
    "редакция",
    "страница",
    "голос",
    "критерий",
]
_QUOTED_RU = re.compile(r'"[А-Яа-яЁё]|[А-Яа-яЁё.!?]"')
_HYPHEN_DASH = re.compile(r"\S - \S")
_NUMBER_NOUN = re.compile(r"(?<![\d.,:/№-])(\d+)[ \u00a0]+([а-яё]+)")
# After these the genitive is governed by the word, not by the number («до 152 членов»).
GOVERNING = {
    "до",
    "с",
    "от",
    "из",
    "без",
    "для",
    "около",
    "более",
    "менее",
    "свыше",
    "после",
    "кроме",
    "среди",
    "у",
}


class _Visible(HTMLParser):
    """The text a reader sees (no scripts, styles, form fields' contents or code)."""

    SKIP = {"script", "style", "textarea", "pre", "code", "svg", "head", "select"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in ("p", "li", "td", "th", "div", "br", "h1", "h2", "h3", "dd", "dt"):
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "".join(parser.chunks)


def _forms_of(word: str) -> tuple[str, str, str] | None:
    for parse in morph().parse(word):
        if parse.tag.POS == "NOUN" and parse.normal_form.replace("ё", "е") in {
            w.replace("ё", "е") for w in COUNTED
        }:
            one = parse.inflect({"nomn", "sing"})
            few = parse.inflect({"gent", "sing"})
            many = parse.inflect({"gent", "plur"})
            if one and few and many:
                return one.word, few.word, many.word
    return None


def disagreements(text: str) -> list[str]:
    found = []
    for match in _NUMBER_NOUN.finditer(text):
        number, word = int(match[1]), match[2]
        preceding = text[: match.start()].split()
        if preceding and preceding[-1].lower() in GOVERNING:
            continue
        forms = _forms_of(word)
        if forms is None or word.replace("ё", "е") not in {f.replace("ё", "е") for f in forms}:
            continue  # not a counted noun, or in another case («к 5 участникам»)
        expected = plural(number, forms)
        if expected.replace("ё", "е") != word.replace("ё", "е"):
            found.append(f"«{match[0]}» (нужно «{number} {expected}»)")
    return found


def problems_of(text: str) -> list[str]:
    problems = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if _QUOTED_RU.search(line):
            problems.append(f"straight quotes: {line[:120]}")
        if _HYPHEN_DASH.search(line):
            problems.append(f"a hyphen as a dash: {line[:120]}")
        problems.extend(f"disagreement {d}: {line[:120]}" for d in disagreements(line))
    return problems


def test_the_checks_find_what_they_look_for():
    assert problems_of('Анкета "Земляк"') == ['straight quotes: Анкета "Земляк"']
    assert problems_of("Москвы - сплочение") == ["a hyphen as a dash: Москвы - сплочение"]
    assert problems_of("Всего 5 участника, 1 участник, 21 ответов") == [
        "disagreement «5 участника» (нужно «5 участников»): Всего 5 участника, 1 участник, 21 ответов",
        "disagreement «21 ответов» (нужно «21 ответ»): Всего 5 участника, 1 участник, 21 ответов",
    ]
    assert problems_of("к 5 участникам, 12 марта, 2 года, 2024–2032 годы, до 152 членов") == []


@pytest.mark.crawl
def test_every_page_reads_as_russian_is_written(demo_site, settings):  # noqa: F811
    settings.ZEMLYAKI_TYPOGRAPHY_TIES = True
    report: dict[str, str] = {}
    for role in demo_site:
        client = Client()
        user = get_user_model().objects.get(username=role) if role != "anonymous" else None
        if user is not None:
            client.force_login(user)

        def check(url: str, html: str, role: str = role) -> None:
            for problem in problems_of(visible_text(html)):
                report.setdefault(problem, f"{role} {url}")

        Crawl(client, SITE, on_page=check).run(["/", *menu_of(user)], signed_in=user is not None)
    problems = [f"{where}: {problem}" for problem, where in report.items()]
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_a_page_ties_short_words_in_its_text_and_nowhere_else(client, settings):
    settings.ZEMLYAKI_TYPOGRAPHY_TIES = True
    html = client.get("/").text
    assert f'<a class="skip-link" href="#main">Перейти к{NB}содержанию</a>' in html
    assert NB not in html[: html.find("<body")]
    assert re.findall(r'="[^"]*\u00a0', html) == []  # no attribute got a tie

    settings.ZEMLYAKI_TYPOGRAPHY_TIES = False  # as the rest of the suite reads pages
    assert '<a class="skip-link" href="#main">Перейти к содержанию</a>' in client.get("/").text


def test_pages_keep_their_dashes_but_lose_hyphens_and_straight_quotes():
    """The page-wide pass (spacing off) changes only what is wrong: a proper dash keeps the
    spaces it was written with; a short word and a number are tied to the next word."""
    assert typograph_html("<p>Москва — регион, в 2024 году</p>", spacing=False) == (
        f"<p>Москва — регион, в{NB}2024{NB}году</p>"
    )
    assert typograph_html('<p>Анкета "Земляк" - итоги</p>', spacing=False) == (
        "<p>Анкета «Земляк» — итоги</p>"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Отчеты за еще один год", f"Отчёты за{NB}ещё один год"),
        ("на благо родных краев, в ее честь", f"на{NB}благо родных краёв, в{NB}её честь"),
        ("Утвержден план, утвержденная редакция", "Утверждён план, утверждённая редакция"),
        # Forms that are other words written with «е» stay: счета, краем, приемлемый,
        # утверждена, все.
        ("счета краем приемлемый утверждена все", "счета краем приемлемый утверждена все"),
        ("ОТЧЕТ", "ОТЧЕТ"),  # capitals are left as they are
    ],
)
def test_yo_where_the_word_needs_it(text, expected):
    assert typograph(text) == expected


def test_the_page_wide_pass_ties_short_words_and_numbers_in_text_only():
    html = (
        '<p class="в а">Заседание в Москве и в области: 1 500 000 рублей, № 5, из-за нас</p>'
        '<a href="/?q=в городе" title="в городе">и в городе</a>'
        "<script>var s = 'в городе';</script><style>.a:after{content:'в доме'}</style>"
        '<pre>в доме</pre><code>и к</code><textarea name="t">на дом</textarea>'
        '<input value="в городе"><select><option value="в доме">в доме</option></select>'
        "<p>Он же был, ещё и отчеты</p>"
    )
    assert typograph_html(html, spacing=False) == (
        f'<p class="в а">Заседание в{NB}Москве и{NB}в{NB}области: 1{NB}500{NB}000{NB}рублей, '
        f"№{NB}5, из-за{NB}нас</p>"
        f'<a href="/?q=в городе" title="в городе">и{NB}в{NB}городе</a>'
        "<script>var s = 'в городе';</script><style>.a:after{content:'в доме'}</style>"
        '<pre>в доме</pre><code>и к</code><textarea name="t">на дом</textarea>'
        f'<input value="в городе"><select><option value="в доме">в{NB}доме</option></select>'
        f"<p>Он{NB}же был, ещё и{NB}отчёты</p>"
    )


def test_a_text_with_nothing_to_set_is_left_as_it_is():
    html = "<td>Землячество</td><td>12</td><td>Москва</td>"
    assert typograph_html(html, spacing=False) == html


def test_a_word_document_is_set_run_by_run_leaving_code_and_breaks():
    import docx
    from docx.enum.text import WD_BREAK

    from zemlyaki.core.typography import typograph_docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run('Отчет "Итоги" - на ')
    paragraph.add_run("2024-2032").bold = True
    paragraph.add_run(" годы")
    code = document.add_paragraph().add_run("a - b в коде")
    code.font.name = "Liberation Mono"
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_table(rows=1, cols=1).cell(0, 0).text = "в 5 землячествах"
    document.sections[0].footer.paragraphs[0].add_run("Москва - 2026")

    typograph_docx(document)

    assert [run.text for run in document.paragraphs[0].runs] == [
        f"Отчёт «Итоги»{NB}— на ",  # a short word at the end of a run stays as it is
        "2024–2032",
        " годы",
    ]
    assert document.paragraphs[1].runs[0].text == "a - b в коде"
    assert 'w:type="page"' in document.paragraphs[2].runs[0]._element.xml
    assert document.tables[0].cell(0, 0).text == f"в{NB}5{NB}землячествах"
    assert document.sections[0].footer.paragraphs[0].text == f"Москва{NB}— 2026"


@pytest.mark.django_db
def test_a_letter_is_set_as_russian_is_written(client, mailoutbox):
    """The password reset letter (as every letter) goes through the typographer: the
    subject and the body tie short words to the next word."""
    from tests.accounts.factories import UserFactory

    UserFactory(username="olga", email="olga@example.org")
    client.post("/accounts/password/reset/", {"email": "olga@example.org"})
    [letter] = mailoutbox
    assert letter.subject == f"Восстановление пароля на{NB}платформе «Земляки»"
    assert (
        f"Кто-то (надеемся, вы) запросил восстановление пароля для{NB}входа на{NB}платформу "
        "«Земляки»."
    ) in letter.body
    assert (
        f"Если вы не{NB}запрашивали восстановление, просто не{NB}отвечайте на{NB}это письмо."
        in (letter.body)
    )
