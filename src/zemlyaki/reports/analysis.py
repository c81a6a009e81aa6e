"""Russian analysis of one report's text, with no database access.

Sentences, named entities normalised to their base form, dates and periods, numbers with
what they count, activity sentences classified into directions by the lexicon, and
sentences marked as achievements or failures. :func:`analyse` returns plain items; the
service stores them as findings.
"""

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from zemlyaki.core.text import fold, lemma, morph

from .figures import Item, dates, is_adjective, non_figure_spans, numbers
from .nlp import pipeline

GAP = 2  # words allowed between the words of a lexicon phrase


@dataclass(frozen=True)
class Phrase:
    kind: str  # direction | achievement | failure
    direction: str  # direction code, '' for outcomes
    lemmas: tuple[str, ...]
    text: str
    exclusion: bool = False


@dataclass
class Lexicon:
    directions: dict[str, str]  # code -> name, in order
    index: dict[str, list[Phrase]] = field(default_factory=dict)

    @classmethod
    def build(cls, directions: dict[str, str], phrases: Iterable[Phrase]) -> "Lexicon":
        lexicon = cls(directions=dict(directions))
        for phrase in phrases:
            if phrase.lemmas:
                lexicon.index.setdefault(phrase.lemmas[0], []).append(phrase)
        return lexicon


def phrase_lemmas(text: str) -> tuple[str, ...]:
    """Lemmas of a lexicon phrase, read the way the analysis reads a sentence: a short
    form that may be a participle is the verb («отменён» → «отменить»), as natasha tags
    it in running text."""
    return tuple(_phrase_word_lemma(w) for w in _words(text))


def _phrase_word_lemma(word: str) -> str:
    parses = morph().parse(word.lower())
    if parses and parses[0].tag.POS in ("PRTS", "VERB", "INFN", "GRND"):
        return fold(str(parses[0].normal_form))
    if parses and parses[0].tag.POS == "ADJS":
        for parse in parses:
            if parse.tag.POS == "PRTS":
                return fold(str(parse.normal_form))
    return lemma(word)


_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass
class Result:
    sentences: list[tuple[int, int]]
    items: list[Item]

    def of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]


# ---------------------------------------------------------------- entities

_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


@functools.lru_cache(maxsize=50_000)
def _pick(word: str, case: str, number: str, pos: str, gender: str = "") -> Any:
    """The pymorphy reading of a word that fits the case, number and part of speech
    natasha gave it (natasha's gender is not trusted: it often misses the neuter)."""
    wanted_pos = {"ADJ": {"ADJF", "PRTF"}, "NOUN": {"NOUN"}, "PROPN": {"NOUN"}}.get(pos, set())
    best = None
    for parse in morph().parse(word):
        tag = parse.tag
        if tag.case != case or (number and tag.number not in (None, number)):
            continue
        if gender and number != "plur" and tag.gender not in (None, gender):
            continue
        if not wanted_pos or tag.POS in wanted_pos:
            return parse
        best = best or parse
    return best


@functools.lru_cache(maxsize=50_000)
def _to_nominative(word: str, case: str, number: str, pos: str, gender: str = "") -> str:
    if case in ("", "nomn") or not re.search("[а-яё]", word.lower()) or word.isupper():
        return word
    best = _pick(word, case, number, pos, gender)
    if best is None:
        return word
    form = best.inflect({"nomn"})
    if form is None:
        return word
    result = str(form.word)
    if word[:1].isupper():
        result = result[:1].upper() + result[1:]
    return result


def _features(token: Any) -> tuple[str, str]:
    feats = token.feats or {}
    number = {"Sing": "sing", "Plur": "plur"}.get(feats.get("Number", ""), "")
    return _CASES.get(feats.get("Case", ""), ""), number


def _token_nominative(token: Any, head: Any = None) -> str:
    """The token in the nominative; words before the head take its number and gender."""
    case, number = _features(token)
    gender = ""
    if head is not None:
        head_case, number = _features(head)
        parse = _pick(head.text, head_case, number, head.pos)
        gender = str(parse.tag.gender or "") if parse is not None else ""
    return _to_nominative(token.text, case, number, token.pos, gender)


