"""Reports on group posts (SECURITY.md M5): they go to the group's own moderators first, and to
the site's moderators at three reports or after 72 hours undecided; group moderators dismiss,
hide or delete, only in their own group, never about their own posts, and cannot suspend."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import ModelLogEntry

import pytest
from freezegun import freeze_time

from community.factories import GroupReplyFactory, GroupThreadFactory
from community.models import GroupKind, GroupReply, GroupThread, Report
from community.moderation.service import (
    ReportRefused,
    decide_group_report,
    decide_report,
    escalate_group_reports,
    report_content,
    reports_for_group,
    reports_for_moderator,
)
from tests.conftest import login_to_admin

from .conftest import make_member
from .group_discussion_helpers import cast, join

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """These tests read the English pages (under /en/) and messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def people():
    return cast(GroupKind.OPEN)


@pytest.fixture
def thread(people):
    return GroupThreadFactory(
        group=people.group, author=people.member, title="Kjøp kurs", body="Billig, her: spam"
    )


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def reporters(group, count):
    users = []
    for n in range(count):
        user = make_member(f"melder{n}@example.no", display_name=f"Melder {n}")
        join(group, user)
        users.append(user)
    return users


# --- Where a report goes -------------------------------------------------------------------------


def test_a_report_on_a_thread_goes_to_the_groups_moderators_not_the_site(people, thread, superuser):
    report = report_content(people.outsider, thread, Report.Reason.SPAM, "Reklame")

    assert report.group == people.group
    assert report.escalated_at is None
    assert report.snapshot == "Kjøp kurs\n\nBillig, her: spam"
    assert report.snapshot_author == "Mats Medlem"
    assert report.reported_member == people.member
    assert list(reports_for_group(people.group, people.moderator)) == [report]
    assert list(reports_for_group(people.group, people.owner)) == [report]
    assert report not in reports_for_moderator(superuser)


def test_a_report_on_a_reply_keeps_its_text_and_its_group(people, thread):
    reply = GroupReplyFactory(thread=thread, author=people.owner, body="Upassende svar")

    report = report_content(people.member, reply, Report.Reason.OFFENSIVE)

    assert (report.group, report.snapshot) == (people.group, "Upassende svar")


def test_members_who_do_not_moderate_have_no_report_queue(people, thread):
    report_content(people.outsider, thread, Report.Reason.SPAM)

    assert not reports_for_group(people.group, people.member).exists()


def test_two_reports_stay_with_the_group_and_the_third_hides_the_post_and_escalates(
    people, thread, superuser
):
    first, second, third = reporters(people.group, 3)
    report_content(first, thread, Report.Reason.SPAM)
    report_content(second, thread, Report.Reason.SPAM)
    assert refreshed(thread).hidden_at is None
    assert not reports_for_moderator(superuser).exists()

    report_content(third, thread, Report.Reason.SPAM)

    assert refreshed(thread).hidden_at is not None
    assert Report.objects.filter(escalated_at__isnull=True).count() == 0
    assert reports_for_moderator(superuser).count() == 3


def test_reports_left_72_hours_go_to_the_site_moderators_and_not_before(people, thread, superuser):
    with freeze_time("2026-03-02 10:00"):
        report = report_content(people.outsider, thread, Report.Reason.SPAM)

    with freeze_time("2026-03-05 09:59"):
        assert escalate_group_reports() == 0
    assert refreshed(report).escalated_at is None
    assert report not in reports_for_moderator(superuser)

    with freeze_time("2026-03-05 10:00"):
        assert escalate_group_reports() == 1
        assert escalate_group_reports() == 0  # safe to run twice
    assert refreshed(report).escalated_at is not None
    assert report in reports_for_moderator(superuser)


def test_the_escalation_command_runs_from_cron(people, thread):
    with freeze_time("2026-03-02 10:00"):
        report = report_content(people.outsider, thread, Report.Reason.SPAM)
    out = StringIO()

    with freeze_time("2026-03-06 10:00"):
        call_command("escalate_group_reports", stdout=out)

    assert "Sent 1 group report" in out.getvalue()
    assert refreshed(report).escalated_at is not None


def test_a_decided_report_is_not_escalated(people, thread):
    with freeze_time("2026-03-02 10:00"):
        report = report_content(people.outsider, thread, Report.Reason.SPAM)
        decide_group_report(report, people.moderator, "dismiss")

    with freeze_time("2026-03-09 10:00"):
        assert escalate_group_reports() == 0


