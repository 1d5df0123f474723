"""Mentoring's work, shared by the views and the scheduled commands: the mentor offer, requests
(send, accept, decline, withdraw, expire), mentorships (end, complete, check-in reminders) and the
closing feedback.

Every state change is a conditional UPDATE on the state it starts from (a request still pending, a
check-in still due), so two clicks, two workers or a command run twice change it once and notify
once. Members hear of what concerns them through the shared notifications (kind "mentoring"),
which mail them as their notification settings say (SECURITY.md E10); each notification's title
and link are in the recipient's language.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.members import ensure_profile
from community.models import NotificationKind
from community.notifications.service import notify

from ..models import (
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipFeedback,
)
from ..models.mentoring import CHECK_IN_EVERY_DAYS, REQUEST_EXPIRES_DAYS
from . import policy
from .policy import MentoringRefused, mentor_name


def tell(recipient, title_template, params, url_name, args, dedupe_key=None):
    """Notify `recipient` (kind "mentoring") in their own language."""
    if recipient is None:
        return None
    with translation.override(recipient.preferred_language or None):
        title = _(title_template) % params
        url = reverse(url_name, args=args)
    return notify(
        recipient, NotificationKind.MENTORING, title[:255], url=url, dedupe_key=dedupe_key
    )


# The mentor offer --------------------------------------------------------------------------


def save_offer(user, *, about, topics, capacity, offers_one_off, offers_term, active=True):
    """Create or update the member's mentor offer; the profile's "open to mentoring" follows
    whether the offer is active. Raises MentoringRefused for members who may not mentor."""
    policy.check_may_offer(user)
    with transaction.atomic():
        offer, _created = MentorProfile.objects.update_or_create(
            user=user,
            defaults={
                "about": about,
                "capacity": capacity,
                "offers_one_off": offers_one_off,
                "offers_term": offers_term,
                "active": active,
            },
        )
        offer.topics.set(topics)
        sync_open_to_mentoring(user, active)
    return offer


def sync_open_to_mentoring(user, active: bool) -> None:
    profile = ensure_profile(user)
    if profile.open_to_mentoring != active:
        profile.open_to_mentoring = active
        profile.save(update_fields=["open_to_mentoring"])


def pause_offer(user) -> None:
    MentorProfile.objects.filter(user=user).update(active=False)
    sync_open_to_mentoring(user, False)


# Requests -------------------------------------------------------------------------------


def send_request(mentee, mentor_profile, *, format, purpose, now=None) -> MentoringRequest:
    """Ask the mentor; they are notified. Raises MentoringRefused (one pending request per
    pair, among other rules in policy.check_may_request)."""
    policy.check_may_request(mentee, mentor_profile, format)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            mentoring_request = MentoringRequest.objects.create(
                mentor=mentor_profile.user,
                mentee=mentee,
                format=format,
                purpose=purpose.strip(),
                created_at=now,
                expires_at=now + timedelta(days=REQUEST_EXPIRES_DAYS),
            )
    except IntegrityError:  # the same request sent twice at once: the constraint decides
        raise policy.duplicate_request(mentor_name(mentor_profile)) from None
    tell(
        mentor_profile.user,
        gettext_noop("%(name)s asks you to be their mentor"),
        {"name": mentor_name(mentee)},
        "careers:mentoring_request",
        [mentoring_request.pk],
        dedupe_key=f"mentoring-request:{mentoring_request.pk}",
    )
    return mentoring_request


def _close_request(mentoring_request, status, now, note=""):
    """Move a pending request on; False when it was no longer pending (answered elsewhere)."""
    changed = MentoringRequest.objects.filter(
        pk=mentoring_request.pk, status=MentoringRequest.Status.PENDING
    ).update(status=status, responded_at=now, response_note=note)
    if changed:
        mentoring_request.status, mentoring_request.responded_at = status, now
        mentoring_request.response_note = note
    return bool(changed)


def not_pending() -> MentoringRefused:
    return MentoringRefused(_("This request has already been answered, withdrawn or expired."))


def accept_request(mentor, mentoring_request, agreed_end, now=None) -> Mentorship:
    """The mentor says yes with an end date that fits the format: the mentorship starts and the
    mentee is notified. Raises MentoringRefused."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not policy.may_answer(mentor, mentoring_request):
        raise not_pending()
    if mentoring_request.expires_at <= now:
        raise MentoringRefused(_("This request has expired."))
    error = policy.agreed_end_error(mentoring_request.format, agreed_end, today)
    if error:
        raise MentoringRefused(error)
    offer = MentorProfile.objects.filter(user=mentor).first()
    capacity = offer.capacity if offer else 1
    if policy.active_mentorship_count(mentor.pk) >= capacity:
        raise MentoringRefused(
            _(
                "You already have as many mentees as you offered to take. End a mentorship or "
                "raise your number of mentees first."
            )
        )
    with transaction.atomic():
        if not _close_request(mentoring_request, MentoringRequest.Status.ACCEPTED, now):
            raise not_pending()
        mentorship = Mentorship.objects.create(
            mentor=mentor,
            mentee=mentoring_request.mentee,
            request=mentoring_request,
            format=mentoring_request.format,
            goals=mentoring_request.purpose,
            started_at=now,
            agreed_end=agreed_end,
            next_check_in=first_check_in(today, agreed_end),
        )
    tell(
        mentoring_request.mentee,
        gettext_noop("%(name)s has agreed to be your mentor"),
        {"name": mentor_name(mentor)},
        "careers:mentorship",
        [mentorship.pk],
    )
    return mentorship


