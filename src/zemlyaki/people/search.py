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


def tsquery(terms: SearchTerms, expertise: bool = False) -> str:
    """The condition as a PostgreSQL tsquery over ``search_document``: every group, each
    as any of its phrases, each word a prefix. ``expertise`` asks for the words marked
    «_» (those of the person's competencies and interests)."""
    mark = "_" if expertise else ""

    def phrase(p: tuple[str, ...]) -> str:
        return "(" + " & ".join(f"'{mark}{w}':*" for w in p) + ")"

    return " & ".join("(" + " | ".join(phrase(p) for p in group) + ")" for group in terms.groups)


def fts5_query(terms: SearchTerms, expertise: bool = False) -> str:
    """The same condition as an FTS5 query over one column of ``people_person_fts``."""

    def phrase(p: tuple[str, ...]) -> str:
        return "(" + " AND ".join(f'"{w}"*' for w in p) + ")"

    body = " AND ".join("(" + " OR ".join(phrase(p) for p in group) + ")" for group in terms.groups)
    return f"{'expertise_text' if expertise else 'search_text'} : ({body})"


# ``search_document`` is a stored tsvector generated from ``search_text`` and
# ``expertise_text`` on PostgreSQL, GIN-indexed; ``people_person_fts`` is the FTS5 table
# over the same two columns on SQLite (migration 0009).
FTS_SQL = {
    "postgresql": '{table}."search_document" @@ %s::tsquery',
    "sqlite": '{table}."id" IN'
    " (SELECT rowid FROM people_person_fts WHERE people_person_fts MATCH %s)",
}


def match_sql(
    vendor: str, terms: SearchTerms, expertise: bool = False, table: str = '"people_person"'
) -> tuple[str, str]:
    """The indexed text condition on the person table and its one parameter."""
    query = tsquery(terms, expertise) if vendor == "postgresql" else fts5_query(terms, expertise)
    return FTS_SQL[vendor].format(table=table), query


class DocumentMatch(Expression):
    """The indexed text condition (``match_sql``) qualified by whatever alias the person
    table has in the query (a subquery renames it)."""

    output_field = BooleanField()

    def __init__(self, terms: SearchTerms, expertise: bool = False) -> None:
        super().__init__()
        self.terms, self.expertise = terms, expertise
        self.pk: Any = F("pk")

    @property
    def identity(self) -> tuple[Any, ...]:  # type: ignore[override]
        groups = tuple(tuple(group) for group in self.terms.groups)
        return (type(self), groups, self.expertise, self.pk)

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Any) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, _params = compiler.compile(self.pk)
        table = pk_sql.rsplit(".", 1)[0]
        sql, query = match_sql(connection.vendor, self.terms, self.expertise, table)
        return sql, [query]


def text_filter(terms: SearchTerms) -> Q | DocumentMatch:
    """The matches of a text query: the GIN-indexed document on PostgreSQL, the FTS5
    table on SQLite; both give the rows the substring test over ``search_text`` gives."""
    if connection.vendor in FTS_SQL:
        return DocumentMatch(terms)
    return _like_q(terms, "search_text")


def _expertise_filter(terms: SearchTerms) -> Q | DocumentMatch:
    """Every word of the query in the person's competencies and interests: the highest
    rank (the words marked «_» of the document on PostgreSQL, the second column of the
    FTS5 table on SQLite)."""
    if connection.vendor in FTS_SQL:
        return DocumentMatch(terms, expertise=True)
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


# The search counts its matches exactly only up to this many: past it, the page says
# «более 1 000» and the API returns ``count_is_estimate``. Counting every one of a broad
# query's matches (a sixth of all persons for «юрист») would cost more than the page.
SEARCH_COUNT_LIMIT = 1000

RANKED_ORDER = ("-is_initiative", "last_name", "first_name", "pk")
NAME_ORDER = ("last_name", "first_name", "patronymic", "pk")
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


def _first_page(
    qs: QuerySet[Any], order: tuple[str, ...], offset: int, limit: int
) -> tuple[list[int], int, Any]:
    """One query: of at most ``SEARCH_COUNT_LIMIT + 1`` matches of ``qs`` taken in no
    order, the ids of ``limit`` from ``offset`` in ``order``, and how many there were.

    When there were no more than the limit, those are the page and the exact count: the
    database sorts just the matches, on the few columns of the order (and computes the
    rank for them only), and never walks an index in order hoping to meet them early.
    The third value is the first row's rank (or first key) when reading from the start."""
    cap = SEARCH_COUNT_LIMIT
    names = [f.lstrip("-") for f in order]
    inner = qs.order_by().values_list(*names)[: cap + 1]
    sql, params = inner.query.sql_with_params()
    positions = ", ".join(
        f"{i}{' DESC' if f.startswith('-') else ''}" for i, f in enumerate(order, start=1)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.*, count(*) OVER () FROM ({sql}) m ORDER BY {positions}"
            f" LIMIT {int(limit)} OFFSET {int(offset)}",
            params,
        )
        found = cursor.fetchall()
        if found:
            size = found[0][-1]
        elif not offset:
            size = 0
        else:
            cursor.execute(f"SELECT count(*) FROM ({sql}) m", params)
            size = cursor.fetchone()[0]
    pk = names.index("pk")
    key = names.index("rank") if "rank" in names else 0
    return [row[pk] for row in found], size, (found[0][key] if found and not offset else None)


def _rows(qs: QuerySet[Person], ids: list[int]) -> list[Person]:
    """``qs`` for just the persons ``ids`` (found by its conditions), in that order, with
    their relations in the same query (``search_rows``)."""
    from .search_rows import page_rows

    return page_rows(qs, ids)


