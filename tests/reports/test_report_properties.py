"""Properties of report files: a Russian text saved in any encoding a Russian user's
program writes (plain text, or RTF as Word writes it) reads back as the same text.

Reports are paragraphs, not single words: a text of a word or two is as good Windows-1251
as KOI8-R, so the texts here have at least six words. Examples are derandomized."""

import codecs

from hypothesis import example, given, settings
from hypothesis import strategies as st

from zemlyaki.reports import extract

from . import files

WORDS = [
    "отчёт",
    "землячество",
    "провело",
    "концерт",
    "для",
    "ветеранов",
    "в",
    "Тамбове",
    "Москве",
    "съезд",
    "объём",
    "ёлки",
    "детей",
    "подъезд",
    "улица",
    "Щорса",
    "Юсупов",
    "Эйдельман",
    "Жуков",
    "Цой",
    "Фёдор",
    "Хабаровск",
    "Чита",
    "шёл",
    "учёба",
    "помощь",
    "рублей",
    "и",
    "на",
    "с",
    "по",
    "председатель",
    "совета",
    "правления",
    "года",
    "2024",
    "тыс.",
    "человек",
    "мероприятие",
    "фестиваль",
    "молодёжь",
    "землякам",
    "Правительства",
    "области",
    "района",
    "Щукин",
    "Эрмитаж",
    "юбилей",
    "фонд",
]
# Plain text: every encoding; the BOM-less UTF-16 forms as Windows' «Unicode» text is saved.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "koi8-r", "cp866"]
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True)

words = st.sampled_from(WORDS).flatmap(lambda w: st.sampled_from([w, w.capitalize(), w.upper()]))
separators = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "; ", " - ", ": "])


@st.composite
def report_texts(draw, signs: bool = True) -> str:
    """A report's text as the extraction gives it back: single spaces, no blank ends."""
    parts = draw(st.lists(st.tuples(words, separators), min_size=6, max_size=60))
    text = "".join(w + s for w, s in parts).strip(" ,.;:-\n")
    if signs and draw(st.booleans()):
        text = f"Провели «{text}» № 5"
    return text


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@SETTINGS
@given(report_texts(), st.sampled_from(ENCODINGS))
# Found by these properties: a short KOI8-R text was read as Windows-1251 (the detector
# gives short texts no language coherence), and UTF-16 without a mark and without a single
# Latin letter (no zero byte) was taken for binary data.
@example("учёба\nпредседатель; землячество. 2024", "koi8-r")
@example("ДЛЯ Цой ЮСУПОВ ДЛЯ ПРАВИТЕЛЬСТВА", "koi8-r")
@example("ЗЕМЛЯЧЕСТВО ПРОВЕЛО КОНЦЕРТ ДЛЯ ВЕТЕРАНОВ", "utf-16-le")
@example("ЗЕМЛЯЧЕСТВО ПРОВЕЛО КОНЦЕРТ ДЛЯ ВЕТЕРАНОВ", "utf-16-be")
def test_a_text_report_reads_back_in_any_encoding(text, encoding):
    if not _encodable(text, encoding):  # KOI8-R has no «» or №: such a text is not saved in it
        text = text.replace("«", '"').replace("»", '"').replace("№", "N")
    data = text.encode(encoding)
    assert extract.inspect(data) == "text"
    assert extract.extract(data, "text").text == text


@SETTINGS
@given(report_texts(), st.sampled_from([codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]))
def test_utf16_reads_back_with_either_byte_order_mark(text, mark):
    codec = "utf-16-le" if mark == codecs.BOM_UTF16_LE else "utf-16-be"
    data = mark + text.encode(codec)
    assert extract.extract(data, extract.inspect(data)).text == text


@SETTINGS
@given(report_texts())
def test_an_rtf_report_reads_back(text):
    data = files.rtf_bytes(text)
    assert extract.inspect(data) == "rtf"
    assert extract.extract(data, "rtf").text == text