def normalise_entity(kind: str, tokens: list[Any], text: str, start: int) -> str:
    """Base form: the head noun and the words agreeing with it go to the nominative,
    dependent words after the head stay as written («Правительства Москвы» →
    «Правительство Москвы»); persons' names are put to the nominative word by word."""
    if kind == "PER":
        return " ".join(_token_nominative(t) for t in tokens)
    head = next(
        (
            i
            for i, t in enumerate(tokens)
            if t.pos == "NOUN" or (t.pos == "PROPN" and not is_adjective(t.text.lower()))
        ),
        len(tokens) - 1,
    )
    parts = []
    for i, token in enumerate(tokens):
        if i < head:
            parts.append(_token_nominative(token, tokens[head]))
        elif i == head:
            parts.append(_token_nominative(token))
        else:
            parts.append(token.text)
    # Keep the original spacing of the tail (quotes, hyphens).
    if head + 1 < len(tokens):
        tail_start = tokens[head + 1].start - start
        head_text = " ".join(parts[: head + 1])
        gap = text[tokens[head].stop - start : tail_start]
        return head_text + gap + text[tail_start:]
    return " ".join(parts)


def _entities(doc: Any) -> list[tuple[str, int, int, list[Any]]]:
    """Spans of natasha, with an organisation and the place or organisation in the
    genitive right after it joined into one («Правительства» + «Москвы»)."""
    spans = [(s.type, s.start, s.stop, list(s.tokens)) for s in doc.spans]
    merged: list[tuple[str, int, int, list[Any]]] = []
    for span in spans:
        if merged:
            kind, start, stop, tokens = merged[-1]
            first = span[3][0] if span[3] else None
            if (
                kind == "ORG"
                and span[0] in ("LOC", "ORG")
                and doc.text[stop : span[1]] == " "
                and first is not None
                and (first.feats or {}).get("Case") == "Gen"
            ):
                merged[-1] = ("ORG", start, span[2], tokens + span[3])
                continue
        merged.append(span)
    return merged


# ---------------------------------------------------------------- lemmas of running text


@functools.lru_cache(maxsize=50_000)
def _verb_lemma(word: str) -> str:
    """Lemma of a word natasha tagged as a verb: the verb reading of pymorphy, so that
    «отменён» is «отменить» and not the adjective «отменный»."""
    for parse in morph().parse(word.lower()):
        if parse.tag.POS in ("VERB", "INFN", "PRTS", "PRTF", "GRND"):
            return fold(str(parse.normal_form))
    return lemma(word)


def token_lemma(token: Any) -> str:
    if token.pos in ("VERB", "AUX"):
        return _verb_lemma(token.text)
    return lemma(token.text)


# ---------------------------------------------------------------- lexicon matching


def _match(phrase: Phrase, lemmas: list[str], i: int) -> int:
    """End index (exclusive) of the phrase starting at word i, or -1."""
    j = i
    for wanted in phrase.lemmas[1:]:
        window = lemmas[j + 1 : j + 2 + GAP]
        try:
            j = j + 1 + window.index(wanted)
        except ValueError:
            return -1
    return j + 1


def _matches(lexicon: Lexicon, lemmas: list[str]) -> list[tuple[Phrase, int, int]]:
    found = []
    for i, lem in enumerate(lemmas):
        for phrase in lexicon.index.get(lem, ()):
            end = _match(phrase, lemmas, i) if len(phrase.lemmas) > 1 else i + 1
            if end > 0:
                found.append((phrase, i, end))
    return found


# ---------------------------------------------------------------- the analysis