def _ids(qs: QuerySet[Person], start: int, stop: int) -> list[int]:
    return list(qs.values_list("pk", flat=True)[start:stop])


def walk_ids(ordered: QuerySet[Person], start: int, stop: int) -> list[int]:
    """Ids of a broad rank (``ordered`` in ``RANKED_ORDER``), read by walking the index in
    that order and stopping after ``stop`` matches. PostgreSQL's planner does it; SQLite's
    would start from the FTS5 matches and sort them all, so it is told which index."""
    ids = ordered.values_list("pk", flat=True)[start:stop]
    if connection.vendor != "sqlite":
        # The planner multiplies the selectivities of the text match and the rank test
        # as if they were independent, expects a handful of rows and sorts them all.
        with _planner_without("seqscan", "bitmapscan", "sort"):
            return list(ids)
    sql, params = ids.query.sql_with_params()
    table = '"people_person"'
    sql = sql.replace(f"FROM {table}", f"FROM {table} INDEXED BY people_person_ranked_order", 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _without_text_filter(qs: QuerySet[Person]) -> QuerySet[Person]:
    """``qs`` without its text match, for the best rank: the words of competencies and
    interests are also in ``search_text``, so the expertise match implies it, and the
    two together mislead the planner (it multiplies their selectivities as if they were
    independent and expects a handful of rows)."""

    def is_text_match(node: Any) -> bool:
        lookups = getattr(node, "children", None) or [node]
        return len(lookups) == 1 and any(
            isinstance(getattr(lookup, "lhs", None), DocumentMatch) and not lookup.lhs.expertise
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
    without ranking or counting every match: up to ``SEARCH_COUNT_LIMIT`` matches are
    counted and sorted in one query; past it the ranks are read best first, each as far
    as the page needs."""
    cap = SEARCH_COUNT_LIMIT
    offset, limit = max(0, offset), max(0, limit)
    order = ("-rank", *RANKED_ORDER) if terms else NAME_ORDER
    if terms and "surname" in qs.query.annotations:
        # A typed surname first (``person_search``): exactly, then as its start.
        order = ("-surname", *order)
    ids, size, first_key = _first_page(qs, order, offset, limit)
    if size <= cap:
        return SearchSlice(_rows(qs, ids), size, False)
    if not terms:  # many matches and no ranks: walk the name index in order
        return SearchSlice(_rows(qs, _ids(qs, offset, offset + limit)), cap, True)
    # Many matches, ranked: each rank in turn, best first, as far as the page needs.
    window: list[int] | None = None
    rows: list[Any] = []
    skip, need = offset, limit
    # The window of the first matches in order helps only when the best rank is common
    # among them: the sorted sample of the first query says whether it is.
    use_window = offset > 0 or first_key == len(terms.groups)
    levels = _levels(qs, terms)
    counted = 0
    for index, level in enumerate(levels):
        if not need:
            break
        ordered = level.order_by(*RANKED_ORDER)
        if index == len(levels) - 1 and counted <= cap // 2:
            # The last rank holds most of the more than ``cap`` matches: walk it.
            rows += _rows(qs, walk_ids(ordered, skip, skip + need))
            break
        if use_window and skip + need <= RANK_WINDOW and connection.vendor == "postgresql":
            # (PostgreSQL walks its index in the order of a rank; SQLite would sort.)
            # The first matches in the order within a rank hold the first ones of each
            # rank: if enough of this rank are among them, they are the page.
            if window is None:
                window = list(qs.order_by(*RANKED_ORDER).values_list("pk", flat=True)[:RANK_WINDOW])
            first = _ids(ordered.filter(pk__in=window), skip, skip + need)
            if len(first) == need:
                rows += _rows(qs, first)
                break
        # A rare rank (or a far page): count it by the index, never by a scan in the
        # hope of meeting it early.
        with _bitmap_scans_only():
            in_level, size, _first = _first_page(level, RANKED_ORDER, skip, need)
        if size <= cap:
            counted += size
            if skip >= size:
                skip -= size
                continue
            part = _rows(qs, in_level)
        else:  # a broad rank: the index in order meets it soon
            part = _rows(qs, walk_ids(ordered, skip, skip + need))
        rows += part
        need -= len(part)
        if need:  # this rank ran out: what is left of ``skip`` passes to the next one
            if size > cap:
                size = skip + len(part) if part else level.count()
            skip = max(0, skip - size)
    return SearchSlice(rows, cap, True)


@contextmanager
def _planner_without(*methods: str) -> Iterator[None]:
    """On PostgreSQL, plan the queries inside without ``methods`` (``seqscan``,
    ``indexscan``, ``bitmapscan``, ``sort``), for this transaction only. Without JIT
    too: a method turned off costs the plan so much that it passes ``jit_above_cost``,
    and compiling would take longer than the query."""
    if connection.vendor != "postgresql":
        yield
        return
    names = [f"enable_{m}" for m in methods] + ["jit"]
    with transaction.atomic(), connection.cursor() as cursor:
        # One round trip: the settings as they were, then off (left to right).
        cursor.execute(
            "SELECT "
            + ", ".join(["current_setting(%s)"] * len(names))
            + ", "
            + ", ".join(["set_config(%s, 'off', true)"] * len(names)),
            [*names, *names],
        )
        before = cursor.fetchone()[: len(names)]
        try:
            yield
        finally:
            pairs = [v for pair in zip(names, before, strict=True) for v in pair]
            cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)), pairs)


def _bitmap_scans_only() -> Any:
    """Index bitmaps only: a condition the planner believes common (a prefix of a
    frequent word) may match almost nothing, and a sequential or in-order scan looking
    for its first rows would then read the table."""
    return _planner_without("seqscan", "indexscan")


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
