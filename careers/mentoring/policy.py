"""Who may do what in mentoring (DESIGN.md §4, SECURITY.md C1, C3). Every view, service and
admin screen of the mentoring feature asks this module.

- Verified alumni may offer to mentor. Alumni and students (verified members, and members with a
  USN education record) may browse mentors, ask one for mentoring and apply to programmes.
- A request is seen and acted on only by its mentor and its mentee; a mentorship only by its two
  sides. Anyone else gets a 404 and nothing changes.
- A mentor who blocked the mentee (or whom the mentee blocked) is not offered and refuses the
  request with the same words as a mentor who is not taking requests: nobody learns of a block.
- Programmes: administrators manage all; a faculty coordinator only their faculty's (C3).

A refusal is a `MentoringRefused` whose text is fit to show the member.
"""

import calendar
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.members import is_verified_member
from community.models import EducationRecord, MemberBlock
from home import rollout
from home.coordinators import coordinated_faculties
from home.models import Faculty

from ..models import (
    MentoringFormat,
    MentoringProgramme,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    ProgrammeApplication,
)

MAX_PENDING_REQUESTS = 5  # requests a mentee may have waiting at once
ONE_OFF_MAX_DAYS = 30  # a one-off conversation is agreed within this many days
TERM_MIN_MONTHS, TERM_MAX_MONTHS = 1, 12


class MentoringRefused(Exception):
    """The member may not do this; `str(error)` says why, in words fit to show them."""


# Members ------------------------------------------------------------------------------------


def has_education(user) -> bool:
    return EducationRecord.objects.filter(profile__user=user).exists()


def may_browse(user) -> bool:
    """Alumni and students: verified members, or members with a USN education record."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_verified_member(user) or has_education(user)


def may_mentor(user) -> bool:
    return is_verified_member(user)


def check_may_offer(user) -> None:
    if not may_mentor(user):
        raise MentoringRefused(_("Only verified USN alumni can offer to mentor."))


def is_blocked_between(a, b) -> bool:
    return MemberBlock.objects.between(a, b).exists()


def active_mentorship_count(mentor_id) -> int:
    return Mentorship.objects.filter(mentor_id=mentor_id, status=Mentorship.Status.ACTIVE).count()


def has_room(mentor_profile: MentorProfile) -> bool:
    return active_mentorship_count(mentor_profile.user_id) < mentor_profile.capacity


def offers_format(mentor_profile: MentorProfile, format) -> bool:
    if format == MentoringFormat.ONE_OFF:
        return mentor_profile.offers_one_off
    if format == MentoringFormat.TERM:
        return mentor_profile.offers_term
    return False


def mentor_name(mentor_profile_or_user) -> str:
    user = getattr(mentor_profile_or_user, "user", mentor_profile_or_user)
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else _("Former member")


def check_may_request(mentee, mentor_profile: MentorProfile, format) -> None:
    """May `mentee` ask this mentor for mentoring in this format? Raises MentoringRefused."""
    if not may_browse(mentee):
        raise MentoringRefused(_("Only USN alumni and students can ask for a mentor."))
    name = mentor_name(mentor_profile)
    if mentor_profile.user_id == mentee.pk:
        raise MentoringRefused(_("You cannot be your own mentor."))
    not_taking = MentoringRefused(
        _("%(name)s is not taking new mentees right now.") % {"name": name}
    )
    mentor = mentor_profile.user
    if not mentor_profile.active or not mentor.is_active or not is_verified_member(mentor):
        raise not_taking
    if is_blocked_between(mentor, mentee) or not has_room(mentor_profile):
        raise not_taking
    if not offers_format(mentor_profile, format):
        raise MentoringRefused(_("%(name)s does not offer this format.") % {"name": name})
    if Mentorship.objects.filter(
        mentor=mentor, mentee=mentee, status=Mentorship.Status.ACTIVE
    ).exists():
        raise MentoringRefused(_("%(name)s is already your mentor.") % {"name": name})
    pending = MentoringRequest.objects.filter(mentee=mentee, status=MentoringRequest.Status.PENDING)
    if pending.filter(mentor=mentor).exists():
        raise duplicate_request(name)
    if pending.count() >= MAX_PENDING_REQUESTS:
        raise MentoringRefused(
            ngettext(
                "You have %(count)d request waiting for an answer, which is the limit. "
                "Wait for an answer or withdraw it first.",
                "You have %(count)d requests waiting for an answer, which is the limit. "
                "Wait for the answers or withdraw one first.",
                MAX_PENDING_REQUESTS,
            )
            % {"count": MAX_PENDING_REQUESTS}
        )


def duplicate_request(name) -> MentoringRefused:
    return MentoringRefused(
        _(
            "You have already asked %(name)s. Wait for the answer, or withdraw that request "
            "before you send a new one."
        )
        % {"name": name}
    )


# Requests and mentorships: only their two sides (C1) --------------------------------------


def requests_of(user):
    """The requests `user` sent or received; the only way views load a request."""
    if not user.is_authenticated:
        return MentoringRequest.objects.none()
    return MentoringRequest.objects.filter(Q(mentor=user) | Q(mentee=user))


def request_for(user, pk):
    """The request of the URL if `user` is one of its two sides, else None (the view's 404)."""
    return (
        requests_of(user)
        .select_related("mentor__profile", "mentee__profile", "mentorship")
        .filter(pk=pk)
        .first()
    )


def mentorships_of(user):
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user))


