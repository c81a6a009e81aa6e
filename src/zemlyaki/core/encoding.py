"""Text out of uploaded bytes in whatever encoding a Russian user's program saved them.

One reader for every upload that holds text (member lists in CSV, reports as plain text,
plans, the index of a report archive). The order matters for short files, where a
statistical guess alone goes wrong:

1. a byte-order mark (UTF-8, UTF-16 and UTF-32, either byte order) decides;
2. UTF-16 without a mark is recognised by its zero and Cyrillic high bytes;
3. bytes that decode as strict UTF-8 are UTF-8 (an 8-bit Russian text almost never is);
4. a text nearly all UTF-8 with a few broken bytes is refused with the line to look at;
5. otherwise charset-normalizer keeps the Cyrillic 8-bit encodings in use (Windows-1251,
   KOI8-R, DOS 866) that give a clean text; where more than one does (a short text, to
   which it gives no language coherence) the one whose letters are the most Russian wins
   by the letters' frequencies and the case inside words, Windows-1251 on a tie.

Bytes that are no text at all (zeros, control characters, a picture) and bytes no
Cyrillic encoding reads sensibly are refused with a Russian message
(``ValidationError`` with the code ``binary`` or ``encoding``).
"""

import codecs
import math
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .filetypes import describe

# The 8-bit encodings a Russian text arrives in, the most common first (ties go to it).
CYRILLIC_8BIT = ("cp1251", "koi8_r", "cp866")
LABELS = {
    "utf_8": "UTF-8",
    "utf_8_sig": "UTF-8",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
    "utf_32": "UTF-32",
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "cp866": "DOS (866)",
}
_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
# Characters below the space that a text file may hold: tab, line breaks, form feed,
# and the end-of-file mark old DOS programs add.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\x0b", "\x0c", "\x1a"}
_DETECT_BYTES = 64 * 1024
# How often each letter comes in Russian text, per thousand letters.
_LETTER_FREQUENCY = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (110, 85, 80, 74, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 26, 20, 19, 17, 17, 17, 16,
         14, 12, 10, 9, 7, 6, 5, 4, 3, 3, 1, 1),
        strict=True,
    )
)  # fmt: skip
_FOREIGN = math.log(0.01)  # a letter of no Russian word, or a capital after a small one
_LETTER_LOG = {letter: math.log(count) for letter, count in _LETTER_FREQUENCY.items()}
_PRIOR = {"cp1251": 0.1}  # Windows-1251 is by far the most common of the three
_VOWELS = set("аеёиоуыэюя")
# Signs a Russian text has beyond ASCII: guillemets and other quotes, dashes, the number
# sign, the ellipsis, the degree, no-break spaces.
_RUSSIAN_SIGNS = set("«»„“”‘’—–№…°\u00a0\u202f")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name

    @property
    def label(self) -> str:
        return LABELS.get(self.encoding, self.encoding)


def bom_encoding(data: bytes) -> str | None:
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``utf_16_le``/``utf_16_be`` when the bytes look like UTF-16 text without a mark:
    every other byte is the high byte of a Latin (0) or Cyrillic (4) character."""
    sample = data[:4096]
    if len(sample) < 2:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]

    def high_share(part: bytes) -> float:
        return sum(1 for b in part if b in (0, 4)) / len(part)

    if high_share(odd) > 0.9 and high_share(even) < 0.5:
        return "utf_16_le"
    if high_share(even) > 0.9 and high_share(odd) < 0.5:
        return "utf_16_be"
    return None


def text_signature(data: bytes) -> str | None:
    """The encoding a byte-order mark or UTF-16's shape tells, without reading further."""
    return bom_encoding(data) or utf16_without_bom(data)


def decode_text(data: bytes) -> str:
    return decode(data).text


