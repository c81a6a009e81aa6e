"""The words of an expert-search query (with the vocabulary's phrases) and their
conditions on the indexed search document: the matches, the best rank, each rank as one
full-text condition, and the rank computed for the rows that need it."""

import json
import time
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Expression, F, Q, Value, When

from zemlyaki.core.text import fold, lemma, words

from .models import Competency, Interest


@dataclass
class SearchTerms:
    """The words of a query with their alternatives: each alternative is a phrase (a
    tuple of lemmas all of which must be present)."""

    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    # The folded words as typed, which may be a surname (``selectors.surname_rank``).
    surnames: list[str] = field(default_factory=list)
    # On PostgreSQL, the filters that are marks of the search document (``filter_marks``):
    # tsquery conditions every match must also meet.
    marks: list[str] = field(default_factory=list)
    # On PostgreSQL, the group the index is asked about alone (with the marks), the others
    # tested on the rows it finds (``lead_group``); None: every group through the index.
    lead: int | None = None

    @property
    def prefixes(self) -> list[str]:
        return sorted({word for group in self.groups for phrase in group for word in phrase})

    def __bool__(self) -> bool:
        return bool(self.groups)


_VOCABULARY: dict[str, Any] = {"at": 0.0, "keys": {}}
VOCABULARY_TTL = 60.0


def vocabulary_keys() -> dict[str, list[tuple[str, ...]]]:
    """lemma → the phrases of every vocabulary term it names (by name or synonym).

    Kept in memory for a minute: vocabularies change seldom, and each search would
    otherwise ask for them again. The term services clear it in their process."""
    now = time.monotonic()
    if now - _VOCABULARY["at"] > VOCABULARY_TTL:
        keys: dict[str, list[tuple[str, ...]]] = {}
        children: dict[Any, dict[int, list[int]]] = {}
        for model in (Competency, Interest):
            below = children.setdefault(model, {})
            for pk, parent_id, text in model.objects.values_list("pk", "parent_id", "search_text"):
                if parent_id is not None:
                    below.setdefault(parent_id, []).append(pk)
                phrases = [tuple(k.split()) for k in text.strip("|").split("|") if k]
                for phrase in phrases:
                    if len(phrase) == 1:
                        bucket = keys.setdefault(phrase[0], [])
                        bucket += [p for p in phrases if p not in bucket]
        _VOCABULARY.update(at=now, keys=keys, children=children)
    return _VOCABULARY["keys"]


def term_ids(model: Any, pk: int) -> list[int]:
    """The term ``pk`` of a vocabulary (``Competency`` or ``Interest``) and the terms
    under it, from the vocabulary kept in memory (``vocabulary_keys``)."""
    vocabulary_keys()
    return [pk, *sorted(_VOCABULARY["children"][model].get(pk, []))]


def forget_vocabulary() -> None:
    _VOCABULARY["at"] = 0.0


