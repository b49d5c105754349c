"""Finding movies and people by title or name: one function for the search page and the REST API.

`search(rows, query, fields)` keeps the `rows` (a queryset of movies or people) that match every
word of `query` (split as DRF's `SearchFilter` splits it: spaces and commas, quotes keep a phrase)
in one of `fields`, ignoring case.

- **SQLite** (and any database but PostgreSQL): each word inside one of the fields (`icontains`, what
  the API's `?search=` always did; the page's old whole-query match is a special case of it), in the
  rows' own order, as before.
- **PostgreSQL**: each word of three characters or more inside one of the fields, or (four or more)
  close to one of their words, so a typo still finds it ("godfater", "parasit": `pg_trgm`'s word
  similarity `%>` at `WORD_SIMILARITY_THRESHOLD`, set on each connection); each shorter word at the
  start of one of their words ("기생" finds 기생충, "생충" does not: inside words it would need a scan
  of every row, as a trigram index holds nothing shorter than three characters). Best first: a
  field equal to the query, then a field starting with it, then by full-text rank (each word a
  prefix; configuration `'simple'`, which keeps Korean words whole and stems nothing), then by
  trigram similarity, then by `popularity` (a field or expression, most first) and the id. GIN
  indexes serve every test (migration `0006_search_indexes`: a trigram index per searched column,
  one full-text index per model over its searched columns, `TITLE_FIELDS` and `NAME_FIELDS`).
  Hangul counts as word characters for `pg_trgm` in a UTF-8 database under a Unicode locale such
  as `C.UTF-8` (a test checks it). A query of very common words ("the": half the titles), which
  more than `MOST_RANKED` rows have a word starting with, ranks only bounded candidates: the rows
  equal to it, starting with it, and with a word starting with each of its words, at most
  `MOST_RANKED` + 1 of each (`_candidates`; indexes of migration `0007_search_upper_indexes`),
  since ranking half the table row by row took a third of a second of the database's CPU at
  60,000 movies. When at least `ENOUGH_STARTING` (a page) but at most `MOST_RANKED` rows have a
  word starting with each word of the query, those rows are the result: the matches only inside
  words or misspelt would rank after every one of them, and looking them up is what costs.

`SearchPaginator` pages a search's result for the page and the API: over its first `MOST_RANKED`
rows, saying whether more matched.

`clean_query` says what a query may be (at most `MAX_QUERY_LENGTH` characters, no NUL); callers
turn its `BadQuery` into a 400 or a message.
"""

import re
from functools import cached_property

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Case, F, IntegerField, Lookup, Q, Value, When
from django.db.models.functions import Greatest
from rest_framework.filters import search_smart_split

#: The searched columns, as the full-text indexes of migration 0006 list them (same order).
TITLE_FIELDS = ("title", "title_en", "original_title")
NAME_FIELDS = ("name", "name_en")
MAX_QUERY_LENGTH = 200
#: The most rows a search ranks one by one, and the most its pages show (`SearchPaginator`). A query
#: matching more ("the": half the titles) ranks a bounded set of candidates (`_candidates`) instead.
MOST_RANKED = 100
#: How many rows with a word starting with each word of the query make the search leave out the
#: rows matching only inside words or misspelt: a page's worth (the page and the API show 20), as
#: those rows would rank after them all. Looking a short word up misspelt or inside words is costly
#: where many titles hold it: a trigram scan per word and column ("cold girl": 160–200 ms of the
#: database at 62,000 movies, against 5 ms for the rows with words starting with "cold" and "girl").
ENOUGH_STARTING = 20
#: The shortest word PostgreSQL looks for inside other words (a trigram's length).
MIN_INSIDE_WORD = 3
#: How close (0–1) a word must be to a word of a field to count as it misspelt. pg_trgm's default,
#: 0.6, misses one wrong letter in most words of five to eight letters ("mmory" is 0.5 from
#: "memory"); 0.5 finds those, and still keeps most unrelated words apart.
WORD_SIMILARITY_THRESHOLD = 0.5
#: The shortest word looked for misspelt too. One wrong letter leaves a three-letter word at most
#: 0.5 from the right one, and "the" is that close to "they", "then", "them": only noise, and costly.
MIN_MISSPELT_WORD = 4
#: Full-text configuration: no stemming and no stop words, so Korean and English words stay whole.
TEXT_SEARCH_CONFIG = "simple"
# The characters PostgreSQL's text-search parser does not keep inside a word (a superset of them is
# fine: a query word is only ever split further).
NOT_WORD = re.compile(r"[\W_]+")


