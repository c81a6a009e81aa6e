from html.parser import HTMLParser

import pytest

from zemlyaki.strategy import markup

HOSTILE = (
    "Текст <script>alert('x')</script> и [ссылка](javascript:alert(1)).\n\n"
    "<script>document.cookie</script>\n\n"
    '<a href="javascript:alert(2)" onclick="steal()">клик</a>\n\n'
    "[хорошая](https://example.org) ![картинка](javascript:alert(3))\n"
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_script_and_javascript_links_render_harmless():
    html = markup.render(HOSTILE)
    tags = _tags(html)
    assert {tag for tag, _attrs in tags} == {"p", "a"}
    assert [attrs["href"] for tag, attrs in tags if tag == "a"] == ["https://example.org"]
    assert not any(name.startswith("on") for _tag, attrs in tags for name in attrs)
    assert "&lt;script&gt;alert(„x“)&lt;/script&gt;" in html


def test_sanitiser_strips_what_markdown_might_let_through():
    html = markup._sanitise(
        '<p><a href="javascript:alert(1)" onclick="x()">к</a><script>alert(2)</script>'
        '<img src=x onerror="y()"><iframe src="https://e.org"></iframe></p>'
    )
    assert html == '<p><a rel="noopener nofollow">к</a></p>'


def test_tables_and_footnotes():
    html = markup.render("Текст[^1].\n\n| А | Б |\n|---|---|\n| 1 | 2 |\n\n[^1]: Сноска.\n")
    assert '<table data-para="1" id="p-1">' in html
    assert "<th>А</th>" in html and "<td>2</td>" in html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1"' in html
    assert '<li id="fn1" class="footnote-item"><p>Сноска.' in html


def test_blocks_and_paragraph_replacement_keep_the_rest():
    text = "Один.\n\n- а\n- б\n\nТри\nстроки.\n"
    assert [b.text for b in markup.blocks(text)] == ["Один.", "- а\n- б", "Три\nстроки."]
    assert markup.replace_paragraph(text, 2, "Новый.") == "Один.\n\n- а\n- б\n\nНовый.\n"


def test_insert_marker_alone_in_its_paragraph_is_replaced():
    html = markup.render(
        "До.\n\n{{ table:bodies }}\n\nВ строке {{ table:bodies }} не заменяется.",
        inserts={"table:bodies": "<table><tr><td>Органы</td></tr></table>"},
    )
    assert '<div class="live-insert" data-para="1" id="p-1"><table><tr><td>Органы</td>' in html
    assert "В строке {{ table:bodies }} не заменяется." in html
    assert markup.markers("{{ table:plan }} и {{chart:report-trends}} {{ table:plan }}") == [
        "table:plan",
        "chart:report-trends",
    ]


@pytest.mark.parametrize(
    ("old", "new", "left", "right"),
    [
        (
            "Землячества помогают краям.",
            "Землячества активно помогают родным краям!",
            'Землячества помогают краям<del class="diff-del">.</del>',
            'Землячества<ins class="diff-ins"> активно</ins> помогают <ins class="diff-ins">родным </ins>'
            'краям<ins class="diff-ins">!</ins>',
        ),
        (
            "<b>",
            "<i>",
            '&lt;<del class="diff-del">b</del>&gt;',
            '&lt;<ins class="diff-ins">i</ins>&gt;',
        ),
    ],
)
def test_word_diff(old, new, left, right):
    diff = markup.word_diff(old, new)
    assert (diff.left, diff.right) == (left, right)


def test_russian_typography():
    html = markup.render('Стратегия "Земляки" --- на 2024--2032 годы...')
    assert html == '<p data-para="0" id="p-0">Стратегия «Земляки» — на 2024–2032 годы…</p>\n'