def _without_longer(alternatives: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Drop the alternatives a one-word alternative already covers: a word «врачи» by the
    prefix «врач», a phrase with a word starting with it («журналистика связь
    общественность» by «журналист»). The matches stay the same, marked words too
    («_журналистика» starts with «_журналист»), and the index reads fewer prefixes."""
    singles = [p[0] for p in alternatives if len(p) == 1]
    return [
        p
        for p in alternatives
        if not any(p != (s,) and any(w.startswith(s) for w in p) for s in singles)
    ]


def search_terms(query: str) -> SearchTerms:
    """Word forms always match («юристы» → «юрист»); synonyms only through the vocabulary
    («юрист» → «юриспруденция» when an entry lists both)."""
    result = SearchTerms()
    keys = vocabulary_keys()
    for word in words((query or "").replace("-", " "))[:8]:
        base = lemma(word)
        alternatives: dict[tuple[str, ...], None] = {(base,): None, (fold(word),): None}
        for phrase in keys.get(base, []):
            # Prepositions inside a term's name («связи с общественностью») would match
            # half the dictionary as prefixes; the phrase keeps its meaningful words.
            meaningful = tuple(w for w in phrase if len(w) > 2) or phrase
            alternatives.setdefault(meaningful, None)
        result.groups.append(_without_longer(list(alternatives)))
        result.surnames.append(fold(word))
    return result


def _like_q(terms: SearchTerms, column: str) -> Q:
    condition = Q()
    for group in terms.groups:
        either = Q()
        for phrase in group:
            both = Q()
            for word in phrase:
                both &= Q(**{f"{column}__contains": f" {word}"})
            either |= both
        condition &= either
    return condition


def _rank_subsets(terms: SearchTerms, level: int) -> list[tuple[int, ...]]:
    """The groups that match the person's competencies and interests, for each way of
    having the rank ``level`` (exactly that many groups among them)."""
    return list(combinations(range(len(terms.groups)), level))


def tsquery(terms: SearchTerms, kind: str = "text", level: int = 0) -> str:
    """The condition as a PostgreSQL tsquery over ``search_document``: every group, each
    as any of its phrases, each word a prefix. ``kind``: ``text`` — the words anywhere;
    ``expertise`` — every group among the words marked «_» (those of the person's
    competencies and interests); ``rank`` — the words, with exactly ``level`` groups
    among the marked ones (the rank ``_rank`` computes, as one indexed condition)."""

    def group(g: list[tuple[str, ...]], mark: str) -> str:
        phrases = ("(" + " & ".join(f"'{mark}{w}':*" for w in p) + ")" for p in g)
        return "(" + " | ".join(phrases) + ")"

    marked = [group(g, "_") for g in terms.groups]
    if kind == "expertise" or (kind == "rank" and level == len(marked)):
        return " & ".join([*marked, *terms.marks])
    text = " & ".join([*(group(g, "") for g in terms.groups), *terms.marks])
    if kind == "text":
        return text
    ways = (
        " & ".join(m if i in chosen else f"!{m}" for i, m in enumerate(marked))
        for chosen in _rank_subsets(terms, level)
    )
    return f"({text}) & (" + " | ".join(f"({way})" for way in ways) + ")"


# The condition «shown as an expert» among the marks of a query (``filter_marks``).
EXPERT_MARK = "'~expert'"


def filter_marks(
    *,
    initiative: bool | None,
    expert: bool | None,
    regions: list[int] | None = None,
    associations: list[int] | None = None,
) -> list[str]:
    """The filters of the search as conditions on the marks of ``search_document``
    (migration 0014): ``~initiative``, ``~expert``, ``~r<region id>`` (any of
    ``regions``), ``~a<association id>`` (a member of any of ``associations``)."""
    marks = []
    for value, mark in ((initiative, "'~initiative'"), (expert, EXPERT_MARK)):
        if value is not None:
            marks.append(mark if value else f"!{mark}")
    for ids, prefix in ((regions, "~r"), (associations, "~a")):
        if ids is not None:
            # none: a mark no person has
            either = " | ".join(f"'{prefix}{int(pk)}'" for pk in ids) or f"'{prefix}0'"
            marks.append(f"({either})")
    return marks


def fts5_query(terms: SearchTerms, kind: str = "text", level: int = 0) -> str:
    """The same condition as an FTS5 query over the columns of ``people_person_fts``."""

    def group(g: list[tuple[str, ...]]) -> str:
        return "(" + " OR ".join("(" + " AND ".join(f'"{w}"*' for w in p) + ")" for p in g) + ")"

    marked = [f"expertise_text : {group(g)}" for g in terms.groups]
    if kind == "expertise" or (kind == "rank" and level == len(marked)):
        return " AND ".join(marked)
    text = "search_text : (" + " AND ".join(group(g) for g in terms.groups) + ")"
    if kind == "text":
        return text
    if not level:
        return f"{text} NOT ({' OR '.join(marked)})"
    ways = []
    for chosen in _rank_subsets(terms, level):
        having = " AND ".join(m for i, m in enumerate(marked) if i in chosen)
        lacking = " OR ".join(m for i, m in enumerate(marked) if i not in chosen)
        ways.append(f"(({having}) NOT ({lacking}))")
    return f"{text} AND ({' OR '.join(ways)})"


# ``search_document`` is a stored tsvector generated from ``search_text`` and
# ``expertise_text`` on PostgreSQL, GIN-indexed; ``people_person_fts`` is the FTS5 table
# over the same two columns on SQLite (migration 0009).
FTS_SQL = {
    "postgresql": '{table}."search_document" @@ %s::tsquery',
    "sqlite": '{table}."id" IN'
    " (SELECT rowid FROM people_person_fts WHERE people_person_fts MATCH %s)",
}


def match_sql(
    vendor: str,
    terms: SearchTerms,
    kind: str = "text",
    table: str = '"people_person"',
    level: int = 0,
) -> tuple[str, str]:
    """The indexed text condition on the person table and its one parameter."""
    render = tsquery if vendor == "postgresql" else fts5_query
    query = render(terms, kind, level)
    return FTS_SQL[vendor].format(table=table), query


class DocumentMatch(Expression):
    """The indexed text condition (``match_sql``) qualified by whatever alias the person
    table has in the query (a subquery renames it)."""

    output_field = BooleanField()

    def __init__(
        self, terms: SearchTerms, kind: str = "text", level: int = 0, leads: bool = True
    ) -> None:
        super().__init__()
        self.terms, self.kind, self.level = terms, kind, level
        # False: on SQLite the rows are found by another condition and only tested
        # against the FTS5 matches (unary plus keeps SQLite from starting with them).
        self.leads = leads
        self.pk: Any = F("pk")

    @property
    def identity(self) -> tuple[Any, ...]:  # type: ignore[override]
        groups = tuple(tuple(group) for group in self.terms.groups)
        marks = tuple(self.terms.marks)
        lead = self.terms.lead
        return (type(self), groups, marks, lead, self.kind, self.level, self.leads, self.pk)

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Any) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, _params = compiler.compile(self.pk)
        table = pk_sql.rsplit(".", 1)[0]
        sql, query = match_sql(connection.vendor, self.terms, self.kind, table, self.level)
        if not self.leads and connection.vendor == "sqlite":
            sql = f"+{sql}"
        lead = self.terms.lead
        if self.kind == "text" and lead is not None and connection.vendor == "postgresql":
            # The index finds the lead group's matches; the whole query is tested on them
            # by the function behind ``@@``, which the planner does not give the index.
            alone = SearchTerms([self.terms.groups[lead]], marks=self.terms.marks)
            lead_sql, lead_query = match_sql(connection.vendor, alone, "text", table)
            test = f'ts_match_vq({table}."search_document", %s::tsquery)'
            return f"({lead_sql} AND {test})", [lead_query, query]
        return sql, [query]


def text_filter(terms: SearchTerms, leads: bool = True) -> Q | DocumentMatch:
    """The matches of a text query: the GIN-indexed document on PostgreSQL, the FTS5
    table on SQLite; both give the rows the substring test over ``search_text`` gives.
    ``leads=False``: another condition finds fewer rows (``DocumentMatch.leads``)."""
    if connection.vendor in FTS_SQL:
        return DocumentMatch(terms, leads=leads)
    return _like_q(terms, "search_text")


def _expertise_filter(terms: SearchTerms) -> Q | DocumentMatch:
    """Every word of the query in the person's competencies and interests: the highest
    rank (the words marked «_» of the document on PostgreSQL, the second column of the
    FTS5 table on SQLite)."""
    if connection.vendor in FTS_SQL:
        return DocumentMatch(terms, kind="expertise")
    return _like_q(terms, "expertise_text")


def _rank(terms: SearchTerms) -> Any:
    """How many words of the query match the person's competencies and interests: the
    stored document on PostgreSQL, a substring test of the row on SQLite (the rank is
    only computed for the matches a page needs)."""
    parts: list[Any] = []
    for group in terms.groups:
        one = SearchTerms([group])
        test = _expertise_filter(one) if connection.vendor == "postgresql" else None
        test = test or _like_q(one, "expertise_text")
        parts.append(Case(When(test, then=Value(1)), default=Value(0)))
    total: Any = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


_ESTIMATES: dict[str, Any] = {"at": 0.0, "rows": {}}


def _estimated_rows(query: str | None) -> float:
    """The planner's estimate of the persons whose document matches ``query`` (all
    persons for None), kept in memory like the vocabulary."""
    now = time.monotonic()
    if now - _ESTIMATES["at"] > VOCABULARY_TTL:
        _ESTIMATES.update(at=now, rows={})
    rows: dict[str | None, float] = _ESTIMATES["rows"]
    if query not in rows:
        where = " WHERE search_document @@ %s::tsquery" if query is not None else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM people_person{where}",
                [query] if query is not None else [],
            )
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        rows[query] = float(plan[0]["Plan"]["Plan Rows"])
    return rows[query]


# A heap row read and tested costs about this many entries of a posting list read.
ROW_PER_ENTRIES = 4


def lead_group(terms: SearchTerms, wanted: int) -> int | None:
    """On PostgreSQL, for a query of several groups of words: the group to ask the
    index about alone when testing the others on its rows is cheaper, else None.

    The GIN index reads the whole posting list of every prefix of every group («право»
    is in a sixth of all documents) even when another group («корпоративное») is rare.
    With the rarest group alone, the database reads the rows it finds until ``wanted``
    match every group: about ``wanted`` divided by the others' share of all persons
    (the planner's estimates), at most all of the lead group's rows. That is chosen
    when those rows cost less than the other groups' posting lists."""
    if len(terms.groups) < 2 or connection.vendor != "postgresql":
        return None
    total = max(1.0, _estimated_rows(None))
    rows = [_estimated_rows(tsquery(SearchTerms([group]))) for group in terms.groups]
    lead = min(range(len(rows)), key=rows.__getitem__)
    others = [r for i, r in enumerate(rows) if i != lead]
    share = 1.0
    for r in others:
        share *= max(r, 1.0) / total
    visits = min(rows[lead], wanted / share)
    return lead if visits * ROW_PER_ENTRIES < sum(others) else None
