"""Ranked full-text search of the directory over Wagtail's own search index.

Wagtail's database backends rank results with a correlated subquery that runs the full-text match
once per matching profile; at 100,000 members that took 5-45 s on SQLite. The directory asks the
same index table (kept up to date by Wagtail as profiles are saved) in one statement instead:
match, keep only the profiles the filters allow, order by the backend's own rank, page. On
PostgreSQL that is `ts_rank` over the GIN-indexed tsvector, on SQLite FTS5's `bm25`.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from .models import Profile


def _fts5_match(terms: list[str]) -> str:
    """An FTS5 query for all the words; the last one may be the start of a word (\"Kar\")."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms]
    quoted[-1] += "*"
    return "{title body} : (" + " AND ".join(quoted) + ")"


def _tsquery(terms: list[str]) -> str:
    """A to_tsquery() string for all the words, the last as a prefix."""
    cleaned = ["".join(ch for ch in term if ch.isalnum()) for term in terms]
    cleaned = [term for term in cleaned if term]
    if not cleaned:
        return ""
    cleaned[-1] += ":*"
    return " & ".join(cleaned)


def ranked_profile_ids(filtered_profiles, terms: list[str], offset: int, limit: int, count=True):
    """(ids of one page in rank order, total number of matches) among `filtered_profiles`.
    The total is None when not asked for (`count=False`); with `limit` 0 no ids are fetched."""
    content_type = ContentType.objects.get_for_model(Profile).pk
    allowed = filtered_profiles.order_by().values("pk")
    allowed_sql, allowed_params = allowed.query.sql_with_params()
    if connection.vendor == "postgresql":
        # The database's default text-search configuration, as Wagtail used to build the index.
        query = _tsquery(terms)
        if not query:
            return [], 0
        source = f"""
            FROM wagtailsearch_indexentry entry, to_tsquery(%s) query
            WHERE entry.content_type_id = %s
              AND (entry.title || entry.body) @@ query
              AND entry.object_id::bigint IN ({allowed_sql})"""
        rank = "ts_rank(entry.title || entry.body, query)"
        params = [query, content_type, *allowed_params]
        order = "rank DESC"
    else:
        source = f"""
            FROM wagtailsearch_indexentry_fts fts
            CROSS JOIN wagtailsearch_indexentry entry ON fts.rowid = entry.id
            WHERE wagtailsearch_indexentry_fts MATCH %s
              AND entry.content_type_id = %s
              AND CAST(entry.object_id AS INTEGER) IN ({allowed_sql})"""
        # CROSS JOIN keeps the full-text match as the outer loop: with a plain JOIN SQLite's
        # planner walks every index entry of the content type and runs the match for each.
        rank = "bm25(wagtailsearch_indexentry_fts)"
        params = [_fts5_match(terms), content_type, *allowed_params]
        order = "rank ASC"  # bm25: lower is better
    total, ids = None, []
    with connection.cursor() as cursor:
        if count:
            cursor.execute(f"SELECT COUNT(*) {source}", params)  # noqa: S608 (our own SQL)
            (total,) = cursor.fetchone()
        if limit:
            cursor.execute(
                f"SELECT entry.object_id, {rank} AS rank {source} "  # noqa: S608
                f"ORDER BY {order}, entry.object_id LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
    return ids, total


class RankedProfiles:
    """A lazily paged, ranked search result that Django's Paginator can page through."""

    def __init__(self, filtered_profiles, terms):
        self.filtered_profiles = filtered_profiles
        self.terms = terms
        self._count = None

    def count(self) -> int:
        if self._count is None:
            _ids, self._count = ranked_profile_ids(self.filtered_profiles, self.terms, 0, 0)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        if not isinstance(page, slice):
            raise TypeError("RankedProfiles is paged with slices")
        start = page.start or 0
        ids, total = ranked_profile_ids(
            self.filtered_profiles,
            self.terms,
            start,
            (page.stop or start) - start,
            count=self._count is None,
        )
        if total is not None:
            self._count = total
        return [Profile(pk=pk) for pk in ids]
