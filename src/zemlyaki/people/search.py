"""The expert search: the words of a query (with the vocabulary's phrases), the text
conditions and rank, and the pages of ranked results without counting every match."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    Q,
    QuerySet,
    Value,
    When,
)

from zemlyaki.core.text import fold, lemma, words

from .models import (
    Competency,
    Interest,
    Person,
)


@dataclass
class SearchTerms:
    """The words of a query with their alternatives: each alternative is a phrase (a
    tuple of lemmas all of which must be present)."""

    groups: list[list[tuple[str, ...]]] = field(default_factory=list)

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
    import time

    now = time.monotonic()
    if now - _VOCABULARY["at"] > VOCABULARY_TTL:
        keys: dict[str, list[tuple[str, ...]]] = {}
        for model in (Competency, Interest):
            for text in model.objects.values_list("search_text", flat=True):
                phrases = [tuple(k.split()) for k in text.strip("|").split("|") if k]
                for phrase in phrases:
                    if len(phrase) == 1:
                        bucket = keys.setdefault(phrase[0], [])
                        bucket += [p for p in phrases if p not in bucket]
        _VOCABULARY.update(at=now, keys=keys)
    return _VOCABULARY["keys"]


def forget_vocabulary() -> None:
    _VOCABULARY["at"] = 0.0


def _without_longer(alternatives: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Drop one-word alternatives already covered by a shorter prefix («врачи» by «врач»)."""
    singles = [p[0] for p in alternatives if len(p) == 1]
    return [
        p
        for p in alternatives
        if len(p) != 1 or not any(p[0] != s and p[0].startswith(s) for s in singles)
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


def tsquery(terms: SearchTerms) -> str:
    """The same condition as a PostgreSQL tsquery over the 'simple' configuration."""

    def phrase(p: tuple[str, ...]) -> str:
        return "(" + " & ".join(f"{w}:*" for w in p) + ")"

    return " & ".join("(" + " | ".join(phrase(p) for p in group) + ")" for group in terms.groups)


# ``search_vector`` and ``expertise_vector`` are stored columns generated from
# ``search_text`` and ``expertise_text`` on PostgreSQL (migrations 0004, 0005), indexed
# with GIN (0004, 0006).
FTS_SQL = "search_vector @@ to_tsquery('simple'::regconfig, %s)"


class VectorMatch(Expression):
    """``<table>.<column> @@ to_tsquery('simple', query)`` for a tsvector column the
    model does not declare, qualified by whatever alias the person table has in the
    query (a subquery renames it)."""

    output_field = BooleanField()

    def __init__(self, column: str, query: str) -> None:
        super().__init__()
        self.column, self.query = column, query
        self.pk: Any = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Any) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, _params = compiler.compile(self.pk)
        table = pk_sql.rsplit(".", 1)[0]
        return (
            f"{table}.\"{self.column}\" @@ to_tsquery('simple'::regconfig, %s)",
            [self.query],
        )


def text_filter(terms: SearchTerms) -> Q | VectorMatch:
    """A filter over ``search_text``: the GIN-indexed full-text match on PostgreSQL, the
    same substring test on SQLite; both give the same rows."""
    if connection.vendor == "postgresql":
        return VectorMatch("search_vector", tsquery(terms))
    return _like_q(terms, "search_text")


def _expertise_filter(terms: SearchTerms) -> Q | VectorMatch:
    """Every word of the query in the person's competencies and interests: the highest
    rank, GIN-indexed on PostgreSQL (migration 0006)."""
    if connection.vendor == "postgresql":
        return VectorMatch("expertise_vector", tsquery(terms))
    return _like_q(terms, "expertise_text")


def _rank(terms: SearchTerms) -> Any:
    """How many words of the query match the person's competencies and interests
    (a stored tsvector on PostgreSQL, the same substring test on SQLite)."""
    parts: list[Any] = [
        Case(When(_expertise_filter(SearchTerms([group])), then=Value(1)), default=Value(0))
        for group in terms.groups
    ]
    total: Any = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


# The search counts its matches exactly only up to this many: past it, the page says
# «более 1 000» and the API returns ``count_is_estimate``. Counting every one of a broad
# query's matches (a sixth of all persons for «юрист») would cost more than the page.
SEARCH_COUNT_LIMIT = 1000

RANKED_ORDER = ("-is_initiative", "last_name", "first_name", "pk")
# How many of a broad query's first matches (in the order within a rank) are looked at
# for the rows of each rank before that rank is counted on its own.
RANK_WINDOW = 200


@dataclass
class SearchSlice:
    """Rows of the search from ``offset``, and the number of matches: exact, or
    ``SEARCH_COUNT_LIMIT`` with ``capped`` when there are more."""

    rows: list[Any]
    count: int
    capped: bool


def _first_ids(qs: QuerySet[Any], limit: int) -> list[int]:
    """The ids of at most ``limit + 1`` matches of ``qs``, in no order: their number is
    the count up to the limit, and for a small set they are the set itself."""
    return list(qs.order_by().values_list("pk", flat=True)[: limit + 1])


def _among(qs: QuerySet[Person], ids: list[int]) -> QuerySet[Person]:
    """``qs`` (its order, columns and prefetches) over just the persons ``ids``, which
    were found by its conditions: the database sorts those rows and never walks an
    index in order hoping to meet a few matches early."""
    from django.db.models.sql.where import WhereNode

    outer = qs.all()
    outer.query.where = WhereNode()  # the ids carry every condition
    return outer.filter(pk__in=ids)


