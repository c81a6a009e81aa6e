import pytest

from zemlyaki.plan.parsing import PlanParseError, parse_plan_file

from .factories import SEED_PLAN


@pytest.mark.parametrize("encoding", ["utf-16", "cp1251", "koi8-r", "cp866"])
def test_a_plan_in_any_russian_encoding_reads_as_in_utf8(encoding):
    # KOI8-R and DOS 866 have no guillemets or dashes: a plan saved in them has ASCII ones
    text = SEED_PLAN.read_text(encoding="utf-8").translate(str.maketrans("«»–—", '""--'))
    source, plan = parse_plan_file("план.txt", text.encode(encoding))
    expected = parse_plan_file("план.txt", text.encode("utf-8"))[1]
    assert source == "text"
    assert [(t.number, t.title, t.due_date) for t in plan.tasks] == [
        (t.number, t.title, t.due_date) for t in expected.tasks
    ]


def test_a_picture_is_no_plan_and_is_named():
    with pytest.raises(PlanParseError) as info:
        parse_plan_file("план.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 8)
    assert [str(e) for e in info.value.errors] == [
        "Файл не похож на текст: по содержимому это изображение PNG."
    ]