def mentorship_for(user, pk):
    return (
        mentorships_of(user)
        .select_related("mentor__profile", "mentee__profile", "programme")
        .filter(pk=pk)
        .first()
    )


def may_answer(user, mentoring_request) -> bool:
    return (
        mentoring_request.mentor_id == user.pk
        and mentoring_request.status == MentoringRequest.Status.PENDING
    )


def may_withdraw(user, mentoring_request) -> bool:
    return (
        mentoring_request.mentee_id == user.pk
        and mentoring_request.status == MentoringRequest.Status.PENDING
    )


def is_party(user, mentorship) -> bool:
    return user.pk in (mentorship.mentor_id, mentorship.mentee_id)


def may_end(user, mentorship) -> bool:
    return is_party(user, mentorship) and mentorship.status == Mentorship.Status.ACTIVE


def may_give_feedback(user, mentorship) -> bool:
    """Both sides, once, after the mentorship has ended."""
    return (
        is_party(user, mentorship)
        and mentorship.status != Mentorship.Status.ACTIVE
        and not mentorship.feedback.filter(author=user).exists()
    )


# Agreed end dates ------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def agreed_end_bounds(format, today: date) -> tuple[date, date]:
    """The earliest and latest agreed end a mentor may propose for this format."""
    if format == MentoringFormat.ONE_OFF:
        return today, today + timedelta(days=ONE_OFF_MAX_DAYS)
    return add_months(today, TERM_MIN_MONTHS), add_months(today, TERM_MAX_MONTHS)


def agreed_end_error(format, agreed_end: date, today: date | None = None) -> str | None:
    """Why this end date does not fit the format, or None when it does."""
    today = today or timezone.localdate()
    earliest, latest = agreed_end_bounds(format, today)
    if earliest <= agreed_end <= latest:
        return None
    dates = {
        "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
        "latest": date_format(latest, "SHORT_DATE_FORMAT"),
        "days": ONE_OFF_MAX_DAYS,
    }
    if format == MentoringFormat.ONE_OFF:
        return (
            _("A one-off conversation takes place within %(days)d days: from today to %(latest)s.")
            % dates
        )
    return (
        _("A term lasts from one to twelve months: choose a date from %(earliest)s to %(latest)s.")
        % dates
    )


# Programmes ------------------------------------------------------------------------------


def manageable_programmes(user):
    """The programmes `user` may manage in the admin: all, their faculties', or none (C3)."""
    if not user.is_authenticated or not user.is_active:
        return MentoringProgramme.objects.none()
    if user.is_superuser:
        return MentoringProgramme.objects.all()
    return MentoringProgramme.objects.filter(faculty__in=coordinated_faculties(user))


def may_manage_programme(user, programme) -> bool:
    return manageable_programmes(user).filter(pk=programme.pk).exists()


def programme_faculties(user):
    """The faculties `user` may run programmes for."""
    return Faculty.objects.all() if user.is_superuser else coordinated_faculties(user)


def programme_offered(programme: MentoringProgramme) -> bool:
    """A faculty's programme is offered only while the faculty has mentoring switched on
    (home.rollout); a programme of the whole university always is."""
    return rollout.feature_enabled(programme.faculty_id, "mentoring")


def check_may_apply(user, programme: MentoringProgramme, role, now=None) -> None:
    if not programme_offered(programme):
        raise MentoringRefused(_("This programme is not offered on the alumni site yet."))
    if not programme.is_open_for_applications(now):
        raise MentoringRefused(_("This programme is not taking applications now."))
    if role == ProgrammeApplication.Role.MENTOR:
        if not may_mentor(user):
            raise MentoringRefused(_("Only verified USN alumni can apply as mentors."))
    elif role == ProgrammeApplication.Role.MENTEE:
        if not may_browse(user):
            raise MentoringRefused(_("Only USN alumni and students can apply as mentees."))
        if (
            programme.faculty_id
            and not EducationRecord.objects.filter(
                profile__user=user, faculty_id=programme.faculty_id
            ).exists()
        ):
            raise MentoringRefused(
                _("This programme is for mentees from %(faculty)s.")
                % {"faculty": programme.faculty.name}
            )
    else:
        raise MentoringRefused(_("Choose whether you apply as a mentor or as a mentee."))
    if ProgrammeApplication.objects.filter(programme=programme, user=user).exists():
        raise already_applied()


def already_applied() -> MentoringRefused:
    return MentoringRefused(_("You have already applied to this programme."))
