"""Reporting member content and deciding reports (SECURITY.md M5).

A model becomes reportable by registering a `Reportable` in `REPORTABLE`: how to snapshot it,
who may see it and, for content of a group, which group. A reportable model has a `hidden_at`
field, which moderation sets and clears. Messages and group posts are registered here; job
postings register theirs when they exist.

Reports on a group's posts go to the group's owner and moderators first (`reports_for_group`,
`decide_group_report`) and reach the site's moderators (`reports_for_moderator`) only once
escalated: at REPORTS_TO_HIDE reports (the post is hidden then, as any content), after
GROUP_MODERATORS_HOURS without a decision (`escalate_group_reports`, run from cron), or at once
when the post is by one of the group's own moderators.

The reported member is never told who reported them: the warning mail quotes the content and the
moderator's note, nothing from the report.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from accounts.mail import send_to_user
from home.coordinators import coordinated_faculties

from ..groups import policy as group_policy
from ..models import (
    GroupReply,
    GroupThread,
    Message,
    MessagingSuspension,
    Participant,
    Profile,
    Report,
)
from ..models.moderation import GROUP_MODERATORS_HOURS, REPORTS_PER_DAY, REPORTS_TO_HIDE


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


def no_group(content) -> None:
    return None


@dataclass(frozen=True)
class Reportable:
    snapshot: Callable[[models.Model], Snapshot]
    visible_to: Callable[[models.Model, object], bool]  # (content, user) -> may the user see it?
    # The group whose moderators see reports on the content first; None for other content.
    group: Callable[[models.Model], object | None] = no_group


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


def group_thread_snapshot(thread: GroupThread) -> Snapshot:
    return Snapshot(
        text=f"{thread.title}\n\n{thread.body}",
        author_name=member_name(thread.author_id),
        created_at=thread.created_at,
        author=thread.author,
    )


def group_reply_snapshot(reply: GroupReply) -> Snapshot:
    return Snapshot(
        text=reply.body,
        author_name=member_name(reply.author_id),
        created_at=reply.created_at,
        author=reply.author,
    )


def group_thread_visible_to(thread: GroupThread, user) -> bool:
    """A reader of the group's content; a hidden thread only to its moderators (C1)."""
    return group_policy.can_see_post(thread.group, user, thread)


def group_reply_visible_to(reply: GroupReply, user) -> bool:
    thread = reply.thread
    return group_policy.can_see_post(thread.group, user, reply, thread=thread)


REPORTABLE: dict[type[models.Model], Reportable] = {
    Message: Reportable(snapshot=message_snapshot, visible_to=message_visible_to),
    GroupThread: Reportable(
        snapshot=group_thread_snapshot,
        visible_to=group_thread_visible_to,
        group=lambda thread: thread.group,
    ),
    GroupReply: Reportable(
        snapshot=group_reply_snapshot,
        visible_to=group_reply_visible_to,
        group=lambda reply: reply.thread.group,
    ),
}


def register_reportable(model: type[models.Model], reportable: Reportable) -> None:
    """Make `model` reportable. For apps above community (careers), which community may not
    import: they register their content from their AppConfig.ready()."""
    REPORTABLE[model] = reportable


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
    adapter = _reportable(obj)
    snapshot = adapter.snapshot(obj)
    group = adapter.group(obj)
    now = timezone.now()
    # The group's moderators do not judge their own posts: those go to the site at once.
    by_a_moderator = (
        group is not None
        and snapshot.author is not None
        and group_policy.can_moderate(group, snapshot.author)
    )
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
                group=group,
                escalated_at=now if by_a_moderator else None,
                created_at=now,
            )
    except IntegrityError:  # a second open report sent at the same moment
        raise ReportRefused(str(ALREADY_REPORTED)) from None
    open_reports = reports_on(report).filter(status=Report.Status.OPEN)
    reporters = open_reports.aggregate(n=Count("reporter", distinct=True))["n"]
    if reporters >= REPORTS_TO_HIDE:
        _set_hidden(report.content_type_id, report.object_id, hidden=True)
        if group is not None:
            open_reports.filter(escalated_at__isnull=True).update(escalated_at=now)
            report.refresh_from_db(fields=["escalated_at"])
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
    about members with an education in a faculty they coordinate (SECURITY.md C3). Reports on a
    group's posts only once escalated: until then they are the group moderators' to decide."""
    reports = Report.objects.filter(Q(group__isnull=True) | Q(escalated_at__isnull=False))
    if user.is_superuser:
        return reports
    members = Profile.objects.filter(education__faculty__in=coordinated_faculties(user)).values(
        "user_id"
    )
    return reports.filter(reported_member__in=members)


# --- Reports on group posts, for the group's own moderators -----------------------------------


class GroupReportAction(models.TextChoices):
    """What a group's moderators may decide: they cannot warn by mail or suspend anyone."""

    DISMISS = "dismiss", _("Dismiss")
    HIDE = "hide", _("Hide the post")
    DELETE = "delete", _("Delete the post")


