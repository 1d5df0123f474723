"""The job board's work: posting, editing, review, renewal, closing and expiry.

When a posting is open: publishing sets `published_at` (the first time) and `expires_at` to the
end of the deadline day in Europe/Oslo, or MAX_DAYS_OPEN days later if that comes first.
Renewing extends it the same way from now: never past the deadline, never more than
MAX_DAYS_OPEN days ahead.

Editing (docs/jobs.md): an untrusted member's edit of the text or of how to apply (title,
employer, description, link, e-mail) sends a posting that had been approved (published or
expired) back for review, since that is what a reviewer approved and what a spammer would swap;
other changes (place, type, fields, faculties, deadline, visibility) take effect at once. A
rejected posting that is edited is sent for review again. Trusted posters and staff edit without
review. Changing the deadline of a published posting moves its expiry as a renewal would.

Background work (expiry and the notice before it) claims each posting before it mails, so running
it twice, or twice at once, never mails anyone twice.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from wagtail.log_actions import log

from accounts.mail import send_to_user

from ..models import JobPosting, JobStatus, TrustedJobPoster
from ..models.jobs import EXPIRY_NOTICE_DAYS, MAX_DAYS_OPEN
from . import policy

OSLO = ZoneInfo("Europe/Oslo")
MAX_OPEN = timedelta(days=MAX_DAYS_OPEN)
# What a reviewer approved: changing one of these sends an untrusted member's posting back.
REVIEWED_FIELDS = frozenset({"title", "employer", "description", "apply_url", "apply_email"})
APPROVED_BEFORE = {JobStatus.PUBLISHED, JobStatus.EXPIRED}
MAIL_BATCH = 5000  # postings expired or noticed per run; the next run takes the rest


class JobRefused(Exception):
    """This cannot be done with the posting now; `str(error)` says why, fit to show."""


def deadline_end(deadline) -> datetime | None:
    """The end of the deadline day in Oslo: the posting is open through the whole day."""
    if deadline is None:
        return None
    return datetime.combine(deadline + timedelta(days=1), time(0), tzinfo=OSLO)


def expiry_for(start: datetime, deadline) -> datetime:
    """When a posting published (or renewed) at `start` expires."""
    latest = start + MAX_OPEN
    end = deadline_end(deadline)
    return min(latest, end) if end else latest


# --- Posting and editing ------------------------------------------------------------------------


def _set_relations(posting, topics, faculties, programmes) -> None:
    if topics is not None:
        posting.topics.set(topics)
    if faculties is not None:
        posting.faculties.set(faculties)
    if programmes is not None:
        posting.programmes.set(programmes)


def _publish(posting, now) -> None:
    """Open the posting from `now` (fields only; the caller saves)."""
    expires_at = expiry_for(now, posting.deadline)
    if expires_at <= now:
        raise JobRefused(gettext("The application deadline has passed. Change the deadline first."))
    posting.status = JobStatus.PUBLISHED
    if posting.published_at is None:
        posting.published_at = now
    posting.expires_at = expires_at
    posting.expiry_notice_sent_at = None


def publishes_at_once(poster, by_staff=False) -> bool:
    """Staff and trusted posters skip the review queue."""
    return by_staff or policy.is_trusted(poster)


def submit_posting(
    posting,
    poster,
    *,
    topics=None,
    faculties=None,
    programmes=None,
    by_staff=False,
    now=None,
) -> JobPosting:
    """Save a new posting by `poster`: published at once for editors in the admin
    (`by_staff`) and trusted posters, otherwise waiting for review."""
    now = now or timezone.now()
    posting.posted_by = poster
    posting.created_at = now
    if publishes_at_once(poster, by_staff):
        _publish(posting, now)
    else:
        posting.status = JobStatus.PENDING
    with transaction.atomic():
        posting.save()
        _set_relations(posting, topics, faculties, programmes)
    return posting


def update_posting(
    posting,
    editor,
    changed_fields,
    *,
    topics=None,
    faculties=None,
    programmes=None,
    by_staff=False,
    now=None,
) -> JobPosting:
    """Save the changes an edit form made to `posting` (`changed_fields` are the names it
    changed), deciding whether it goes back for review (see the module docstring)."""
    if not policy.may_edit(posting):
        raise JobRefused(gettext("A closed posting cannot be changed."))
    now = now or timezone.now()
    changed = set(changed_fields)
    skips_review = publishes_at_once(posting.posted_by or editor, by_staff)
    if posting.status == JobStatus.REJECTED:
        if skips_review:
            _publish(posting, now)
        else:
            posting.status = JobStatus.PENDING
    elif posting.status in APPROVED_BEFORE and changed & REVIEWED_FIELDS and not skips_review:
        posting.status = JobStatus.PENDING
        posting.expiry_notice_sent_at = None
    elif posting.status == JobStatus.PUBLISHED and "deadline" in changed:
        _publish(posting, now)
    with transaction.atomic():
        posting.save()
        _set_relations(posting, topics, faculties, programmes)
    return posting


def renew_posting(posting, now=None) -> JobPosting:
    """Keep a published or expired posting open longer: until its deadline, at most
    MAX_DAYS_OPEN days from now. Refused when that would not extend it."""
    now = now or timezone.now()
    if not policy.may_renew(posting):
        raise JobRefused(gettext("Only a published or expired posting can be renewed."))
    new_expiry = expiry_for(now, posting.deadline)
    if new_expiry <= now:
        raise JobRefused(
            gettext(
                "The application deadline has passed. Change the deadline to renew the posting."
            )
        )
    if posting.status == JobStatus.PUBLISHED and new_expiry <= posting.expires_at:
        raise JobRefused(
            gettext("The posting is already open as long as it can be: until %(date)s.")
            % {"date": local_date(posting.expires_at)}
        )
    updated = JobPosting.objects.filter(pk=posting.pk, status=posting.status).update(
        status=JobStatus.PUBLISHED, expires_at=new_expiry, expiry_notice_sent_at=None
    )
    if not updated:
        raise JobRefused(gettext("The posting has changed meanwhile. Please try again."))
    posting.refresh_from_db()
    return posting


def close_posting(posting) -> JobPosting:
    """The position is filled or withdrawn: the posting closes for good."""
    if not policy.may_close(posting):
        raise JobRefused(gettext("This posting is already closed."))
    JobPosting.objects.filter(pk=posting.pk).update(status=JobStatus.CLOSED)
    posting.refresh_from_db()
    return posting


def local_date(moment) -> str:
    """The day of `moment` in Oslo, written the active language's short way."""
    return date_format(timezone.localtime(moment, OSLO), "SHORT_DATE_FORMAT")


