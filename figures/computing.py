"""Computing the figures into `FigureSnapshot` rows (run by `manage.py compute_figures` and the
`compute_figures` task; safe to run twice: a month's rows are replaced, never added to).

Every figure is one aggregate query per scope (the whole university, then each faculty), with
conditional counts so that one query gives several figures; nothing loops over members. A member
belongs to a faculty when they have an education record in it (a member of two faculties counts
in both, once in the total); a group, event, campaign or claim by its own `faculty`; a report by
the reported member's faculty.
"""

import datetime

from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from careers.models import MentoringRequest, MentorProfile, Mentorship
from community.models import (
    Conversation,
    EducationRecord,
    GraduateRecord,
    Group,
    GroupReply,
    GroupThread,
    Message,
    Profile,
    ProfileInterest,
    ProfileLink,
    ProfileSkill,
    Report,
    VerificationClaim,
)
from events.models import EventRegistration, RegistrationStatus
from home.models import Faculty
from newsletters.models import (
    CampaignSend,
    ConsentAction,
    ConsentEvent,
    Delivery,
    DeliveryStatus,
    Feedback,
    SendState,
    Subscription,
    Topic,
)

from .metrics import CONSENT_PREFIX, MONTHLY_KEYS
from .models import FigureSnapshot

ACTIVE_DAYS = 30
PROFILE_PARTS = 12  # the parts of a profile counted for completeness (see completeness_sum)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def current_month(now=None) -> datetime.date:
    return month_start(timezone.localdate(now or timezone.now()))


