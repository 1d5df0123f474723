"""Ranked full-text search of the directory over Wagtail's own search index.

Wagtail's database backends rank results with a correlated subquery that runs the full-text match
once per matching profile; at 100,000 members that took 5-45 s on SQLite. The directory asks the
same index table (kept up to date by Wagtail as profiles are saved) in one statement instead:
match, keep only the profiles the filters allow, order by the backend's own rank, page (and count,
in the same statement). On
PostgreSQL that is `ts_rank` over the GIN-indexed tsvector, on SQLite FTS5's `bm25`.
"""

from contextlib import nullcontext

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from .models import Profile


def _fts5_match(terms: list[str]) -> str:
    """An FTS5 query for all the words; the last one may be the start of a word (\"Kar\")."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms]
    quoted[-1] += "*"
    return "{title body} : (" + " AND ".join(quoted) + ")"


def _tsquery_words(terms: list[str]) -> list[str]:
    """The words as to_tsquery() operands (the last one a prefix); joined with " & " they are
    the query for all of them."""
    cleaned = ["".join(ch for ch in term if ch.isalnum()) for term in terms]
    cleaned = [term for term in cleaned if term]
    if cleaned:
        cleaned[-1] += ":*"
    return cleaned


def ranked_profile_ids(filtered_profiles, terms: list[str], offset: int, limit: int):
    """(ids of one page in rank order, total number of matches) among `filtered_profiles`, in
    one statement. The total is None when the page is past the last match."""
    content_type = ContentType.objects.get_for_model(Profile).pk
    if connection.vendor == "postgresql":
        entry_id = "entry.object_id::bigint"
    else:
        entry_id = "CAST(entry.object_id AS INTEGER)"
    # Each match is checked against the filters by its primary key (a correlated EXISTS): the
    # matches are a few thousand at most, while the allowed profiles are tens of thousands, and
    # listing all of those for an IN (...) cost 100-200 ms at 100,000 members.
    match_pk = RawSQL(entry_id, [])  # noqa: S611 (one of the two constants above, no input)
    allowed = filtered_profiles.order_by().filter(pk=match_pk).values("pk")
    allowed_sql, allowed_params = allowed.query.sql_with_params()
    if connection.vendor == "postgresql":
        # The database's default text-search configuration, as Wagtail used to build the index.
        words = _tsquery_words(terms)
        if not words:
            return [], 0
        # Wagtail indexes title and body each with a GIN index; the concatenation the rank needs
        # has none. So every word must first be in the title or the body (both indexed; this
        # took the match from 90 ms to a few at 100,000 members), then the whole query must
        # match the concatenation, as before.
        each_word = " AND ".join(
            "(entry.title @@ to_tsquery(%s) OR entry.body @@ to_tsquery(%s))" for _ in words
        )
        source = f"""
            FROM wagtailsearch_indexentry entry, to_tsquery(%s) query
            WHERE entry.content_type_id = %s
              AND {each_word}
              AND (entry.title || entry.body) @@ query
              AND EXISTS ({allowed_sql})"""
        rank = "ts_rank(entry.title || entry.body, query)"
        word_params = [word for word in words for _ in (0, 1)]
        params = [" & ".join(words), content_type, *word_params, *allowed_params]
        order = "rank DESC"
    else:
        source = f"""
            FROM wagtailsearch_indexentry_fts fts
            CROSS JOIN wagtailsearch_indexentry entry ON fts.rowid = entry.id
            WHERE wagtailsearch_indexentry_fts MATCH %s
              AND entry.content_type_id = %s
              AND EXISTS ({allowed_sql})"""
        # CROSS JOIN keeps the full-text match as the outer loop: with a plain JOIN SQLite's
        # planner walks every index entry of the content type and runs the match for each.
        rank = "bm25(wagtailsearch_indexentry_fts)"
        params = [_fts5_match(terms), content_type, *allowed_params]
        order = "rank ASC"  # bm25: lower is better
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cursor:
        if postgresql:
            # A parallel plan (two workers for a few thousand matches) took 30-120 ms where the
            # same plan in one process takes about 20 ms at 100,000 members: on a busy server
            # the workers wait for a core, and every request would start two. LOCAL: for this
            # transaction only, so a pooled connection keeps its settings.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # The total rides along with the page (a window over all matches), so the match and the
        # filters run once per request instead of once for the count and once for the page.
        # (FTS5's bm25() cannot be called in a query with a window, hence the subquery.)
        cursor.execute(
            "SELECT object_id, rank, COUNT(*) OVER () AS total FROM ("  # noqa: S608 (our own SQL)
            f"SELECT entry.object_id AS object_id, {rank} AS rank {source}) matches "
            f"ORDER BY {order}, object_id LIMIT %s OFFSET %s",
            [*params, max(limit, 1), offset],
        )
        rows = cursor.fetchall()
        if not rows:
            if offset == 0:
                return [], 0
            cursor.execute(f"SELECT COUNT(*) {source}", params)  # noqa: S608
            return [], cursor.fetchone()[0]
    return [int(row[0]) for row in rows[:limit]], rows[0][2]


class RankedProfiles:
    """A lazily paged, ranked search result that Django's Paginator can page through.

    `first_page` is the page the request asks for: counting fetches that page's ids in the same
    statement, so a normal request asks the database once."""

    def __init__(self, filtered_profiles, terms, *, page_size=50, first_page=1):
        self.filtered_profiles = filtered_profiles
        self.terms = terms
        self.page_size = page_size
        self.first_page = first_page
        self._count = None
        self._fetched = {}  # (start, stop) -> ids

    def count(self) -> int:
        if self._count is None:
            start = (self.first_page - 1) * self.page_size
            ids, total = ranked_profile_ids(
                self.filtered_profiles, self.terms, start, self.page_size
            )
            if ids:
                self._fetched[(start, start + self.page_size)] = ids
            self._count = total or 0
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        if not isinstance(page, slice):
            raise TypeError("RankedProfiles is paged with slices")
        start = page.start or 0
        stop = page.stop or start
        ids = self._fetched.get((start, stop))
        if ids is None:
            # The last page is shorter than page_size; Paginator slices it to the count.
            ids = self._fetched.get((start, start + self.page_size), None)
            ids = ids[: stop - start] if ids is not None else None
        if ids is None:
            ids, _total = ranked_profile_ids(
                self.filtered_profiles, self.terms, start, stop - start
            )
        return [Profile(pk=pk) for pk in ids]
