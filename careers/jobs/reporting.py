"""Reporting a job posting (SECURITY.md M5): what a report keeps of it and who may report it.

Registered with community's moderation from CareersConfig.ready() (community may not import
careers). Three members' open reports hide the posting (`hidden_at`) pending review; the site's
moderators decide in the existing report queue, and a dismissal shows it again.
"""

from community.moderation.service import Reportable, Snapshot, member_name, register_reportable

from ..models import JobPosting
from . import policy


def posting_snapshot(posting: JobPosting) -> Snapshot:
    how_to_apply = " ".join(filter(None, [posting.apply_url, posting.apply_email]))
    text = f"{posting.title} – {posting.employer}\n\n{posting.description}\n\n{how_to_apply}"
    return Snapshot(
        text=text.strip(),
        author_name=member_name(posting.posted_by_id),
        created_at=posting.created_at,
        author=posting.posted_by,
    )


def posting_visible_to(posting: JobPosting, user) -> bool:
    """Members report what the job list shows them (C1): published, not hidden."""
    return policy.listed_postings(user).filter(pk=posting.pk).exists()


def register() -> None:
    register_reportable(
        JobPosting, Reportable(snapshot=posting_snapshot, visible_to=posting_visible_to)
    )
