"""Reporting member content and deciding reports (SECURITY.md M5).

A model becomes reportable by registering a `Reportable` in `REPORTABLE`: how to snapshot it and
who may see it. A reportable model has a `hidden_at` field, which moderation sets and clears.
Messages are registered here; group posts and job postings register theirs when they exist.

The reported member is never told who reported them: the warning mail quotes the content and the
moderator's note, nothing from the report.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from accounts.mail import send_to_user
from home.coordinators import coordinated_faculties

from ..models import Message, MessagingSuspension, Participant, Profile, Report
from ..models.moderation import REPORTS_PER_DAY, REPORTS_TO_HIDE


class ContentNotFound(Exception):
    """The content does not exist for this member (they may not see it); views answer 404 (C1)."""


class ReportRefused(Exception):
    """The member may not make this report; `str(error)` says why, in words fit to show them."""


@dataclass(frozen=True)
class Snapshot:
    """What a report keeps of the content, as it was when reported."""

    text: str
    author_name: str
    created_at: datetime | None
    author: object | None  # the user who wrote it, the reported member


@dataclass(frozen=True)
class Reportable:
    snapshot: Callable[[models.Model], Snapshot]
    visible_to: Callable[[models.Model, object], bool]  # (content, user) -> may the user see it?


def member_name(user_id) -> str:
    if user_id is None:
        return gettext("Former member")
    profile = Profile.objects.filter(user_id=user_id).only("display_name").first()
    return profile.display_name if profile else gettext("Former member")


def message_snapshot(message: Message) -> Snapshot:
    return Snapshot(
        text=message.body,
        author_name=member_name(message.sender_id),
        created_at=message.created_at,
        author=message.sender,
    )


def message_visible_to(message: Message, user) -> bool:
    """A current participant who was there when it was written and has not deleted it (C1)."""
    if message.kind != Message.Kind.TEXT:
        return False
    participant = (
        Participant.objects.current()
        .filter(conversation_id=message.conversation_id, user=user)
        .first()
    )
    return (
        participant is not None
        and Message.objects.visible_to(participant).filter(pk=message.pk).exists()
    )


REPORTABLE: dict[type[models.Model], Reportable] = {
    Message: Reportable(snapshot=message_snapshot, visible_to=message_visible_to),
}


def _reportable(obj) -> Reportable:
    try:
        return REPORTABLE[type(obj)]
    except KeyError:
        raise ContentNotFound from None


def reports_on(obj_or_report):
    """All reports on the same content as `obj_or_report` (a content object or a report)."""
    if isinstance(obj_or_report, Report):
        content_type_id, object_id = obj_or_report.content_type_id, obj_or_report.object_id
    else:
        content_type_id = ContentType.objects.get_for_model(obj_or_report).pk
        object_id = obj_or_report.pk
    return Report.objects.filter(content_type_id=content_type_id, object_id=object_id)


def reports_made_today(reporter, now=None) -> int:
    since = (now or timezone.now()) - timedelta(days=1)
    return Report.objects.filter(reporter=reporter, created_at__gte=since).count()


ALREADY_REPORTED = _("You have already reported this. The moderators will look at it.")


def check_may_report(reporter, obj) -> None:
    """Raises ContentNotFound if the reporter cannot see `obj`, ReportRefused if they may not
    report it now (their own content, already reported, or the daily limit reached)."""
    adapter = _reportable(obj)
    if not adapter.visible_to(obj, reporter):
        raise ContentNotFound
    if adapter.snapshot(obj).author == reporter:
        raise ReportRefused(gettext("You cannot report something you wrote yourself."))
    if reports_on(obj).filter(reporter=reporter, status=Report.Status.OPEN).exists():
        raise ReportRefused(str(ALREADY_REPORTED))
    if reports_made_today(reporter) >= REPORTS_PER_DAY:
        raise ReportRefused(
            gettext(
                "You have sent %(count)d reports in the last 24 hours, which is the limit. "
                "Please try again tomorrow."
            )
            % {"count": REPORTS_PER_DAY}
        )


def _set_hidden(content_type_id, object_id, hidden: bool) -> None:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    rows = model._default_manager.filter(pk=object_id)
    if hidden:
        rows.filter(hidden_at__isnull=True).update(hidden_at=timezone.now())
    else:
        rows.update(hidden_at=None)


def report_content(reporter, obj, reason: str, comment: str = "") -> Report:
    """Record the reporter's report with a snapshot of `obj`; hide the content pending review
    once REPORTS_TO_HIDE different members have open reports on it."""
    check_may_report(reporter, obj)
    snapshot = _reportable(obj).snapshot(obj)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                reporter=reporter,
                reported_member=snapshot.author,
                reason=reason,
                comment=comment,
                snapshot=snapshot.text,
                snapshot_author=snapshot.author_name,
                content_created_at=snapshot.created_at,
            )
    except IntegrityError:  # a second open report sent at the same moment
        raise ReportRefused(str(ALREADY_REPORTED)) from None
    reporters = (
        reports_on(report)
        .filter(status=Report.Status.OPEN)
        .aggregate(n=Count("reporter", distinct=True))["n"]
    )
    if reporters >= REPORTS_TO_HIDE:
        _set_hidden(report.content_type_id, report.object_id, hidden=True)
    return report


HIDING_ACTIONS = (Report.Action.HIDE, Report.Action.SUSPEND)


def decide_report(report, moderator, action, note: str = "", suspend_days=None) -> bool:
    """Decide an open report, and with it every other open report on the same content.

    dismiss: nothing was wrong; content hidden only by reports is shown again.
    warn: the reported member gets a warning mail quoting the content, with the note.
    hide: the content is hidden. suspend: hidden too, and the member may not send messages for
    `suspend_days` days (until lifted when None).

    Returns False, changing and sending nothing, if the report was decided already."""
    action = Report.Action(action)
    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.OPEN:
            return False
        dismissed = action == Report.Action.DISMISS
        status = Report.Status.DISMISSED if dismissed else Report.Status.ACTIONED
        closed = (
            reports_on(report)
            .filter(status=Report.Status.OPEN)
            .update(
                status=status,
                action=action,
                decision_note=note,
                decided_by=moderator,
                decided_at=now,
            )
        )
        report.refresh_from_db()
        if action in HIDING_ACTIONS:
            _set_hidden(report.content_type_id, report.object_id, hidden=True)
        elif dismissed and not reports_on(report).filter(action__in=HIDING_ACTIONS).exists():
            # hidden only by the reports, not by a moderator: shown again
            _set_hidden(report.content_type_id, report.object_id, hidden=False)
        if action == Report.Action.SUSPEND and report.reported_member_id:
            suspension = MessagingSuspension.objects.create(
                user_id=report.reported_member_id,
                starts_at=now,
                ends_at=now + timedelta(days=suspend_days) if suspend_days else None,
                reason=note,
                report=report,
                created_by=moderator,
            )
            log(
                instance=suspension,
                action="community.messaging_suspended",
                user=moderator,
                title=gettext("Messaging suspension %(pk)s") % {"pk": suspension.pk},
            )
        log(
            instance=report,
            action="community.report_decided",
            user=moderator,
            # the audit log keeps no member's name
            title=gettext("Report %(pk)s") % {"pk": report.pk},
            data={"action": action.value, "reports_closed": closed},
        )
    if action == Report.Action.WARN and report.reported_member_id:
        send_warning(report)  # after the decision is committed, as decide_claim does
    return True


def send_warning(report) -> None:
    """The moderator's warning to the reported member, in their language; never the reporter."""
    send_to_user(
        report.reported_member,
        "community/mail/moderation_warning",
        {"snapshot": report.snapshot, "note": report.decision_note},
    )


def reports_for_moderator(user):
    """The reports a person may handle: all for administrators; for a faculty coordinator those
    about members with an education in a faculty they coordinate (SECURITY.md C3)."""
    reports = Report.objects.all()
    if user.is_superuser:
        return reports
    members = Profile.objects.filter(education__faculty__in=coordinated_faculties(user)).values(
        "user_id"
    )
    return reports.filter(reported_member__in=members)
