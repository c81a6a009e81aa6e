import csv
import io

import pytest

from zemlyaki.core.csvfiles import dialect

ROWS = [
    ["ФИО", "Место работы", "Телефон"],
    ["Иванов Иван", '"Рога и копыта", ООО', "89161234567"],
    ["Петров Пётр", 'ООО "Ёлки", Москва', ""],
    ["Д'Артаньян Шарль", "'Лес'; участок 2", ""],
]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_cells_with_quotes_commas_and_apostrophes_read_back(delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(ROWS)
    text = out.getvalue()
    assert list(csv.reader(io.StringIO(text), dialect(text))) == ROWS


def test_one_column_and_an_empty_sample_take_the_semicolon():
    assert dialect("ФИО\r\nИванов Иван\r\n").delimiter == ";"
    assert dialect("").delimiter == ";"
