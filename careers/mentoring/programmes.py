"""Mentoring programmes: members apply in the window; the coordinator has pairs suggested
(matching.py), confirms them (the mentorship starts) or picks another mentor for a mentee; and
the figures — applied, matched, active, completed, dropped — and the closing feedback in
aggregate only (who said what stays private)."""

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import (
    MentoringFormat,
    Mentorship,
    MentorshipFeedback,
    ProgrammeApplication,
    ProgrammeMatch,
)
from . import matching, policy
from .policy import MentoringRefused, mentor_name
from .service import first_check_in, tell


def apply(user, programme, *, role, motivation, now=None) -> ProgrammeApplication:
    """Apply as a mentor or a mentee while the window is open. Raises MentoringRefused."""
    now = now or timezone.now()
    policy.check_may_apply(user, programme, role, now)
    try:
        with transaction.atomic():
            return ProgrammeApplication.objects.create(
                programme=programme,
                user=user,
                role=role,
                motivation=motivation.strip(),
                created_at=now,
            )
    except IntegrityError:
        raise policy.already_applied() from None


def figures(programme) -> dict:
    """The programme's figures in four queries."""
    applications = programme.applications.aggregate(
        applied=Count("pk", filter=~Q(status=ProgrammeApplication.Status.WITHDRAWN)),
        mentors=Count(
            "pk",
            filter=Q(role=ProgrammeApplication.Role.MENTOR)
            & ~Q(status=ProgrammeApplication.Status.WITHDRAWN),
        ),
        mentees=Count(
            "pk",
            filter=Q(role=ProgrammeApplication.Role.MENTEE)
            & ~Q(status=ProgrammeApplication.Status.WITHDRAWN),
        ),
    )
    matches = programme.matches.aggregate(
        matched=Count("pk", filter=Q(status=ProgrammeMatch.Status.CONFIRMED)),
        suggested=Count("pk", filter=Q(status=ProgrammeMatch.Status.SUGGESTED)),
    )
    mentorships = programme.mentorships.aggregate(
        **{
            status: Count("pk", filter=Q(status=status))
            for status in (
                Mentorship.Status.ACTIVE,
                Mentorship.Status.COMPLETED,
                Mentorship.Status.DROPPED,
            )
        }
    )
    feedback = MentorshipFeedback.objects.filter(mentorship__programme=programme).aggregate(
        feedback_count=Count("pk"), average_rating=Avg("rating")
    )
    return {**applications, **matches, **mentorships, **feedback}


def _decide(match, status, coordinator, now) -> bool:
    changed = ProgrammeMatch.objects.filter(
        pk=match.pk, status=ProgrammeMatch.Status.SUGGESTED
    ).update(status=status, decided_by=coordinator, decided_at=now)
    if changed:
        match.status, match.decided_by, match.decided_at = status, coordinator, now
    return bool(changed)


def already_decided() -> MentoringRefused:
    return MentoringRefused(_("This match has already been decided."))


def confirm_match(coordinator, match, now=None) -> Mentorship:
    """The coordinator confirms a suggested pair: a term mentorship to the programme's end
    starts, both applications count as matched, and both members are notified."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    programme = match.programme
    mentor, mentee = match.mentor_application.user, match.mentee_application.user
    if match.status != ProgrammeMatch.Status.SUGGESTED:
        raise already_decided()
    if not mentor.is_active or not mentee.is_active:
        raise MentoringRefused(_("One of the two is no longer a member."))
    if programme.ends <= today:
        raise MentoringRefused(_("The programme has ended; change its dates first."))
    # The suggestion already holds one of the mentor's places (matching.room_of).
    if matching.room_of([mentor.pk])[mentor.pk] < 0:
        raise MentoringRefused(
            _("%(name)s has no room for another mentee.") % {"name": mentor_name(mentor)}
        )
    with transaction.atomic():
        if not _decide(match, ProgrammeMatch.Status.CONFIRMED, coordinator, now):
            raise already_decided()
        mentorship = Mentorship.objects.create(
            mentor=mentor,
            mentee=mentee,
            programme=programme,
            format=MentoringFormat.TERM,
            started_at=now,
            agreed_end=programme.ends,
            next_check_in=first_check_in(today, programme.ends),
        )
        match.mentorship = mentorship
        match.save(update_fields=["mentorship"])
        ProgrammeApplication.objects.filter(
            pk__in=[match.mentor_application_id, match.mentee_application_id]
        ).update(status=ProgrammeApplication.Status.MATCHED)
    for user, other in ((mentor, mentee), (mentee, mentor)):
        tell(
            user,
            gettext_noop("%(programme)s: you have been matched with %(name)s"),
            {"programme": programme.name, "name": mentor_name(other)},
            "careers:mentorship",
            [mentorship.pk],
        )
    return mentorship


def reject_match(coordinator, match, now=None) -> None:
    """The pair is not suggested again; the mentee waits for another mentor."""
    if not _decide(match, ProgrammeMatch.Status.REJECTED, coordinator, now or timezone.now()):
        raise already_decided()


def assign_mentor(coordinator, mentee_application, mentor_application, now=None):
    """The coordinator picks the mentor for a mentee: a waiting suggestion for the mentee is
    rejected and this pair suggested instead, for the coordinator to confirm. Raises
    MentoringRefused when the mentor is not one of the options (matching.mentor_options)."""
    now = now or timezone.now()
    programme = mentee_application.programme
    if mentee_application.role != ProgrammeApplication.Role.MENTEE:
        raise MentoringRefused(_("Choose a mentee."))
    if ProgrammeMatch.objects.filter(
        mentee_application=mentee_application, status=ProgrammeMatch.Status.CONFIRMED
    ).exists():
        raise MentoringRefused(_("This mentee's match is already confirmed."))
    with transaction.atomic():
        for waiting in ProgrammeMatch.objects.filter(
            mentee_application=mentee_application, status=ProgrammeMatch.Status.SUGGESTED
        ):
            _decide(waiting, ProgrammeMatch.Status.REJECTED, coordinator, now)
        options = {
            option["application"].pk: option
            for option in matching.mentor_options(programme, mentee_application)
        }
        option = options.get(mentor_application.pk)
        if option is None:
            raise MentoringRefused(
                _("%(name)s cannot be this mentee's mentor.")
                % {"name": mentor_name(mentor_application.user)}
            )
        return ProgrammeMatch.objects.create(
            programme=programme,
            mentor_application=mentor_application,
            mentee_application=mentee_application,
            score=option["score"],
        )