def reports_for_group(group, moderator):
    """The open reports on the group's posts for one of its moderators, oldest first, with how
    many open reports each post has. Reports about the moderator's own posts are left out: they
    went to the site's moderators."""
    if not group_policy.can_moderate(group, moderator):
        return Report.objects.none()
    return (
        Report.objects.filter(group=group, status=Report.Status.OPEN)
        .exclude(reported_member=moderator)
        .annotate(
            open_reports=models.Subquery(
                Report.objects.filter(
                    content_type_id=models.OuterRef("content_type_id"),
                    object_id=models.OuterRef("object_id"),
                    status=Report.Status.OPEN,
                )
                .order_by()
                .values("object_id")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=models.IntegerField(),
            )
        )
        .order_by("created_at", "pk")
    )


def decide_group_report(report, moderator, action, note: str = "", now=None) -> bool:
    """A group moderator's decision on an open report on one of the group's posts, closing every
    open report on the same post:

    dismiss: nothing was wrong. Refused once the report is with the site's moderators (and so
    for a post that three reports hid): clearing it is theirs to do then. A post a moderator hid
    stays hidden.
    hide: the post is hidden. delete: the post is deleted (its counters kept right).

    Raises ReportRefused for a report of another group, about the moderator's own post, or for
    someone who does not moderate the group; ValueError for any other action (group moderators
    cannot warn or suspend). Returns False, changing nothing, if it was decided already."""
    from ..groups import discussions  # that module builds on this one

    action = GroupReportAction(action)
    now = now or timezone.now()
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",)).select_related("group").get(pk=report.pk)
        )
        if report.group is None or not group_policy.can_moderate(report.group, moderator):
            raise ReportRefused(gettext("Only the group's owner and moderators decide this."))
        if report.reported_member_id == moderator.pk:
            raise ReportRefused(
                gettext("A report about your own post goes to the site's moderators.")
            )
        if report.status != Report.Status.OPEN:
            return False
        if action == GroupReportAction.DISMISS and report.escalated_at is not None:
            raise ReportRefused(
                gettext(
                    "This report is with the site's moderators now. You can still hide or "
                    "delete the post."
                )
            )
        open_reports = reports_on(report).filter(status=Report.Status.OPEN)
        dismissed = action == GroupReportAction.DISMISS
        closed = open_reports.update(
            status=Report.Status.DISMISSED if dismissed else Report.Status.ACTIONED,
            # Report.Action has no "delete": a deleted post is recorded as hidden, and the log
            # entry below says what happened.
            action=Report.Action.DISMISS if dismissed else Report.Action.HIDE,
            decision_note=note,
            decided_by=moderator,
            decided_at=now,
        )
        if action == GroupReportAction.HIDE:
            _set_hidden(report.content_type_id, report.object_id, hidden=True)
        elif action == GroupReportAction.DELETE:
            content = report.content_object
            if isinstance(content, GroupThread):
                discussions.delete_thread(content, deleted_by=moderator, now=now)
            elif isinstance(content, GroupReply):
                discussions.delete_reply(content, deleted_by=moderator, now=now)
        log(
            instance=report,
            action="community.report_decided",
            user=moderator,
            title=gettext("Report %(pk)s") % {"pk": report.pk},
            data={"action": action.value, "reports_closed": closed, "group": report.group_id},
        )
    return True


def escalate_group_reports(now=None) -> int:
    """Send the site's moderators every open report on a group's post that the group's
    moderators left undecided for GROUP_MODERATORS_HOURS. Safe to run twice. Returns how many."""
    now = now or timezone.now()
    return Report.objects.filter(
        group__isnull=False,
        status=Report.Status.OPEN,
        escalated_at__isnull=True,
        created_at__lte=now - timedelta(hours=GROUP_MODERATORS_HOURS),
    ).update(escalated_at=now)
