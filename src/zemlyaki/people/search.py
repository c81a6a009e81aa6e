"""The expert search: the pages of ranked results without ranking or counting every
match (the words of a query and their conditions are in ``search_query``)."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FullResultSet
from django.db import connection
from django.db.models import IntegerField, Q, QuerySet
from django.db.models.functions import Cast

from .models import Person
from .search_query import (
    EXPERT_MARK,
    FTS_SQL,
    VOCABULARY_TTL,
    DocumentMatch,
    SearchTerms,
    _like_q,
    _rank,
    filter_marks,
    forget_vocabulary,
    fts5_query,
    lead_group,
    match_sql,
    search_terms,
    term_ids,
    text_filter,
    tsquery,
    vocabulary_keys,
)
from .search_rows import page_rows, rows_of_ids

# The search counts its matches exactly only up to this many: past it, the page says
# «более 1 000» and the API returns ``count_is_estimate``. Counting every one of a broad
# query's matches (a sixth of all persons for «юрист») would cost more than the page.
SEARCH_COUNT_LIMIT = 1000

RANKED_ORDER = ("-is_initiative", "last_name", "first_name", "pk")
NAME_ORDER = ("last_name", "first_name", "patronymic", "pk")


@dataclass
class SearchSlice:
    """Rows of the search from ``offset``, and the number of matches: exact, or
    ``SEARCH_COUNT_LIMIT`` with ``capped`` when there are more."""

    rows: list[Any]
    count: int
    capped: bool


def _first_page(
    qs: QuerySet[Any],
    order: tuple[str, ...],
    offset: int,
    limit: int,
    ranks: int = 0,
    every: bool = False,
) -> tuple[list[int], int, list[int]]:
    """One query: of at most ``SEARCH_COUNT_LIMIT + 1`` matches of ``qs`` taken in no
    order, the ids of ``limit`` from ``offset`` in ``order``, and how many there were.

    When there were no more than the limit, those are the page and the exact count: the
    database sorts just the matches, on the few columns of the order (and computes the
    rank for them only), and never walks an index in order hoping to meet them early.
    The third value: how many of those matches have each rank from 0 to ``ranks`` (a
    sample of the ranks when there were more matches than the limit). ``every``: of all
    the matches, counted to the end (for a query that would sort them all anyway)."""
    cap = SEARCH_COUNT_LIMIT
    names = [f.lstrip("-") for f in order]
    inner = qs.order_by().values_list(*names)
    if not every:
        inner = inner[: cap + 1]
    sql, params = inner.query.sql_with_params()
    positions = ", ".join(
        f"{i}{' DESC' if f.startswith('-') else ''}" for i, f in enumerate(order, start=1)
    )
    sample = "".join(
        f', count(*) FILTER (WHERE m."rank" = {r}) OVER ()' for r in range(ranks + 1) if ranks
    )
    width = ranks + 1 if ranks else 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.*{sample}, count(*) OVER () FROM ({sql}) m ORDER BY {positions}"
            f" LIMIT {int(limit)} OFFSET {int(offset)}",
            params,
        )
        found = cursor.fetchall()
        if found:
            counts = list(found[0][len(names) :])
        elif not offset:
            counts = [0] * (width + 1)
        else:
            cursor.execute(
                f"SELECT {sample.replace(' OVER ()', '').lstrip(', ')}{', ' if sample else ''}"
                f"count(*) FROM ({sql}) m",
                params,
            )
            counts = list(cursor.fetchone())
    pk = names.index("pk")
    return [row[pk] for row in found], counts[-1], counts[:-1]


def _rows(qs: QuerySet[Person], ids: list[int]) -> list[Person]:
    """``qs`` for just the persons ``ids`` (found by its conditions), in that order, with
    their relations in the same query (``search_rows``)."""
    return page_rows(qs, ids)


def _ids(qs: QuerySet[Person], start: int, stop: int) -> list[int]:
    return list(qs.values_list("pk", flat=True)[start:stop])


def walk_ids(ordered: QuerySet[Person], start: int, stop: int) -> list[int]:
    """On SQLite, ids of a broad level (``ordered`` in ``RANKED_ORDER``) read by walking
    the index in that order and stopping after ``stop`` matches: SQLite's planner would
    start from the FTS5 matches and sort them all, so it is told which index."""
    sql, params = ordered.values_list("pk", flat=True)[start:stop].query.sql_with_params()
    table = '"people_person"'
    sql = sql.replace(f"FROM {table}", f"FROM {table} INDEXED BY people_person_ranked_order", 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _without_text_filter(qs: QuerySet[Person]) -> QuerySet[Person]:
    """``qs`` without its text match, for a level that has its own full-text condition
    implying it (the words of competencies and interests are also in ``search_text``):
    the two together mislead the planner, which multiplies their selectivities as if they
    were independent and expects a handful of rows."""

    def is_text_match(node: Any) -> bool:
        lookups = getattr(node, "children", None) or [node]
        return len(lookups) == 1 and any(
            isinstance(getattr(lookup, "lhs", None), DocumentMatch) and lookup.lhs.kind == "text"
            for lookup in lookups
        )

    clone = qs.all()
    clone.query.where.children = [c for c in clone.query.where.children if not is_text_match(c)]
    return clone


def _surname_starts(terms: SearchTerms) -> Q:
    """A word of the query starts the folded full name: the persons who may rank by a
    typed surname (``selectors.surname_rank``). On SQLite as a range too, which its index
    on ``match_name`` serves (its LIKE ignores case and so no index)."""
    condition = Q()
    for word in terms.surnames:
        one = Q(match_name__startswith=word)
        if connection.vendor == "sqlite":
            one &= Q(match_name__gte=word, match_name__lt=word + "\U0010ffff")
        condition |= one
    return condition


def _levels(qs: QuerySet[Person], terms: SearchTerms) -> list[tuple[QuerySet[Person], int | None]]:
    """The matches of a text query split by the leading keys of the order, best first,
    each with its rank (``None`` for a typed surname): a typed surname (exactly, then as
    its start, in one level; few rows, found by the index on ``match_name`` and sorted),
    then the ranks from the best (every group of words among the person's competencies
    and interests) to none. On PostgreSQL each rank is one full-text condition on the
    indexed document, which the planner can estimate (a test of the rank's expression it
    could not); on SQLite the best rank is the FTS5 column of those words, the others a
    test of the rank on the rows read."""
    rest, out = qs, list[tuple[QuerySet[Person], int | None]]()
    if terms.surnames and "surname" in qs.query.annotations:
        starts = _surname_starts(terms)
        named = qs.filter(starts)
        if connection.vendor == "sqlite":  # else SQLite starts from the FTS5 matches
            named = _without_text_filter(qs).filter(_like_q(terms, "search_text"), starts)
        # exactly, then as its start: one level, in that order
        out.append((named.order_by("-surname", "-rank", *RANKED_ORDER), None))
        rest = qs.exclude(starts)
    bare = _without_text_filter(rest)
    best = len(terms.groups)
    for level in range(best, -1, -1):
        if connection.vendor == "postgresql" or level == best:
            out.append((bare.filter(DocumentMatch(terms, kind="rank", level=level)), level))
        else:
            out.append((rest.filter(**{"rank": level}), level))
    return out


# A rank with fewer of the sampled first matches than this is read from the full-text
# index and sorted; a commoner one is read by walking the index in the order within a
# rank (on PostgreSQL the planner chooses the walk for it).
RARE_IN_SAMPLE = 50


def _ranked_ids(
    qs: QuerySet[Person], terms: SearchTerms, offset: int, limit: int, sample: list[int]
) -> list[int]:
    """On SQLite, past ``SEARCH_COUNT_LIMIT`` matches: the ids of the page in the
    search's order, level by level (``_levels``), each read only as far as the page
    needs (PostgreSQL reads them in one statement, ``_levels_sql``).

    ``sample``: how many of the first ``SEARCH_COUNT_LIMIT + 1`` matches had each rank.
    A rank common in the sample is walked in order at once, another level is counted by
    FTS5 up to the limit and sorted (or walked when it turns out broader)."""
    levels: list[tuple[QuerySet[Person], bool]] = []
    for level_qs, rank in _levels(qs, terms):
        common = rank is not None and bool(sample) and sample[rank] >= RARE_IN_SAMPLE
        if rank is not None:
            level_qs = level_qs.order_by(*RANKED_ORDER)
        levels.append((level_qs, common))
    ids: list[int] = []
    skip, need = offset, limit
    for level_qs, common in levels:
        order = tuple(str(key) for key in level_qs.query.order_by)
        in_level: list[int] = []
        size = SEARCH_COUNT_LIMIT + 1
        if not common:
            in_level, size, _sample = _first_page(level_qs, order, skip, need)
        if size > SEARCH_COUNT_LIMIT:  # a broad level: the index in order meets it soon
            walk = walk_ids if order == RANKED_ORDER else _ids
            in_level = walk(level_qs, skip, skip + need)
            if len(in_level) < need:  # it ran out: what is left of ``skip`` passes on
                size = skip + len(in_level) if in_level else level_qs.count()
        ids += in_level
        need -= len(in_level)
        if not need:
            break
        skip = max(0, skip - size)
    return ids


_ORDER_SQL = (
    '"people_person"."last_name" ASC, "people_person"."first_name" ASC, "people_person"."id" ASC'
)


def _levels_sql(
    qs: QuerySet[Person], terms: SearchTerms, offset: int, limit: int, sample: list[int]
) -> tuple[str, list[Any]]:
    """On PostgreSQL, past ``SEARCH_COUNT_LIMIT`` matches: the statement giving the ids
    of the page in the search's order (``_levels``), as one ``UNION ALL`` of the levels'
    first ``offset + limit`` rows; the database reads the branches in turn and stops
    when the page is full. A rank rare in ``sample`` (how many of the first
    ``SEARCH_COUNT_LIMIT + 1`` matches had each rank) is ordered by an expression no
    index has, so that it is found by the GIN index and sorted (its prefixes may be
    unknown to the statistics, and the planner would walk the whole order index looking
    for it); a common one is walked in the index's order.

    Written as plain SQL around the conditions of ``qs`` compiled once (the ORM would
    build and compile a query for each level); a query whose conditions need another
    table (none of the search's do on PostgreSQL) goes through the ORM."""
    stop = offset + limit
    query = qs.query
    if [alias for alias, refs in query.alias_refcount.items() if refs] != ["people_person"]:
        return _levels_orm_sql(qs, terms, offset, limit, sample)
    compiler = query.get_compiler(connection=connection)

    def compiled(node: Any) -> tuple[str, list[Any]]:
        try:
            sql, node_params = compiler.compile(node)
        except FullResultSet:
            return "TRUE", []
        return sql, list(node_params)

    where, where_params = compiled(query.where)
    bare, bare_params = compiled(_without_text_filter(qs).query.where)
    parts: list[str] = []
    params: list[Any] = []
    ranked = f'"people_person"."is_initiative" DESC, {_ORDER_SQL}'
    rest, rest_params = "", list[Any]()
    if terms.surnames and "surname" in query.annotations:
        like = '"people_person"."match_name"::text LIKE %s'
        starts = " OR ".join([like] * len(terms.surnames))
        starts_params = [connection.ops.prep_for_like_query(w) + "%" for w in terms.surnames]
        surname, surname_params = compiler.compile(query.annotations["surname"])
        rank, rank_params = compiler.compile(query.annotations["rank"])
        parts.append(
            f'SELECT "people_person"."id" FROM "people_person" WHERE {where} AND ({starts})'
            f" ORDER BY {surname} DESC, {rank} DESC, {ranked} LIMIT {int(stop)}"
        )
        params += [*where_params, *starts_params, *surname_params, *rank_params]
        rest, rest_params = f" AND NOT ({starts})", starts_params
    # The experts' mark named as the column too where a level is walked: the partial
    # index in the same order over the experts (migration 0018) then serves the walk.
    experts = ' AND "people_person"."show_as_expert"' if EXPERT_MARK in terms.marks else ""
    for level in range(len(terms.groups), -1, -1):
        common = bool(sample) and sample[level] >= RARE_IN_SAMPLE
        order = (
            ranked if common else f'("people_person"."is_initiative")::integer DESC, {_ORDER_SQL}'
        )
        condition, tsq = match_sql("postgresql", terms, "rank", level=level)
        parts.append(
            f'SELECT "people_person"."id" FROM "people_person" WHERE {bare}{rest} AND {condition}'
            f"{experts if common else ''} ORDER BY {order} LIMIT {int(stop)}"
        )
        params += [*bare_params, *rest_params, tsq]
    union = " UNION ALL ".join(f"(SELECT * FROM ({part}) l{i})" for i, part in enumerate(parts))
    return f"SELECT * FROM ({union}) u LIMIT {int(limit)} OFFSET {int(offset)}", params


def _levels_orm_sql(
    qs: QuerySet[Person], terms: SearchTerms, offset: int, limit: int, sample: list[int]
) -> tuple[str, list[Any]]:
    """``_levels_sql`` through the ORM, for conditions that need other tables."""
    stop = offset + limit
    parts: list[str] = []
    params: list[Any] = []
    for level_qs, rank in _levels(qs, terms):
        common = rank is not None and bool(sample) and sample[rank] >= RARE_IN_SAMPLE
        if rank is not None and not common:
            level_qs = level_qs.annotate(initiative_key=Cast("is_initiative", IntegerField()))
            level_qs = level_qs.order_by("-initiative_key", *RANKED_ORDER[1:])
        elif rank is not None:
            level_qs = level_qs.order_by(*RANKED_ORDER)
        sql, level_params = level_qs.values_list("pk", flat=True)[:stop].query.sql_with_params()
        parts.append(f"(SELECT * FROM ({sql}) l{len(parts)})")
        params += level_params
    union = " UNION ALL ".join(parts)
    return f"SELECT * FROM ({union}) u LIMIT {int(limit)} OFFSET {int(offset)}", params


def search_slice(
    qs: QuerySet[Person], terms: SearchTerms | None, offset: int, limit: int
) -> SearchSlice:
    """``limit`` rows of the search from ``offset``, in the order of ``person_search``,
    without ranking or counting every match: up to ``SEARCH_COUNT_LIMIT`` matches are
    counted and sorted in one query; past it the levels of the order are read best
    first, each as far as the page needs (``_ranked_ids``)."""
    cap = SEARCH_COUNT_LIMIT
    offset, limit = max(0, offset), max(0, limit)
    order = ("-rank", *RANKED_ORDER) if terms else NAME_ORDER
    if terms and "surname" in qs.query.annotations:
        # A typed surname first (``person_search``): exactly, then as its start.
        order = ("-surname", *order)
    ranks = len(terms.groups) if terms else 0
    # SQLite has no index in the order without text and sorts every match for a page past
    # the limit: one query sorts and counts them all at once.
    every = not terms and connection.vendor == "sqlite"
    ids, size, sample = _first_page(qs, order, offset, limit, ranks, every)
    if size <= cap:
        return SearchSlice(_rows(qs, ids), size, False)
    if every:
        return SearchSlice(_rows(qs, ids), cap, True)
    if connection.vendor == "postgresql":  # the ids and their rows in one statement
        if not terms:  # many matches and no ranks: walk the name index in order
            ids_query = qs.values_list("pk", flat=True)[offset : offset + limit].query
            sql, ids_params = ids_query.sql_with_params()
            params = list(ids_params)
        else:
            sql, params = _levels_sql(qs, terms, offset, limit, sample)
        return SearchSlice(rows_of_ids(qs, sql, params), cap, True)
    if not terms:  # many matches and no ranks: walk the name index in order
        return SearchSlice(_rows(qs, _ids(qs, offset, offset + limit)), cap, True)
    return SearchSlice(_rows(qs, _ranked_ids(qs, terms, offset, limit, sample)), cap, True)


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


# what callers read here, the words of a query among them
__all__ = [
    "FTS_SQL",
    "NAME_ORDER",
    "RANKED_ORDER",
    "SEARCH_COUNT_LIMIT",
    "VOCABULARY_TTL",
    "DocumentMatch",
    "SearchSlice",
    "SearchTerms",
    "_like_q",
    "_rank",
    "filter_marks",
    "forget_vocabulary",
    "fts5_query",
    "lead_group",
    "match_sql",
    "search_page",
    "search_slice",
    "search_terms",
    "term_ids",
    "text_filter",
    "tsquery",
    "vocabulary_keys",
]