def first_check_in(today, agreed_end):
    check_in = today + timedelta(days=CHECK_IN_EVERY_DAYS)
    return check_in if check_in <= agreed_end else None


def decline_request(mentor, mentoring_request, note="", now=None) -> None:
    """The mentor says no, perhaps with a note for the mentee, who is notified."""
    now = now or timezone.now()
    if not policy.may_answer(mentor, mentoring_request):
        raise not_pending()
    if not _close_request(mentoring_request, MentoringRequest.Status.DECLINED, now, note.strip()):
        raise not_pending()
    tell(
        mentoring_request.mentee,
        gettext_noop("%(name)s cannot be your mentor this time"),
        {"name": mentor_name(mentor)},
        "careers:mentoring_request",
        [mentoring_request.pk],
    )


def withdraw_request(mentee, mentoring_request, now=None) -> None:
    now = now or timezone.now()
    if not policy.may_withdraw(mentee, mentoring_request):
        raise not_pending()
    if not _close_request(mentoring_request, MentoringRequest.Status.WITHDRAWN, now):
        raise not_pending()


def expire_requests(now=None) -> int:
    """Requests unanswered for REQUEST_EXPIRES_DAYS expire, and the mentee is told. Returns how
    many expired in this run; a second run finds none of them."""
    now = now or timezone.now()
    due = MentoringRequest.objects.filter(
        status=MentoringRequest.Status.PENDING, expires_at__lte=now
    ).select_related("mentor__profile", "mentee")
    expired = 0
    for mentoring_request in due:
        if not _close_request(mentoring_request, MentoringRequest.Status.EXPIRED, now):
            continue
        expired += 1
        tell(
            mentoring_request.mentee,
            gettext_noop("Your request to %(name)s expired without an answer"),
            {"name": mentor_name(mentoring_request.mentor)},
            "careers:mentoring_request",
            [mentoring_request.pk],
        )
    return expired


# Mentorships -----------------------------------------------------------------------------


def other_side(mentorship, user):
    return mentorship.mentee if user.pk == mentorship.mentor_id else mentorship.mentor


def ended_status(mentorship, today) -> str:
    """Completed at or after the agreed end; before it, ended early."""
    if today >= mentorship.agreed_end:
        return Mentorship.Status.COMPLETED
    return Mentorship.Status.DROPPED


def _finish(mentorship, status, now) -> bool:
    changed = Mentorship.objects.filter(pk=mentorship.pk, status=Mentorship.Status.ACTIVE).update(
        status=status, ended_at=now, next_check_in=None
    )
    if changed:
        mentorship.status, mentorship.ended_at, mentorship.next_check_in = status, now, None
    return bool(changed)


def end_mentorship(user, mentorship, now=None) -> str:
    """Either side ends it; the other side is told and both are asked for feedback. Returns the
    new status. Raises MentoringRefused when it has already ended."""
    now = now or timezone.now()
    if not policy.may_end(user, mentorship):
        raise MentoringRefused(_("This mentorship has already ended."))
    status = ended_status(mentorship, timezone.localdate(now))
    if not _finish(mentorship, status, now):
        raise MentoringRefused(_("This mentorship has already ended."))
    tell(
        other_side(mentorship, user),
        gettext_noop("%(name)s has ended your mentorship. How did it go?"),
        {"name": mentor_name(user)},
        "careers:mentorship",
        [mentorship.pk],
    )
    return status