class Period:
    """One calendar month in the site's time zone, and the moment "as of" which a current
    figure is taken (now, or the month's end if that is earlier)."""

    def __init__(self, month: datetime.date, now):
        self.month = month
        self.start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
        self.end = timezone.make_aware(
            datetime.datetime.combine(add_months(month, 1), datetime.time())
        )
        self.as_of = min(self.end, now)

    def within(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


def member_of(faculty_id, user_field: str):
    """A condition for rows whose `user_field` is a member of the faculty."""
    return Exists(
        EducationRecord.objects.filter(profile__user_id=OuterRef(user_field), faculty_id=faculty_id)
    )


def scoped(queryset, faculty_id, *, user_field=None, faculty_field=None):
    """The rows of one faculty, or all of them for the whole university (faculty_id None)."""
    if faculty_id is None:
        return queryset
    if faculty_field:
        return queryset.filter(**{faculty_field: faculty_id})
    return queryset.filter(member_of(faculty_id, user_field))


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def filled(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def completeness_sum():
    """Per profile, how many of its PROFILE_PARTS parts are filled in."""
    parts = [
        ~Q(photo=""),
        ~Q(headline=""),
        ~Q(bio=""),
        ~Q(current_position=""),
        ~Q(employer=""),
        ~Q(industry=""),
        ~Q(city=""),
        ~Q(country=""),
        Q(Exists(EducationRecord.objects.filter(profile_id=OuterRef("pk")))),
        Q(Exists(ProfileSkill.objects.filter(content_object_id=OuterRef("pk")))),
        Q(Exists(ProfileInterest.objects.filter(content_object_id=OuterRef("pk")))),
        Q(Exists(ProfileLink.objects.filter(profile_id=OuterRef("pk")))),
    ]
    assert len(parts) == PROFILE_PARTS
    total = filled(parts[0])
    for part in parts[1:]:
        total = total + filled(part)
    return total


# One function per group of figures: (faculty id or None, Period, current?) -> {key: value}.


def members(faculty_id, period, current):
    profiles = scoped(
        Profile.objects.filter(user__is_active=True), faculty_id, user_field="user_id"
    )
    figures = profiles.aggregate(
        members_total=Count("pk", filter=Q(created_at__lt=period.end)),
        members_verified=Count(
            "pk",
            filter=Q(is_verified=True, created_at__lt=period.end)
            & (Q(verified_at__isnull=True) | Q(verified_at__lt=period.end)),
        ),
        members_new=Count("pk", filter=period.within("created_at")),
    )
    if current:
        since = period.as_of - datetime.timedelta(days=ACTIVE_DAYS)
        window = {"created_at__gte": since, "created_at__lt": period.as_of}
        user = OuterRef("user_id")
        active = (
            Q(user__last_login__gte=since)
            | Q(Exists(Message.objects.filter(sender_id=user, **window)))
            | Q(Exists(GroupThread.objects.filter(author_id=user, **window)))
            | Q(Exists(GroupReply.objects.filter(author_id=user, **window)))
        )
        state = profiles.aggregate(
            members_active_30d=Count("pk", filter=active),
            filled_parts=Sum(completeness_sum()),
            profiles=Count("pk"),
        )
        figures["members_active_30d"] = state["members_active_30d"]
        figures["profile_completeness_pct"] = percent(
            state["filled_parts"] or 0, state["profiles"] * PROFILE_PARTS
        )
        graduates = scoped(GraduateRecord.objects.all(), faculty_id, faculty_field="faculty_id")
        register = graduates.aggregate(
            imported=Count("pk"), joined=Count("pk", filter=Q(matched_user__isnull=False))
        )
        figures["graduates_imported"] = register["imported"]
        figures["graduates_joined"] = register["joined"]
        figures["graduates_joined_pct"] = percent(register["joined"], register["imported"])
    return figures


def messaging(faculty_id, period, current):
    conversations = scoped(
        Conversation.objects.filter(period.within("created_at")),
        faculty_id,
        user_field="created_by_id",
    ).count()
    messages = scoped(
        Message.objects.filter(period.within("created_at"), kind=Message.Kind.TEXT),
        faculty_id,
        user_field="sender_id",
    ).count()
    return {"conversations_new": conversations, "messages_sent": messages}


def groups(faculty_id, period, current):
    figures = scoped(Group.objects.all(), faculty_id, faculty_field="faculty_id").aggregate(
        groups_active=Count(
            "pk",
            filter=Q(created_at__lt=period.end)
            & (Q(archived_at__isnull=True) | Q(archived_at__gte=period.end)),
        ),
        groups_new=Count("pk", filter=period.within("created_at")),
    )
    threads = scoped(
        GroupThread.objects.filter(period.within("created_at")),
        faculty_id,
        faculty_field="group__faculty_id",
    ).count()
    replies = scoped(
        GroupReply.objects.filter(period.within("created_at")),
        faculty_id,
        faculty_field="thread__group__faculty_id",
    ).count()
    figures["group_posts"] = threads + replies
    return figures


def events(faculty_id, period, current):
    registrations = scoped(
        EventRegistration.objects.all(), faculty_id, faculty_field="event__faculty_id"
    )
    ended_here = period.within("event__end") & Q(status=RegistrationStatus.CONFIRMED)
    figures = registrations.filter(period.within("created_at") | ended_here).aggregate(
        event_registrations=Count("pk", filter=period.within("created_at")),
        confirmed=Count("pk", filter=ended_here),
        attended=Count("pk", filter=ended_here & Q(attended_at__isnull=False)),
    )
    return {
        "event_registrations": figures["event_registrations"],
        "event_attendance_pct": percent(figures["attended"], figures["confirmed"]),
    }


def mentoring(faculty_id, period, current):
    requests = scoped(
        MentoringRequest.objects.filter(
            period.within("created_at") | period.within("responded_at")
        ),
        faculty_id,
        user_field="mentee_id",
    ).aggregate(
        mentoring_requests=Count("pk", filter=period.within("created_at")),
        mentoring_accepted=Count(
            "pk",
            filter=period.within("responded_at") & Q(status=MentoringRequest.Status.ACCEPTED),
        ),
    )
    requests["mentorships_active"] = scoped(
        Mentorship.objects.filter(started_at__lt=period.end).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gte=period.end)
        ),
        faculty_id,
        user_field="mentee_id",
    ).count()
    if current:
        requests["mentors_available"] = scoped(
            MentorProfile.objects.filter(active=True, user__is_active=True),
            faculty_id,
            user_field="user_id",
        ).count()
    return requests


def campaigns(faculty_id, period, current):
    deliveries = scoped(
        Delivery.objects.filter(
            period.within("sent_at") | period.within("feedback_at"),
        ),
        faculty_id,
        faculty_field="campaign__faculty_id",
    ).aggregate(
        sent=Count("pk", filter=period.within("sent_at") & Q(status=DeliveryStatus.SENT)),
        complaints=Count(
            "pk", filter=period.within("feedback_at") & Q(feedback=Feedback.COMPLAINED)
        ),
    )
    unsubscribes = scoped(
        ConsentEvent.objects.filter(
            period.within("created_at"),
            action=ConsentAction.WITHDRAWN,
            campaign__isnull=False,
        ),
        faculty_id,
        faculty_field="campaign__faculty_id",
    ).count()
    return {
        "campaign_reach": deliveries["sent"],
        "unsubscribe_pct": percent(unsubscribes, deliveries["sent"]),
        "complaint_pct": percent(deliveries["complaints"], deliveries["sent"]),
    }


