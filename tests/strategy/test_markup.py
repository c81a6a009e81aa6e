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


def test_stored_html_keeps_the_editor_formatting_and_drops_the_rest():
    stored = markup.clean(
        '<p style="color:red" onclick="x()">Слово <strong>жирно</strong> <em>курсив</em>'
        '<script>alert(1)</script> <a href="javascript:alert(1)">плохо</a>'
        ' <a href="https://e.org" target="_blank">хорошо</a></p><h2>Заголовок</h2>'
        "<ul><li><p>один</p></li></ul><p></p>"
        '<div data-insert="table:bodies"><table><tr><td>старое</td></tr></table></div>'
        '<div data-insert="javascript:x">обёртка</div><iframe src="https://e.org"></iframe>'
        '<table><tbody><tr><th colspan="2">А</th></tr></tbody></table>'
    )
    assert stored == (
        "<p>Слово <strong>жирно</strong> <em>курсив</em> <a>плохо</a>"
        ' <a href="https://e.org">хорошо</a></p><h2>Заголовок</h2>'
        '<ul><li><p>один</p></li></ul><div data-insert="table:bodies"></div>'
        '<p>обёртка</p><table><tbody><tr><th colspan="2">А</th></tr></tbody></table>'
    )
    assert markup.clean(stored) == stored


def test_markdown_converts_to_html_with_insert_elements_and_footnotes_as_paragraphs():
    stored = markup.clean(
        "Текст **жирный**[^1].\n\n- а\n- б\n\n{{ table:bodies }}\n\n"
        "В строке {{ table:plan }} остаётся.\n\n| А | Б |\n|---|---|\n| 1 | 2 |\n\n"
        "[^1]: Сноска.\n"
    )
    assert stored.startswith(
        '<p>Текст <strong>жирный</strong><sup><a href="#fn1">[1]</a></sup>.</p><ul>'
    )
    assert (
        '<div data-insert="table:bodies"></div><p>В строке {{ table:plan }} остаётся.</p>' in stored
    )
    assert "<th>А</th>" in stored and "<td>2</td>" in stored
    assert stored.endswith("<hr><p><strong>Примечания</strong></p><p>[1] Сноска.</p>")
    assert markup.markers(stored) == ["table:bodies"]


def test_blocks_and_paragraph_replacement_keep_the_rest():
    text = "<p>Один.</p><ul><li><p>а</p></li><li><p>б</p></li></ul><p>Три<br>строки.</p>"
    assert [b.text for b in markup.blocks(text)] == ["Один.", "• а\n• б", "Три\nстроки."]
    assert markup.replace_paragraph(text, 2, "Новый <b>.") == (
        "<p>Один.</p><ul><li><p>а</p></li><li><p>б</p></li></ul><p>Новый &lt;b&gt;.</p>"
    )
    assert markup.replace_paragraph(text, 1, "- в\n- г") == (
        "<p>Один.</p><ul><li><p>в</p></li><li><p>г</p></li></ul><p>Три<br>строки.</p>"
    )


def test_insert_element_is_filled_with_the_table():
    html = markup.render(
        '<p>До.</p><div data-insert="table:bodies"></div><div data-insert="table:nope"></div>',
        inserts={"table:bodies": "<table><tr><td>Органы</td></tr></table>"},
    )
    assert '<div class="live-insert" data-para="1" id="p-1"><table><tr><td>Органы</td>' in html
    assert '<div class="live-insert" data-para="2" id="p-2"><p class="insert-note">' in html
    assert markup.markers(
        '<div data-insert="table:plan"></div><div data-insert="chart:report-trends"></div>'
        '<div data-insert="table:plan"></div>'
    ) == ["table:plan", "chart:report-trends"]


@pytest.mark.parametrize(
    ("old", "new", "left", "right"),
    [
        (
            "<p>Землячества помогают краям.</p>",
            "<p>Землячества <strong>активно</strong> помогают родным краям!</p>",
            'Землячества помогают краям<del class="diff-del">.</del>',
            'Землячества<ins class="diff-ins"> активно</ins> помогают <ins class="diff-ins">родным </ins>'
            'краям<ins class="diff-ins">!</ins>',
        ),
        (
            "<p>&lt;b&gt;</p>",
            '<p>&lt;i&gt;</p><div data-insert="table:bodies"></div>',
            '&lt;<del class="diff-del">b</del>&gt;',
            '&lt;<ins class="diff-ins">i</ins>&gt;<ins class="diff-ins">\n\n[Таблица: Рабочие органы]</ins>',
        ),
    ],
)
def test_word_diff_compares_the_text_as_read(old, new, left, right):
    diff = markup.word_diff(old, new)
    assert (diff.left, diff.right) == (left, right)


def test_russian_typography_of_converted_markdown():
    html = markup.render('Стратегия "Земляки" --- на 2024--2032 годы...')
    assert html == '<p data-para="0" id="p-0">Стратегия «Земляки» — на 2024–2032 годы…</p>\n'