def complete_finished_mentorships(now=None) -> int:
    """Active mentorships past their agreed end are completed, and both sides are asked how it
    went. Safe to run twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    finished = Mentorship.objects.filter(
        status=Mentorship.Status.ACTIVE, agreed_end__lt=today
    ).select_related("mentor__profile", "mentee__profile")
    completed = 0
    for mentorship in finished:
        if not _finish(mentorship, Mentorship.Status.COMPLETED, now):
            continue
        completed += 1
        for user in (mentorship.mentor, mentorship.mentee):
            tell(
                user,
                gettext_noop(
                    "Your mentorship with %(name)s has come to its agreed end. How did it go?"
                ),
                {"name": mentor_name(other_side(mentorship, user))},
                "careers:mentorship",
                [mentorship.pk],
            )
    return completed


def next_check_in_after(check_in, today, agreed_end):
    """The check-in after this one: CHECK_IN_EVERY_DAYS on, past today; none after the end."""
    step = timedelta(days=CHECK_IN_EVERY_DAYS)
    following = check_in + step
    while following <= today:
        following += step
    return following if following <= agreed_end else None


def send_check_ins(now=None) -> int:
    """Remind both sides of each active mentorship whose check-in has come, and move the
    check-in on. Returns the mentorships reminded; a second run the same day reminds none."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = Mentorship.objects.filter(
        status=Mentorship.Status.ACTIVE, next_check_in__lte=today
    ).select_related("mentor__profile", "mentee__profile")
    reminded = 0
    for mentorship in due:
        following = next_check_in_after(mentorship.next_check_in, today, mentorship.agreed_end)
        changed = Mentorship.objects.filter(
            pk=mentorship.pk,
            status=Mentorship.Status.ACTIVE,
            next_check_in=mentorship.next_check_in,
        ).update(next_check_in=following, check_in_reminded_at=now)
        if not changed:
            continue
        reminded += 1
        for user in (mentorship.mentor, mentorship.mentee):
            tell(
                user,
                gettext_noop("Time to check in with %(name)s"),
                {"name": mentor_name(other_side(mentorship, user))},
                "careers:mentorship",
                [mentorship.pk],
                dedupe_key=f"mentorship-check-in:{mentorship.pk}",
            )
    return reminded


def give_feedback(user, mentorship, rating, comment="", now=None) -> MentorshipFeedback:
    """One closing feedback per side, after the end. Raises MentoringRefused."""
    if mentorship.status == Mentorship.Status.ACTIVE:
        raise MentoringRefused(_("You can give feedback once the mentorship has ended."))
    if not policy.may_give_feedback(user, mentorship):
        raise MentoringRefused(_("You have already given feedback on this mentorship."))
    try:
        with transaction.atomic():
            return MentorshipFeedback.objects.create(
                mentorship=mentorship,
                author=user,
                rating=rating,
                comment=comment.strip(),
                created_at=now or timezone.now(),
            )
    except IntegrityError:
        raise MentoringRefused(_("You have already given feedback on this mentorship.")) from None


# "My mentoring" -----------------------------------------------------------------------------


def my_mentoring(user) -> dict:
    """Both sides of the member's mentoring, for their overview page (six queries)."""
    mentorships = list(
        policy.mentorships_of(user)
        .select_related("mentor__profile", "mentee__profile", "programme")
        .order_by("-started_at", "-pk")
    )
    requests = list(
        policy.requests_of(user)
        .select_related("mentor__profile", "mentee__profile")
        .order_by("-created_at", "-pk")[:100]
    )
    given = set(
        MentorshipFeedback.objects.filter(
            author=user, mentorship__in=[m.pk for m in mentorships]
        ).values_list("mentorship_id", flat=True)
    )
    for mentorship in mentorships:
        mentorship.i_am_mentor = mentorship.mentor_id == user.pk
        mentorship.other = other_side(mentorship, user)
        mentorship.feedback_due = (
            mentorship.status != Mentorship.Status.ACTIVE and mentorship.pk not in given
        )
    active = [m for m in mentorships if m.status == Mentorship.Status.ACTIVE]
    return {
        "active": active,
        "past": [m for m in mentorships if m.status != Mentorship.Status.ACTIVE],
        "received": [r for r in requests if r.mentor_id == user.pk],
        "sent": [r for r in requests if r.mentee_id == user.pk],
        "offer": MentorProfile.objects.filter(user=user).first(),
    }