def test_the_site_queue_lists_message_reports_but_not_unescalated_group_reports(
    client, people, thread, superuser
):
    from community.models import Conversation, Message, Participant

    conversation = Conversation.objects.create()
    for user in (people.member, people.outsider):
        Participant.objects.create(conversation=conversation, user=user)
    message = Message.objects.create(
        conversation=conversation, sender=people.member, body="Melding med reklame"
    )
    message_report = report_content(people.outsider, message, Report.Reason.SPAM)
    group_report = report_content(people.outsider, thread, Report.Reason.SPAM)
    login_to_admin(client, superuser)

    page = client.get(reverse("reports:index")).content.decode()
    review = client.get(reverse("reports:review", args=[group_report.pk]))

    assert list(reports_for_moderator(superuser)) == [message_report]
    assert "Melding med reklame" in page
    assert "Billig, her: spam" not in page
    assert review.status_code in (403, 404)


def test_a_report_on_a_moderators_own_post_goes_to_the_site_at_once(people, superuser):
    own = GroupThreadFactory(group=people.group, author=people.owner, title="Eierens tråd")

    report = report_content(people.member, own, Report.Reason.HARASSMENT)

    assert report.escalated_at is not None
    assert report in reports_for_moderator(superuser)
    assert not reports_for_group(people.group, people.owner).exists()
    with pytest.raises(ReportRefused):
        decide_group_report(report, people.owner, "dismiss")
    assert refreshed(report).status == Report.Status.OPEN


# --- Deciding in the group -----------------------------------------------------------------------


def test_dismissing_closes_every_open_report_on_the_post_and_is_logged(people, thread):
    first, second = reporters(people.group, 2)
    report = report_content(first, thread, Report.Reason.SPAM)
    report_content(second, thread, Report.Reason.OTHER)

    assert decide_group_report(report, people.moderator, "dismiss", note="Greit innlegg")

    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    assert set(Report.objects.values_list("decided_by", flat=True)) == {people.moderator.pk}
    assert refreshed(thread).hidden_at is None
    entry = ModelLogEntry.objects.get(action="community.report_decided")
    assert entry.user_id == people.moderator.pk
    assert entry.data["action"] == "dismiss"
    assert entry.data["reports_closed"] == 2
    assert not decide_group_report(report, people.moderator, "hide")  # decided already


def test_hiding_from_the_queue_hides_the_post(client, people, thread):
    report = report_content(people.outsider, thread, Report.Reason.SPAM)
    client.force_login(people.moderator)

    response = client.post(
        reverse("community:group_reports", args=[people.group.pk]),
        {"report": report.pk, "action": "hide", "note": ""},
    )

    assert response.status_code == 302
    assert refreshed(thread).hidden_at is not None
    assert (refreshed(report).status, report.action) == (Report.Status.ACTIONED, "hide")


def test_deleting_a_thread_from_the_queue_deletes_it_and_counts_it_out(client, people, thread):
    reply = GroupReplyFactory(thread=thread, author=people.owner)
    reply_report = report_content(people.outsider, reply, Report.Reason.SPAM)
    report = report_content(people.outsider, thread, Report.Reason.SPAM)
    client.force_login(people.moderator)

    client.post(
        reverse("community:group_reports", args=[people.group.pk]),
        {"report": report.pk, "action": "delete"},
    )

    assert not GroupThread.objects.exists()
    assert refreshed(people.group).thread_count == 0
    assert refreshed(report).status == Report.Status.ACTIONED
    assert refreshed(reply_report).status == Report.Status.ACTIONED
    assert report.snapshot == "Kjøp kurs\n\nBillig, her: spam"  # kept for the record


def test_deleting_a_reply_from_the_queue_counts_it_out_of_its_thread(people, thread):
    reply = GroupReplyFactory(thread=thread, author=people.outsider)
    report = report_content(people.member, reply, Report.Reason.SPAM)

    decide_group_report(report, people.owner, "delete")

    assert not GroupReply.objects.exists()
    assert refreshed(thread).reply_count == 0


def test_an_escalated_report_can_no_longer_be_dismissed_by_the_group_but_can_be_hidden(
    people, thread
):
    with freeze_time("2026-03-02 10:00"):
        report = report_content(people.outsider, thread, Report.Reason.SPAM)
    with freeze_time("2026-03-06 10:00"):
        escalate_group_reports()

    with pytest.raises(ReportRefused, match="site's moderators"):
        decide_group_report(report, people.moderator, "dismiss")
    assert decide_group_report(report, people.moderator, "hide")
    assert refreshed(thread).hidden_at is not None


