"""Job alerts: a member saves a search of the job list and is told about new matches.

A service the member asked for, not marketing: it reaches them through the shared notification
settings for "job alerts" (immediately, daily, weekly or only on the site, SECURITY.md E10).

Each saved search remembers the newest posting it has told about, by publishing order
(`last_notified_published_at`, `last_notified_posting_id`). A run looks only at postings
published after that, moves the mark before notifying (so a second run, or one running at the
same time, finds nothing to tell), and collapses repeats onto the member's unread notification
for the same search (`dedupe_key`).
"""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from community.models import NotificationKind
from community.notifications.service import notify

from ..models import JobPosting, SavedJobSearch

MAX_SAVED_SEARCHES = 20
SEARCH_KEYS = ("q", "job_type", "workplace", "topic", "faculty", "location")


class AlertRefused(Exception):
    """The search cannot be saved; `str(error)` says why."""


def search_url(query: dict) -> str:
    """The job list with this search, as a path on this site (in the active language)."""
    url = reverse("careers:job_list")
    query = {key: query[key] for key in SEARCH_KEYS if query.get(key) not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def save_search(user, name: str, query: dict, now=None) -> SavedJobSearch:
    """Save `query` (a JobSearchForm's `query()`) as a job alert named `name`. It tells about
    postings published from now on, not about those already there."""
    if SavedJobSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise AlertRefused(
            gettext(
                "You have %(count)d job alerts, which is the limit. Delete one to save another."
            )
            % {"count": MAX_SAVED_SEARCHES}
        )
    now = now or timezone.now()
    query = {key: query[key] for key in SEARCH_KEYS if query.get(key) not in (None, "")}
    return SavedJobSearch.objects.create(
        user=user,
        name=name.strip()[:100],
        query=query,
        created_at=now,
        last_notified_published_at=now,
        last_notified_posting_id=0,
    )


def delete_search(user, pk) -> bool:
    """Delete one of the member's own alerts; another member's id deletes nothing (C1)."""
    deleted, _by_model = SavedJobSearch.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)


def _after_mark(search) -> Q:
    if search.last_notified_published_at is None:
        return Q(pk__gt=search.last_notified_posting_id)
    return Q(published_at__gt=search.last_notified_published_at) | Q(
        published_at=search.last_notified_published_at,
        pk__gt=search.last_notified_posting_id,
    )


def new_matches(search, now=None):
    """Published postings matching the saved search, published after its mark, oldest first.
    The member is signed in when they read them: members-only postings count."""
    return (
        JobPosting.objects.published(now)
        .filtered(**search.query)
        .filter(_after_mark(search))
        .order_by("published_at", "pk")
    )


def notify_new_matches(search, now=None) -> bool:
    """Tell the member about the search's new matches, if any; True if they were told."""
    matches = list(new_matches(search, now).values_list("pk", "published_at", "title"))
    if not matches:
        return False
    newest_id, newest_at, _title = matches[-1]
    claimed = SavedJobSearch.objects.filter(
        pk=search.pk,
        last_notified_published_at=search.last_notified_published_at,
        last_notified_posting_id=search.last_notified_posting_id,
    ).update(last_notified_published_at=newest_at, last_notified_posting_id=newest_id)
    if not claimed:  # another run told them meanwhile
        return False
    user = search.user
    with translation.override(user.preferred_language or None):
        if len(matches) == 1:
            title = gettext("New job for your alert “%(name)s”: %(title)s") % {
                "name": search.name,
                "title": matches[0][2],
            }
            url = reverse("careers:job_detail", args=[newest_id])
        else:
            title = ngettext(
                "%(count)d new job for your alert “%(name)s”",
                "%(count)d new jobs for your alert “%(name)s”",
                len(matches),
            ) % {"count": len(matches), "name": search.name}
            url = search_url(search.query)
    notify(
        user,
        NotificationKind.JOB,
        title[:255],
        url=url,
        dedupe_key=f"job-alert-{search.pk}",
    )
    return True


def send_job_alerts(now=None) -> int:
    """Go through every active member's saved searches; returns how many were notified."""
    now = now or timezone.now()
    told = 0
    searches = (
        SavedJobSearch.objects.filter(user__is_active=True).select_related("user").order_by("pk")
    )
    for search in searches.iterator(chunk_size=500):
        if notify_new_matches(search, now):
            told += 1
    return told