def _without_text_filter(qs: QuerySet[Person]) -> QuerySet[Person]:
    """On PostgreSQL, ``qs`` without its ``search_vector`` match, for the best rank: the
    words of competencies and interests are also in ``search_text``, so the expertise
    match implies it, and the two together mislead the planner (it multiplies their
    selectivities as if they were independent and expects a handful of rows)."""
    if connection.vendor != "postgresql":
        return qs

    def is_text_match(node: Any) -> bool:
        lookups = getattr(node, "children", None) or [node]
        return len(lookups) == 1 and any(
            isinstance(getattr(lookup, "lhs", None), VectorMatch)
            and lookup.lhs.column == "search_vector"
            for lookup in lookups
        )

    clone = qs.all()
    clone.query.where.children = [c for c in clone.query.where.children if not is_text_match(c)]
    return clone


def _levels(qs: QuerySet[Person], terms: SearchTerms) -> list[QuerySet[Person]]:
    """The matches of a text query by rank, best first, each in the order within a rank.

    The best level is a plain full-text condition (an index serves it); the others test
    the rank itself."""
    best = len(terms.groups)
    top = _without_text_filter(qs).filter(_expertise_filter(terms))
    return [top, *(qs.filter(**{"rank": level}) for level in range(best - 1, -1, -1))]


def search_slice(
    qs: QuerySet[Person], terms: SearchTerms | None, offset: int, limit: int
) -> SearchSlice:
    """``limit`` rows of the search from ``offset``, in the order of ``person_search``,
    without ranking or counting every match: the ranks are read best first, each as far
    as the page needs, and counting stops past ``SEARCH_COUNT_LIMIT``."""
    cap = SEARCH_COUNT_LIMIT
    offset, limit = max(0, offset), max(0, limit)
    if connection.vendor != "postgresql":
        # SQLite has no index for the text: every rank would be one more scan of the
        # table, so one query with the total alongside is cheaper there.
        from django.db.models import Count, Window

        rows: list[Any] = list(qs.annotate(total=Window(Count("pk")))[offset : offset + limit])
        total = rows[0].total if rows else qs.count()
        return SearchSlice(rows, min(total, cap), total > cap)
    ids = _first_ids(qs, cap)
    if len(ids) <= cap or not terms:
        # Few matches: sort just them. Many and no ranks: walk the name index in order.
        if len(ids) > cap:
            rows = list(qs[offset : offset + limit])
        else:
            rows = list(_among(qs, ids)[offset : offset + limit]) if offset < len(ids) else []
        return SearchSlice(rows, min(len(ids), cap), len(ids) > cap)
    # Many matches, ranked: each rank in turn, best first, as far as the page needs.
    window: list[int] | None = None
    rows = []
    skip, need = offset, limit
    for level in _levels(qs, terms):
        if not need:
            break
        ordered = level.order_by(*RANKED_ORDER)
        if skip + need <= RANK_WINDOW:
            # The first matches in the order within a rank hold the first ones of each
            # rank: if enough of this rank are among them, they are the page.
            if window is None:
                window = list(qs.order_by(*RANKED_ORDER).values_list("pk", flat=True)[:RANK_WINDOW])
            part = list(ordered.filter(pk__in=window)[skip : skip + need])
            if len(part) == need:
                rows += part
                break
        # A rare rank (or a far page): count it by the GIN index, never by a scan in
        # the hope of meeting it early.
        with _bitmap_scans_only():
            in_level = _first_ids(level, cap)
        if len(in_level) <= cap:
            if skip >= len(in_level):
                skip -= len(in_level)
                continue
            part = list(_among(ordered, in_level)[skip : skip + need])
        else:  # a broad rank: the index in order meets it soon
            part = list(ordered[skip : skip + need])
        rows += part
        need -= len(part)
        if need:  # this rank ran out: what is left of ``skip`` passes to the next one
            if len(in_level) <= cap:
                size = len(in_level)
            else:
                size = skip + len(part) if part else level.count()
            skip = max(0, skip - size)
    return SearchSlice(rows, cap, True)


@contextmanager
def _bitmap_scans_only() -> Iterator[None]:
    """On PostgreSQL, plan the queries inside with index bitmaps only: a condition the
    planner believes common (a prefix of a frequent word) may match almost nothing, and
    a sequential or in-order scan looking for its first rows would then read the table."""
    if connection.vendor != "postgresql":
        yield
        return
    names = ("enable_seqscan", "enable_indexscan")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s), current_setting(%s)", names)
        before = cursor.fetchone()
        cursor.execute("SELECT set_config(%s, 'off', true), set_config(%s, 'off', true)", names)
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
                [names[0], before[0], names[1], before[1]],
            )


def search_page(
    qs: QuerySet[Person], number: Any, per_page: int = 20, terms: SearchTerms | None = None
) -> Any:
    """One page of search results and the number of matches (see ``search_slice``).

    ``paginator.count_is_estimate`` tells that there are more matches than
    ``paginator.count``; the pages go as far as that count."""
    from django.core.paginator import Page, Paginator

    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    found = search_slice(qs, terms, (number - 1) * per_page, per_page)
    last = max(1, (found.count - 1) // per_page + 1)
    if number > last:
        number = last
        found = search_slice(qs, terms, (number - 1) * per_page, per_page)
    paginator = Paginator(qs, per_page)
    paginator.__dict__["count"] = found.count
    paginator.count_is_estimate = found.capped  # type: ignore[attr-defined]
    return Page(found.rows, number, paginator)