def workload(faculty_id, period, current):
    claims = scoped(
        VerificationClaim.objects.filter(
            period.within("decided_at"),
            status__in=[VerificationClaim.Status.APPROVED, VerificationClaim.Status.DECLINED],
        ),
        faculty_id,
        faculty_field="faculty_id",
    ).count()
    reports = scoped(
        Report.objects.filter(period.within("decided_at")).exclude(status=Report.Status.OPEN),
        faculty_id,
        user_field="reported_member_id",
    ).count()
    sends = scoped(
        CampaignSend.objects.filter(period.within("started_at")).exclude(
            state__in=[SendState.SCHEDULED, SendState.CANCELLED]
        ),
        faculty_id,
        faculty_field="campaign__faculty_id",
    ).count()
    return {"claims_decided": claims, "reports_handled": reports, "campaigns_sent": sends}


def consent_rates(faculty_id, period, members_of_faculty: dict) -> dict:
    """Per topic offered in the scope: active subscriptions of members / members offered it.
    A central topic is offered to every member (of the scope); a faculty's topic to that
    faculty's members."""
    topics = Topic.objects.active()
    if faculty_id is not None:
        topics = topics.for_faculty(faculty_id)
    topics = list(topics.values("pk", "slug", "faculty_id"))
    subscribed = dict(
        scoped(
            Subscription.objects.active().filter(
                subscriber__user__is_active=True, subscriber__user__profile__isnull=False
            ),
            faculty_id,
            user_field="subscriber__user_id",
        )
        .values("topic_id")
        .annotate(count=Count("pk"))
        .values_list("topic_id", "count")
    )
    figures = {}
    for topic in topics:
        offered = members_of_faculty[topic["faculty_id"] if faculty_id is None else faculty_id]
        if faculty_id is None and topic["faculty_id"] is not None:
            # The whole university: a faculty's topic counts only that faculty's subscribers.
            count = topic_subscribers_in_faculty(topic["pk"], topic["faculty_id"])
        else:
            count = subscribed.get(topic["pk"], 0)
        figures[CONSENT_PREFIX + topic["slug"]] = percent(count, offered)
    return figures


def topic_subscribers_in_faculty(topic_id, faculty_id) -> int:
    return (
        Subscription.objects.active()
        .filter(topic_id=topic_id, subscriber__user__is_active=True)
        .filter(member_of(faculty_id, "subscriber__user_id"))
        .count()
    )


GROUPS = (members, messaging, groups, events, mentoring, campaigns, workload)


def figures_for(faculty_id, period, current) -> dict:
    figures = {}
    for group in GROUPS:
        figures.update(group(faculty_id, period, current))
    return figures


def compute_month(month: datetime.date, now=None) -> int:
    """Compute and store every figure of `month` for the whole university and each faculty;
    the current figures too when `month` is the current month. Returns the rows written."""
    now = now or timezone.now()
    period = Period(month, now)
    current = month == current_month(now)
    scopes = [None, *Faculty.objects.order_by("sort_order").values_list("pk", flat=True)]
    results = {scope: figures_for(scope, period, current) for scope in scopes}
    if current:
        members_of_faculty = {scope: results[scope]["members_total"] for scope in scopes}
        for scope in scopes:
            results[scope].update(consent_rates(scope, period, members_of_faculty))
    rows = [
        FigureSnapshot(month=month, faculty_id=scope, key=key, value=value, computed_at=now)
        for scope, figures in results.items()
        for key, value in figures.items()
    ]
    with transaction.atomic():
        stale = FigureSnapshot.objects.filter(month=month)
        if not current:
            stale = stale.filter(key__in=MONTHLY_KEYS)
        stale.delete()
        FigureSnapshot.objects.bulk_create(rows)
    return len(rows)


def compute(months: int = 2, now=None) -> int:
    """The current month and the `months - 1` before it (the previous month by default: its
    last days were still counting when it was last computed)."""
    now = now or timezone.now()
    this_month = current_month(now)
    return sum(compute_month(add_months(this_month, -back), now) for back in range(max(months, 1)))