def analyse(text: str, lexicon: Lexicon, progress: Callable[[int], None] | None = None) -> Result:
    """Everything the analysis finds in the text. ``progress`` (if given) is called with
    the share of the work done, in per cent, a few times along the way."""
    report = progress or (lambda percent: None)
    doc = pipeline().doc(text)
    report(40)
    items: list[Item] = []
    found_dates = dates(text)
    skipped = [(d[2], d[3]) for d in found_dates] + non_figure_spans(text)

    sents = _sentences(doc)
    sentences = [(s.start, s.stop) for s in sents]
    starts = [s for s, _e in sentences]

    def sentence_of(pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(starts, pos) - 1
        if index >= 0 and sentences[index][0] <= pos < sentences[index][1]:
            return sentences[index]
        return pos, pos

    for kind, start, stop, tokens in _entities(doc):
        if not tokens:
            continue
        s_start, s_stop = sentence_of(start)
        value = normalise_entity(kind, tokens, text[start:stop], start)
        items.append(
            Item(
                "entity", kind, value, start, stop, text[s_start:s_stop], s_start, text[start:stop]
            )
        )
    for kind, value, start, stop in found_dates:
        s_start, s_stop = sentence_of(start)
        quote, matched = text[s_start:s_stop], text[start:stop].strip()
        items.append(Item("date", kind, value, start, stop, quote, s_start, matched))
    report(60)

    step = max(1, len(sents) // 4)
    for index, sent in enumerate(sents):
        if index and index % step == 0:
            report(60 + 40 * index // len(sents))
        s_start, s_stop, quote = sent.start, sent.stop, sent.text
        words = [t for t in sent.tokens if _WORD.fullmatch(t.text)]
        lemmas = [token_lemma(t) for t in words]
        lemma_set = set(lemmas)
        figures = numbers(quote, s_start, lemma_set, skipped)
        items.extend(figures)
        changes = [n for n in figures if n.number_from is not None]
        matches = _matches(lexicon, lemmas)
        if not matches and not changes:
            continue
        excluded = {(p.kind, p.direction) for p, _s, _e in matches if p.exclusion}
        directions: dict[str, str] = {}
        for phrase, i, end in matches:
            if phrase.kind != "direction" or phrase.exclusion:
                continue
            if ("direction", phrase.direction) in excluded:
                continue
            directions.setdefault(phrase.direction, _span_text(words, i, end, text))
        ordered = [code for code in lexicon.directions if code in directions]
        for code in ordered:
            items.append(
                Item(
                    "activity", code, lexicon.directions[code], s_start, s_stop, quote, s_start,
                    directions[code], code,
                )
            )  # fmt: skip
        primary = ordered[0] if ordered else ""
        failures = [(p, i, e) for p, i, e in matches if p.kind == "failure" and not p.exclusion]
        failure_words = {k for _p, i, e in failures for k in range(i, e)}
        successes = [
            (p, i, e)
            for p, i, e in matches
            if p.kind == "achievement"
            and not p.exclusion
            and not failure_words & set(range(i, e))
            and not (i > 0 and lemmas[i - 1] == "не")
        ]
        for outcome, found in (("failure", failures), ("achievement", successes)):
            if (outcome, "") in excluded:
                continue
            matched = ""
            if found:
                kept: list[tuple[int, int]] = []
                for _p, i, end in sorted(found, key=lambda f: (f[1], -f[2])):
                    if not kept or i >= kept[-1][1]:
                        kept.append((i, end))
                matched = "; ".join(
                    dict.fromkeys(_span_text(words, i, end, text) for i, end in kept)
                )
            else:
                for change in changes:
                    assert change.number is not None and change.number_from is not None
                    grew = change.number > change.number_from
                    if (outcome == "achievement") == grew:
                        matched = change.matched
                        break
            if matched:
                items.append(
                    Item(
                        "outcome", outcome, matched, s_start, s_stop, quote, s_start, matched,
                        primary,
                    )
                )  # fmt: skip
    items.sort(key=lambda i: (i.start, _KIND_ORDER[i.kind]))
    return Result(sentences=sentences, items=items)


@dataclass
class _Sentence:
    start: int
    stop: int
    text: str
    tokens: list[Any]


def _sentences(doc: Any) -> list[_Sentence]:
    """natasha's sentences, also split at line breaks (headings and list items have no
    full stop but are sentences of their own)."""
    result = []
    for sent in doc.sents:
        group: list[Any] = []
        for token in sent.tokens:
            if group and "\n" in doc.text[group[-1].stop : token.start]:
                result.append(group)
                group = []
            group.append(token)
        if group:
            result.append(group)
    return [_Sentence(g[0].start, g[-1].stop, doc.text[g[0].start : g[-1].stop], g) for g in result]


_KIND_ORDER = {"entity": 0, "date": 1, "number": 2, "activity": 3, "outcome": 4}


def _span_text(words: list[Any], i: int, end: int, text: str) -> str:
    return text[words[i].start : words[end - 1].stop]


def highlight_terms(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Positions of the words of ``text`` whose lemma or folded form is among ``terms``."""
    spans = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if fold(word) in terms or lemma(word) in terms:
            spans.append(match.span())
    return spans
