"""The tile-grid map of Russia: one square per federal subject, placed like the country.

The layout is fixed here, in code: row by row from the north, each cell a two-digit subject
code (``core.Region.code``) or ``..`` for the sea. No map tiles, no other host: the page draws
the grid itself, and the same data is shown as a table for screen readers and phones.
"""

LAYOUT = """
.. .. 51 .. .. .. .. .. .. .. .. .. .. .. .. .. 87
.. .. 10 29 83 .. .. .. .. 89 .. .. .. 14 49 .. 41
.. 78 47 35 11 .. .. .. .. 86 70 24 .. .. 28 27 ..
.. 60 53 69 76 44 43 59 66 72 55 54 38 .. 79 65 ..
39 67 50 77 33 37 52 12 18 74 45 42 19 03 75 25 ..
.. 32 40 71 62 13 21 16 02 .. 22 04 17 .. .. .. ..
.. 46 57 48 68 58 73 63 56 .. .. .. .. .. .. .. ..
94 31 36 .. 64 .. .. .. .. .. .. .. .. .. .. .. ..
93 61 34 08 30 .. .. .. .. .. .. .. .. .. .. .. ..
90 23 01 26 05 .. .. .. .. .. .. .. .. .. .. .. ..
95 09 07 15 06 20 .. .. .. .. .. .. .. .. .. .. ..
91 92 .. .. .. .. .. .. .. .. .. .. .. .. .. .. ..
"""


def positions() -> dict[str, tuple[int, int]]:
    """Subject code → (row, column), both from 0."""
    found: dict[str, tuple[int, int]] = {}
    for row, line in enumerate(LAYOUT.strip().splitlines()):
        for col, cell in enumerate(line.split()):
            if cell != "..":
                found[cell] = (row, col)
    return found


POSITIONS = positions()
ROWS = max(row for row, _col in POSITIONS.values()) + 1
COLUMNS = max(col for _row, col in POSITIONS.values()) + 1

# Short labels of the squares: the first three letters of the subject's name, except where
# two subjects would share them.
LABEL_OVERRIDES = {
    "04": "РАЛ", "22": "АЛТ", "08": "КЛМ", "39": "КГД", "40": "КЛЖ", "09": "КЧР", "10": "КАР",
    "14": "ЯКУ", "65": "САХ", "15": "СОА", "92": "СЕВ", "23": "КДР", "24": "КРЯ", "34": "ВГГ",
    "35": "ВЛГ", "45": "КГН", "46": "КУР", "50": "МОО", "77": "МСК", "53": "НВГ", "54": "НСК",
    "07": "КБР", "79": "ЕАО", "83": "НАО", "86": "ХМА", "89": "ЯНА", "93": "ДНР", "94": "ЛНР",
}  # fmt: skip


def label(code: str, name: str) -> str:
    """The square's three letters: ``68`` «Тамбовская область» → «ТАМ»."""
    if code in LABEL_OVERRIDES:
        return LABEL_OVERRIDES[code]
    words = [w for w in name.replace("(", " ").split() if w != "Республика"]
    return (words[0] if words else name)[:3].upper()