class BadQuery(ValueError):
    """A query the search refuses; the message says why, in a sentence."""


def clean_query(raw: str) -> str:
    """`raw` without surrounding spaces; "" means no search. Raises `BadQuery` when it is too long or
    holds a NUL (which PostgreSQL cannot take in a string)."""
    query = raw.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise BadQuery(f"at most {MAX_QUERY_LENGTH} characters, not {len(query)}.")
    if "\x00" in query:
        raise BadQuery("a NUL character cannot be searched for.")
    return query


def search(rows, query: str, fields, popularity=None):
    """`rows` matching `query` (a `clean_query` result, not empty) in any of `fields`.

    On PostgreSQL ordered best first, `popularity` (a field name or expression, most first, nulls
    last) breaking ties after the text; elsewhere in the rows' own order. See the module docstring.
    """
    words = search_smart_split(query) or [query]
    if connections[rows.db].vendor != "postgresql":
        contains_every_word = Q()
        for word in words:
            contains_every_word &= _any_field(fields, lambda field, word=word: Q(**{f"{field}__icontains": word}))
        return rows.filter(contains_every_word)
    return _ranked(rows, query, words, fields, popularity)


def _any_field(fields, condition):
    """A Q true when `condition(field)` holds for one of `fields`."""
    either = Q()
    for field in fields:
        either |= condition(field)
    return either


def _ranked(rows, query, words, fields, popularity):
    vector = SearchVector(*fields, config=TEXT_SEARCH_CONFIG)
    matches = _matching(words, fields)
    if not matches:  # only short runs of punctuation: nothing to look up
        return rows.none()
    # With words of word characters only, a row with a word starting with each of them matches the
    # query (not the converse: words found inside words or misspelt); the full-text index finds
    # those rows alone, cheaply. Among all the model's rows, without what `rows` adds (a count of
    # likes, a join): the filter below keeps only those of `rows`.
    if not any(NOT_WORD.search(word) for word in words):
        every_row = rows.model._default_manager.alias(search_vector=vector).order_by()
        starting_words = every_row.filter(search_vector=prefix_query(query))
        first = list(starting_words.values_list("pk", flat=True)[: MOST_RANKED + 1])
        if len(first) > MOST_RANKED:
            matches = Q(AnyOf(F("pk"), _candidates(every_row, query, fields, first)))
        elif len(first) >= ENOUGH_STARTING:
            # A page of them: the rows matched only inside words or misspelt would all rank after
            # these (no full-text rank), and finding them is the costly part of the match.
            matches = Q(AnyOf(F("pk"), first))
    return (
        rows.alias(search_vector=vector)  # an alias: in the WHERE clause, never sent back
        .filter(matches)
        .order_by(*_best_first(query, fields, vector, popularity))
    )


def _candidates(every_row, query, fields, starting_words):
    """The ids of the rows the search ranks when more than `MOST_RANKED` rows have a word starting
    with each word of the query (`starting_words`: the first `MOST_RANKED` + 1 of them): those, and
    as many of the rows with a field equal to the query, and of those with a field starting with
    it. Those three tiers are in the order the ranking puts them, so a title equal to the query is
    always among the candidates, titles starting with it fill the first pages, and the other
    matches (inside words, misspelt) are left out, being worse.

    An index serves each tier (the full-text index; a btree on each field's upper case, migration
    0007) and each stops at its `MOST_RANKED` + 1st row, so a query in half the titles reads about
    a thousand rows rather than all of them, and none of the costly matching. A tier's rows are
    the first the table holds (no ORDER BY: one by id would walk the primary key past every row
    whenever a tier is rarer than the planner guesses); index and table scans both read the table
    in its physical order, so they are the same rows from one page to the next. The ids are read
    here, so the page's count and rows look up a list (one array parameter, `AnyOf`). Having more
    than `MOST_RANKED` of them tells `SearchPaginator` that more matched than it pages."""
    exact = _any_field(fields, lambda field: Q(**{f"{field}__iexact": query}))
    starting = _any_field(fields, lambda field: Q(**{f"{field}__istartswith": query}))
    exact_ids, starting_ids = (
        every_row.filter(tier).values_list("pk", flat=True)[: MOST_RANKED + 1] for tier in (exact, starting)
    )
    return sorted({*starting_words, *exact_ids.union(starting_ids)})