def decode(data: bytes) -> Decoded:
    """The text of ``data`` and the encoding it was read in (see the module's notes);
    ``ValidationError`` with a Russian message when the bytes are not a readable text."""
    encoding = text_signature(data)
    if encoding is not None:
        try:
            return _checked(data.decode(encoding), encoding, data)
        except UnicodeDecodeError:
            raise _unreadable() from None
    try:
        return _checked(data.decode("utf_8"), "utf_8", data)
    except UnicodeDecodeError as error:
        cut = error.reason == "unexpected end of data" and error.start >= len(data) - 3
        if cut and any(b > 0x7F for b in data[: error.start]):
            # a part of a longer file cut inside a character: the rest is UTF-8
            return _checked(data[: error.start].decode("utf_8"), "utf_8", data)
        broken_at = error.start
    _refuse_binary(data)
    if _mostly_utf8(data):
        line = data[:broken_at].count(b"\n") + 1
        raise ValidationError(
            _(
                "Файл в кодировке UTF-8 повреждён: в строке %(line)s есть байты, которые "
                "не читаются. Сохраните файл заново и загрузите ещё раз."
            )
            % {"line": line},
            code="encoding",
        )
    sample = data[:_DETECT_BYTES]
    found = [match.encoding for match in from_bytes(sample, cp_isolation=list(CYRILLIC_8BIT))]
    if not found:
        raise _unreadable()
    found.sort(key=CYRILLIC_8BIT.index)  # on a tie the most common wins

    def score(encoding: str) -> float:
        return _russian_score(sample.decode(encoding, "replace")) + _PRIOR.get(encoding, 0.0)

    best = max(found, key=score)
    try:
        return _checked(data.decode(best), best, data)
    except UnicodeDecodeError:
        raise _unreadable() from None


def _russian_score(text: str) -> float:
    """How Russian the letters of ``text`` look: the mean log-frequency of its letters,
    with a letter of no Russian word or a sign of no Russian text, a capital right after a
    small letter, and a word of three letters or more without a vowel counting as very
    rare. ASCII reads the same in every candidate and is left out."""
    total, count = 0.0, 0
    word: list[str] = []

    def end_word() -> float:
        penalty = 0.0
        if len(word) >= 3 and not any(ch.lower() in _VOWELS for ch in word):
            penalty += _FOREIGN
        penalty += _FOREIGN * sum(
            1 for a, b in zip(word, word[1:], strict=False) if a.islower() and b.isupper()
        )
        word.clear()
        return penalty

    for ch in text:
        if ch.isascii() or not ch.isalpha():
            if word:
                total += end_word()
            if not ch.isascii() and ch not in _RUSSIAN_SIGNS:
                total += _FOREIGN
                count += 1
            continue
        total += _LETTER_LOG.get(ch.lower(), _FOREIGN)
        count += 1
        word.append(ch)
    if word:
        total += end_word()
    return total / count if count else 0.0


def _checked(text: str, encoding: str, data: bytes) -> Decoded:
    if _control_share(text[:_DETECT_BYTES]) > 0.01:
        raise _not_text(data)
    return Decoded(text, encoding)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ch < " " and ch not in _TEXT_CONTROLS)
    return controls / len(text)


def _refuse_binary(data: bytes) -> None:
    sample = data[:_DETECT_BYTES]
    if b"\x00" in sample or _control_share(sample.decode("latin-1")) > 0.01:
        raise _not_text(data)


def _mostly_utf8(data: bytes) -> bool:
    """A UTF-8 text with a few damaged bytes: far more good multi-byte characters than bad."""
    text = data[:_DETECT_BYTES].decode("utf_8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    return good >= 8 and good >= 10 * bad


def _unreadable() -> ValidationError:
    return ValidationError(
        _(
            "Не удалось определить кодировку файла: ни одна из русских кодировок (UTF-8, "
            "UTF-16, Windows-1251, KOI8-R, DOS) не даёт читаемого текста. Сохраните файл "
            "в UTF-8 и загрузите ещё раз."
        ),
        code="encoding",
    )


def _not_text(data: bytes) -> ValidationError:
    kind = describe(data)
    if kind:
        return ValidationError(
            _("Файл не похож на текст: по содержимому это %(kind)s.") % {"kind": kind},
            code="binary",
        )
    return ValidationError(
        _("Файл не похож на текст: в нём двоичные данные, а не строки."), code="binary"
    )