# --- Review -------------------------------------------------------------------------------------


def approve_posting(posting, reviewer, *, trust_poster=False, now=None) -> bool:
    """Publish a waiting posting and tell its poster. Returns False, changing and sending
    nothing, if it was decided already. With `trust_poster`, the poster's next postings skip
    the review."""
    now = now or timezone.now()
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        if posting.status != JobStatus.PENDING:
            return False
        _publish(posting, now)
        posting.reviewed_by = reviewer
        posting.reviewed_at = now
        posting.review_note = ""
        posting.save()
        if trust_poster and posting.posted_by_id:
            trust(posting.posted_by, reviewer)
        log(
            instance=posting,
            action="careers.job_approved",
            user=reviewer,
            title=gettext("Job posting %(pk)s") % {"pk": posting.pk},
        )
    if posting.posted_by_id and posting.posted_by != reviewer:
        send_to_user(posting.posted_by, "careers/jobs/mail/posting_approved", {"posting": posting})
    return True


def reject_posting(posting, reviewer, note, *, now=None) -> bool:
    """Reject a waiting posting with a note to the poster, who is told by mail in their
    language. Returns False, changing and sending nothing, if it was decided already."""
    now = now or timezone.now()
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        if posting.status != JobStatus.PENDING:
            return False
        posting.status = JobStatus.REJECTED
        posting.reviewed_by = reviewer
        posting.reviewed_at = now
        posting.review_note = note
        posting.save()
        log(
            instance=posting,
            action="careers.job_rejected",
            user=reviewer,
            title=gettext("Job posting %(pk)s") % {"pk": posting.pk},
        )
    if posting.posted_by_id:
        send_to_user(posting.posted_by, "careers/jobs/mail/posting_rejected", {"posting": posting})
    return True


def trust(user, granted_by, note="") -> TrustedJobPoster:
    """Make `user` a trusted poster (safe to repeat)."""
    trusted, _created = TrustedJobPoster.objects.get_or_create(
        user=user, defaults={"granted_by": granted_by, "note": note}
    )
    return trusted


# --- Expiry -------------------------------------------------------------------------------------


def postings_to_expire(now=None):
    """Published postings whose time is up."""
    now = now or timezone.now()
    return JobPosting.objects.filter(status=JobStatus.PUBLISHED, expires_at__lte=now)


def postings_due_a_notice(now=None):
    """Published postings expiring within EXPIRY_NOTICE_DAYS whose poster was not told yet."""
    now = now or timezone.now()
    return JobPosting.objects.filter(
        status=JobStatus.PUBLISHED,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=EXPIRY_NOTICE_DAYS),
        expiry_notice_sent_at__isnull=True,
    )


def _mail_poster(posting, template) -> None:
    poster = posting.posted_by
    if poster is not None and poster.is_active:
        send_to_user(poster, template, {"posting": posting})


def expire_postings(now=None, limit=MAIL_BATCH) -> int:
    """Close the postings whose time is up and tell each poster how to renew, edit or close
    it. Each is claimed (its status changed) before its mail goes, so a second run sends
    nothing again."""
    now = now or timezone.now()
    expired = 0
    for posting in postings_to_expire(now).select_related("posted_by")[:limit]:
        claimed = JobPosting.objects.filter(pk=posting.pk, status=JobStatus.PUBLISHED).update(
            status=JobStatus.EXPIRED
        )
        if claimed:
            posting.status = JobStatus.EXPIRED
            _mail_poster(posting, "careers/jobs/mail/posting_expired")
            expired += 1
    return expired


def send_expiry_notices(now=None, limit=MAIL_BATCH) -> int:
    """Tell posters, once, that their posting expires within EXPIRY_NOTICE_DAYS days."""
    now = now or timezone.now()
    sent = 0
    for posting in postings_due_a_notice(now).select_related("posted_by")[:limit]:
        claimed = JobPosting.objects.filter(
            pk=posting.pk, expiry_notice_sent_at__isnull=True
        ).update(expiry_notice_sent_at=now)
        if claimed:
            _mail_poster(posting, "careers/jobs/mail/posting_expiring")
            sent += 1
    return sent