def _matching(words, fields):
    """The PostgreSQL match: each word of three characters or more inside one of the fields (or, four
    or more, close to one of their words: a typo), and each shorter word starting one of their words
    (full text)."""
    # A word under three characters has no trigram to look up, so finding it inside words would scan
    # every row; it must start a word instead, which the full-text index finds. Hence "대부 2" finds
    # 대부 2 and "기생" finds 기생충, but "생충" does not (it does on SQLite).
    every_word = Q()
    for word in words:
        if len(word) >= MIN_INSIDE_WORD:
            every_word &= _any_field(fields, lambda field, word=word: _inside_or_close(field, word))
    short_words = prefix_query(" ".join(word for word in words if len(word) < MIN_INSIDE_WORD))
    if short_words is not None:
        every_word &= Q(search_vector=short_words)
    return every_word


def _best_first(query, fields, vector, popularity):
    """The ORDER BY of the PostgreSQL search (see the module docstring)."""
    every_word_starts_a_word = prefix_query(query)
    closeness = Case(
        When(_any_field(fields, lambda field: Q(**{f"{field}__iexact": query})), then=Value(0)),
        When(_any_field(fields, lambda field: Q(**{f"{field}__istartswith": query})), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    similarity = [TrigramSimilarity(field, query) for field in fields]
    order = [closeness.asc()]
    if every_word_starts_a_word is not None:
        order.append(SearchRank(vector, every_word_starts_a_word).desc())
    order.append((Greatest(*similarity) if len(similarity) > 1 else similarity[0]).desc())
    if popularity is not None:
        order.append((F(popularity) if isinstance(popularity, str) else popularity).desc(nulls_last=True))
    order.append(F("pk").asc())
    return order


def prefix_query(query: str):
    """A full-text query matching rows that have a word starting with each word of `query`, or
    None when `query` has no word characters."""
    words = [word for word in NOT_WORD.split(query.lower()) if word]
    if not words:
        return None
    # Each word holds word characters only, so quoting it is safe in to_tsquery's syntax.
    return SearchQuery(" & ".join(f"'{word}':*" for word in words), search_type="raw", config=TEXT_SEARCH_CONFIG)


def _inside_or_close(field, word):
    # Django's `icontains` compares UPPER(column), which a trigram index on the column cannot serve;
    # ILIKE on the column itself can.
    inside = Q(ContainsIgnoringCase(F(field), word))
    if len(word) < MIN_MISSPELT_WORD:
        return inside
    return inside | Q(TrigramWordSimilar(F(field), Value(word)))


class SearchPaginator(Paginator):
    """Django's paginator over the first `MOST_RANKED` rows of a search's result (a queryset), for the
    search page and the API; `more` says whether more rows matched than it pages. Counting the
    result is cheap: a query matching very many rows leaves at most three times `MOST_RANKED`
    candidates in it on PostgreSQL. (A count stopping at `MOST_RANKED` + 1 with a LIMIT would make
    the planner walk the table for a rare match that it guesses common, such as a misspelt word.)"""

    @cached_property
    def matched(self) -> int:
        """How many rows the result holds (its order does not change how many)."""
        return self.object_list.order_by().count()

    @cached_property
    def count(self) -> int:
        return min(self.matched, MOST_RANKED)

    @property
    def more(self) -> bool:
        return self.matched > MOST_RANKED


def use_word_similarity_threshold(sender, connection, **kwargs):
    """On each new PostgreSQL connection, sets the threshold of `%>` (a `connection_created`
    receiver; the operator reads it from the session, and only an operator, not a function call
    with a bound, is served by the trigram indexes)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A placeholder until pg_trgm loads in the session, which then validates it.
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {WORD_SIMILARITY_THRESHOLD}")


class ContainsIgnoringCase(Lookup):
    """`column ILIKE '%word%'` (PostgreSQL), with LIKE's wildcards in `word` taken literally."""

    lookup_name = "ilike_contains"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [f"%{connection.ops.prep_for_like_query(value)}%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


class AnyOf(Lookup):
    """`column = ANY(array)` (PostgreSQL), the values passed as one array parameter: for a list of
    hundreds of candidate ids, where `__in` writes a placeholder for each, which the driver then
    splits the query around (5 ms of CPU for 450 ids)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