def test_a_moderator_of_group_a_cannot_decide_a_report_of_group_b(client, people, thread):
    other = cast(GroupKind.OPEN, prefix="b-")
    theirs = GroupThreadFactory(group=other.group, author=other.member)
    report = report_content(other.outsider, theirs, Report.Reason.SPAM)
    client.force_login(people.moderator)

    with pytest.raises(ReportRefused):
        decide_group_report(report, people.moderator, "delete")
    response = client.post(
        reverse("community:group_reports", args=[people.group.pk]),
        {"report": report.pk, "action": "delete"},
        follow=True,
    )

    assert "This report has already been decided." in response.content.decode()
    assert GroupThread.objects.filter(pk=theirs.pk).exists()
    assert refreshed(report).status == Report.Status.OPEN


def test_group_moderators_cannot_warn_or_suspend(client, people, thread):
    report = report_content(people.outsider, thread, Report.Reason.SPAM)
    client.force_login(people.owner)

    with pytest.raises(ValueError):
        decide_group_report(report, people.owner, "suspend")
    response = client.post(
        reverse("community:group_reports", args=[people.group.pk]),
        {"report": report.pk, "action": "suspend"},
    )

    assert response.status_code == 302
    assert refreshed(report).status == Report.Status.OPEN


def test_site_moderators_decide_an_escalated_group_report_as_any_other(people, thread, superuser):
    first, second, third = reporters(people.group, 3)
    for user in (first, second, third):
        report = report_content(user, thread, Report.Reason.SPAM)

    decide_report(report, superuser, Report.Action.DISMISS)

    assert refreshed(thread).hidden_at is None
    assert not Report.objects.filter(status=Report.Status.OPEN).exists()


# --- The queue page and the report form ----------------------------------------------------------


def test_the_queue_shows_the_snapshot_escaped_and_never_the_reporter(client, people):
    thread = GroupThreadFactory(
        group=people.group, author=people.member, title="<script>alert(1)</script>", body="Tekst"
    )
    report_content(people.outsider, thread, Report.Reason.SPAM, "<img src=x onerror=alert(2)>")
    client.force_login(people.moderator)

    page = client.get(reverse("community:group_reports", args=[people.group.pk])).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "Ulla Utenfor" not in page
    assert "Mats Medlem" in page


def test_members_who_do_not_moderate_get_403_on_the_queue_and_change_nothing(
    client, people, thread
):
    report = report_content(people.outsider, thread, Report.Reason.SPAM)
    client.force_login(people.member)
    url = reverse("community:group_reports", args=[people.group.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"report": report.pk, "action": "delete"}).status_code == 403
    assert GroupThread.objects.filter(pk=thread.pk).exists()


def test_a_member_reports_a_thread_through_the_form(client, people, thread):
    client.force_login(people.outsider)
    url = reverse("community:group_thread_report", args=[thread.pk])

    page = client.get(url)
    response = client.post(url, {"reason": "spam", "comment": "Reklame"})

    assert page.status_code == 200
    assert "Billig, her: spam" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:group_thread", args=[thread.pk])
    assert Report.objects.get().group == people.group


def test_a_member_cannot_report_their_own_post(client, people, thread):
    client.force_login(people.member)

    response = client.post(
        reverse("community:group_thread_report", args=[thread.pk]), {"reason": "spam"}, follow=True
    )

    assert "You cannot report something you wrote yourself." in response.content.decode()
    assert not Report.objects.exists()


def test_the_queue_runs_the_same_few_queries_for_3_and_30_reports(client, people):
    client.force_login(people.moderator)
    url = reverse("community:group_reports", args=[people.group.pk])

    def add_reports(count, start):
        for n in range(start, start + count):
            thread = GroupThreadFactory(group=people.group, author=people.member)
            reply = GroupReplyFactory(thread=thread, author=people.member)
            reporter = make_member(f"r{n}@example.no", display_name=f"R {n}")
            report_content(reporter, thread if n % 2 else reply, Report.Reason.SPAM)

    add_reports(3, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_reports(22, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 15


def test_site_moderators_see_which_group_an_escalated_report_comes_from(
    client, people, thread, superuser
):
    first, second, third = reporters(people.group, 3)
    for user in (first, second, third):
        report = report_content(user, thread, Report.Reason.SPAM)
    login_to_admin(client, superuser)

    page = client.get(reverse("reports:review", args=[report.pk])).content.decode()

    assert "Økonomi og ledelse" in page
    assert "Billig, her: spam" in page
