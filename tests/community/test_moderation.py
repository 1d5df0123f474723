"""Moderation of member messages (SECURITY.md M5): members report what they can see (C1), content
is hidden after three reports, moderators decide in the admin queue scoped to their faculty (C3),
and the reported member never learns who reported them."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

import pytest
from freezegun import freeze_time

from community.messaging.policy import is_suspended
from community.models import Conversation, Message, MessagingSuspension, Participant, Report
from community.models.moderation import REPORTS_PER_DAY
from community.moderation.service import (
    ContentNotFound,
    ReportRefused,
    decide_report,
    report_content,
    reports_for_moderator,
)
from tests.community.conftest import make_member
from tests.conftest import login_to_admin


@pytest.fixture(autouse=True)
def english(db, coordinator_hh, coordinator_hs, superuser):
    """The staff use the admin in English, the language these tests read."""
    for user in (coordinator_hh, coordinator_hs, superuser):
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    with translation.override("en"):
        yield


def conversation_with(*users) -> Conversation:
    conversation = Conversation.objects.create()
    for user in users:
        Participant.objects.create(conversation=conversation, user=user)
    return conversation


def write(conversation, sender, body="Kjøp billige klokker her!") -> Message:
    return Message.objects.create(conversation=conversation, sender=sender, body=body)


@pytest.fixture
def reader(db):
    return make_member("leser@example.no", programme_code="MØA", display_name="Lise Leser")


@pytest.fixture
def hh_message(hh_alumnus, reader):
    """A message by the HH alumnus in a conversation with the reader."""
    return write(conversation_with(hh_alumnus, reader), hh_alumnus)


def other_readers(conversation, count):
    readers = []
    for n in range(count):
        user = make_member(f"leser{n}@example.no", display_name=f"Leser {n}")
        # there from the start, so they saw every message
        Participant.objects.create(
            conversation=conversation, user=user, joined_at=conversation.created_at
        )
        readers.append(user)
    return readers


def report_on(message, reporter=None, reason=Report.Reason.SPAM):
    return report_content(reporter, message, reason)


def refreshed(obj):
    obj.refresh_from_db()
    return obj


# --- Reporting -----------------------------------------------------------------------------------


def test_a_participant_reports_a_message_and_the_report_keeps_a_snapshot(hh_message, reader):
    report = report_content(reader, hh_message, Report.Reason.SPAM, "Reklame")

    hh_message.body = "Edited afterwards"
    hh_message.save()
    report.refresh_from_db()
    assert report.snapshot == "Kjøp billige klokker her!"
    assert report.snapshot_author == "Hanne HH"
    assert report.content_created_at == hh_message.created_at
    assert report.reported_member == hh_message.sender
    assert report.reporter == reader
    assert report.content_object == hh_message
    assert (report.status, report.comment) == (Report.Status.OPEN, "Reklame")


def test_the_report_form_shows_the_message_and_a_post_creates_the_report(
    client, hh_message, reader
):
    client.force_login(reader)
    url = reverse("community:message_report", args=[hh_message.pk])

    page = client.get(url)
    response = client.post(
        url, {"reason": "harassment", "comment": "Ubehagelig", "next": "/medlemmer/varsler/"}
    )

    assert page.status_code == 200
    assert "Kjøp billige klokker her!" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/medlemmer/varsler/"
    report = Report.objects.get()
    assert (report.reason, report.comment, report.reporter) == ("harassment", "Ubehagelig", reader)


def test_after_reporting_the_member_is_thanked(client, hh_message, reader):
    client.force_login(reader)

    response = client.post(
        reverse("community:message_report", args=[hh_message.pk]), {"reason": "spam"}, follow=True
    )

    assert "Thank you. The moderators will look at it." in response.content.decode()


def test_a_next_address_on_another_site_is_not_followed(client, hh_message, reader):
    client.force_login(reader)

    response = client.post(
        reverse("community:message_report", args=[hh_message.pk]),
        {"reason": "spam", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("community:dashboard")


def test_an_invalid_report_form_is_shown_again_with_the_text_kept(client, hh_message, reader):
    client.force_login(reader)

    response = client.post(
        reverse("community:message_report", args=[hh_message.pk]), {"comment": "Min kommentar"}
    )

    assert response.status_code == 200
    assert "Min kommentar" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_stranger_gets_404_and_nothing_is_reported(client, hh_message, hs_alumnus, method):
    client.force_login(hs_alumnus)

    response = getattr(client, method)(
        reverse("community:message_report", args=[hh_message.pk]), {"reason": "spam"}
    )

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_a_member_who_joined_after_the_message_cannot_report_it(hh_message):
    newcomer = make_member("ny@example.no", display_name="Nina Ny")
    Participant.objects.create(conversation=hh_message.conversation, user=newcomer)

    with pytest.raises(ContentNotFound):
        report_on(hh_message, newcomer)


def test_a_member_who_left_the_conversation_cannot_report_its_messages(hh_message, reader):
    Participant.objects.filter(user=reader).update(left_at=timezone.now())

    with pytest.raises(ContentNotFound):
        report_on(hh_message, reader)
    assert not Report.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, hh_message):
    response = client.get(reverse("community:message_report", args=[hh_message.pk]))

    assert response.status_code == 302
    assert not Report.objects.exists()


def test_a_member_cannot_report_their_own_message(client, hh_message, hh_alumnus):
    with pytest.raises(ReportRefused):
        report_on(hh_message, hh_alumnus)
    client.force_login(hh_alumnus)

    response = client.post(
        reverse("community:message_report", args=[hh_message.pk]), {"reason": "spam"}, follow=True
    )

    assert "You cannot report something you wrote yourself." in response.content.decode()
    assert not Report.objects.exists()


def test_a_second_open_report_on_the_same_message_is_refused_politely(hh_message, reader):
    report_on(hh_message, reader)

    with pytest.raises(ReportRefused, match="already reported"):
        report_on(hh_message, reader, reason=Report.Reason.OTHER)
    assert Report.objects.count() == 1


def test_the_21st_report_within_24_hours_is_refused_and_allowed_again_a_day_later(
    hh_alumnus, reader
):
    conversation = conversation_with(hh_alumnus, reader)
    messages = [write(conversation, hh_alumnus, f"Melding {n}") for n in range(REPORTS_PER_DAY + 1)]
    with freeze_time("2026-03-02 10:00"):
        for message in messages[:REPORTS_PER_DAY]:
            report_on(message, reader)
    with freeze_time("2026-03-03 09:59"), pytest.raises(ReportRefused, match="24 hours"):
        report_on(messages[-1], reader)
    assert Report.objects.count() == REPORTS_PER_DAY

    with freeze_time("2026-03-03 10:01"):
        report_on(messages[-1], reader)
    assert Report.objects.count() == REPORTS_PER_DAY + 1


def test_three_reports_from_different_members_hide_the_message(hh_message, reader):
    second, third = other_readers(hh_message.conversation, 2)

    report_on(hh_message, reader)
    report_on(hh_message, second)
    assert not refreshed(hh_message).is_hidden

    report_on(hh_message, third)
    assert refreshed(hh_message).is_hidden


# --- Deciding ------------------------------------------------------------------------------------


def hidden_by_three_reports(message, reader):
    readers = [reader, *other_readers(message.conversation, 2)]
    reports = [report_on(message, user) for user in readers]
    assert refreshed(message).is_hidden
    return reports


def test_dismissing_shows_a_message_hidden_by_reports_again_and_closes_them_all(
    hh_message, reader, coordinator_hh
):
    reports = hidden_by_three_reports(hh_message, reader)

    assert decide_report(reports[0], coordinator_hh, Report.Action.DISMISS, note="Ikke spam")

    assert not refreshed(hh_message).is_hidden
    for report in reports:
        report.refresh_from_db()
        assert report.status == Report.Status.DISMISSED
        assert report.action == Report.Action.DISMISS
        assert report.decided_by == coordinator_hh
        assert report.decision_note == "Ikke spam"
        assert report.decided_at is not None


def test_dismissing_does_not_show_a_message_a_moderator_hid(hh_message, reader, coordinator_hh):
    decide_report(report_on(hh_message, reader), coordinator_hh, Report.Action.HIDE)
    second = other_readers(hh_message.conversation, 1)[0]

    decide_report(report_on(hh_message, second), coordinator_hh, Report.Action.DISMISS)

    assert refreshed(hh_message).is_hidden


def test_warning_mails_the_reported_member_without_naming_the_reporter(
    hh_message, reader, coordinator_hh, hh_alumnus
):
    hh_alumnus.preferred_language = "en"
    hh_alumnus.save()
    report = report_on(hh_message, reader)

    decide_report(report, coordinator_hh, Report.Action.WARN, note="Ingen reklame her.")

    assert len(mail.outbox) == 1
    warning = mail.outbox[0]
    assert warning.to == [hh_alumnus.email]
    assert warning.subject == "A warning from the USN Alumni moderators"
    assert "Kjøp billige klokker her!" in warning.body
    assert "Ingen reklame her." in warning.body
    html = warning.alternatives[0][0]
    for text in (warning.body, html):
        assert "Lise" not in text and reader.email not in text
    assert refreshed(report).status == Report.Status.ACTIONED
    assert not refreshed(hh_message).is_hidden


def test_hiding_hides_the_message(hh_message, reader, coordinator_hh):
    report = report_on(hh_message, reader)

    decide_report(report, coordinator_hh, Report.Action.HIDE)

    assert refreshed(hh_message).is_hidden
    assert (refreshed(report).status, report.action) == (Report.Status.ACTIONED, "hide")
    assert mail.outbox == []


def test_suspending_until_lifted_stops_the_member_messaging(
    hh_message, reader, coordinator_hh, hh_alumnus
):
    report = report_on(hh_message, reader)

    decide_report(report, coordinator_hh, Report.Action.SUSPEND, note="Gjentatt spam")

    suspension = MessagingSuspension.objects.get(user=hh_alumnus)
    assert (suspension.ends_at, suspension.report, suspension.created_by) == (
        None,
        report,
        coordinator_hh,
    )
    assert is_suspended(hh_alumnus)
    assert refreshed(hh_message).is_hidden


def test_a_suspension_for_some_days_ends(hh_message, reader, coordinator_hh, hh_alumnus):
    with freeze_time("2026-03-02 10:00"):
        decide_report(
            report_on(hh_message, reader), coordinator_hh, Report.Action.SUSPEND, suspend_days=7
        )
        assert is_suspended(hh_alumnus)
    with freeze_time("2026-03-09 09:59"):
        assert is_suspended(hh_alumnus)
    with freeze_time("2026-03-09 10:01"):
        assert not is_suspended(hh_alumnus)


def test_a_decided_report_is_not_decided_again(hh_message, reader, coordinator_hh, hh_alumnus):
    report = report_on(hh_message, reader)
    decide_report(report, coordinator_hh, Report.Action.DISMISS)

    assert not decide_report(report, coordinator_hh, Report.Action.SUSPEND)
    assert not MessagingSuspension.objects.exists()


def test_the_decision_is_in_the_audit_log_without_names(hh_message, reader, coordinator_hh):
    report = report_on(hh_message, reader)

    decide_report(report, coordinator_hh, Report.Action.HIDE)

    entry = ModelLogEntry.objects.get(action="community.report_decided")
    assert (entry.user, entry.object_id) == (coordinator_hh, str(report.pk))
    assert "Hanne" not in entry.label and "Lise" not in entry.label


def test_the_same_member_may_report_again_after_a_decision(hh_message, reader, coordinator_hh):
    decide_report(report_on(hh_message, reader), coordinator_hh, Report.Action.DISMISS)

    report_on(hh_message, reader)

    assert Report.objects.filter(status=Report.Status.OPEN).count() == 1


# --- Who sees which reports (C3) -----------------------------------------------------------------


@pytest.fixture
def hs_report(hs_alumnus, reader):
    message = write(conversation_with(hs_alumnus, reader), hs_alumnus, "Melding fra HS")
    return report_on(message, reader)


@pytest.fixture
def hh_report(hh_message, reader):
    return report_on(hh_message, reader)


def test_a_coordinator_moderates_reports_about_their_faculty_members_only(
    coordinator_hh, hh_report, hs_report
):
    assert list(reports_for_moderator(coordinator_hh)) == [hh_report]


def test_the_hh_coordinator_lists_reports_about_hh_members_but_not_hs_members(
    client, coordinator_hh, hh_report, hs_report
):
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("reports:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hanne HH" in page and "Kjøp billige klokker" in page
    assert "Sindre HS" not in page and "Melding fra HS" not in page


def test_an_administrator_lists_every_report(client, superuser, hh_report, hs_report):
    login_to_admin(client, superuser)

    page = client.get(reverse("reports:index")).content.decode()

    assert "Hanne HH" in page and "Sindre HS" in page


def test_open_reports_are_listed_first_and_can_be_filtered(
    client, superuser, coordinator_hh, hh_report, hs_report
):
    decide_report(hs_report, superuser, Report.Action.DISMISS)
    Report.objects.filter(pk=hh_report.pk).update(created_at="2020-01-01T00:00:00Z")
    login_to_admin(client, superuser)

    page = client.get(reverse("reports:index")).content.decode()
    open_only = client.get(reverse("reports:index"), {"status": "open"}).content.decode()
    harassment = client.get(reverse("reports:index"), {"reason": "harassment"}).content.decode()

    assert page.index("Hanne HH") < page.index("Sindre HS")
    assert "Hanne HH" in open_only and "Sindre HS" not in open_only
    assert "Hanne HH" not in harassment and "Sindre HS" not in harassment


@pytest.mark.parametrize(
    ("method", "name"), [("get", "review"), ("post", "decide"), ("get", "decide")]
)
def test_a_coordinator_of_another_faculty_is_refused_and_nothing_changes(
    client, coordinator_hh, hs_report, method, name
):
    login_to_admin(client, coordinator_hh)

    response = getattr(client, method)(
        reverse(f"reports:{name}", args=[hs_report.pk]), {"action": "suspend", "note": "Nei"}
    )

    assert response.status_code == 403
    assert "Melding fra HS" not in response.content.decode()
    assert refreshed(hs_report).status == Report.Status.OPEN
    assert not MessagingSuspension.objects.exists()
    assert mail.outbox == []


def test_an_unknown_report_is_a_404(client, coordinator_hh):
    login_to_admin(client, coordinator_hh)

    assert client.get(reverse("reports:review", args=[999999])).status_code == 404


def test_a_plain_member_has_no_access_to_the_report_queue(client, reader, hh_report):
    client.force_login(reader)

    for url in (
        reverse("reports:index"),
        reverse("reports:review", args=[hh_report.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Kjøp billige klokker" not in response.content.decode()
    response = client.post(reverse("reports:decide", args=[hh_report.pk]), {"action": "hide"})
    assert response.status_code in (302, 403)
    assert refreshed(hh_report).status == Report.Status.OPEN


def test_an_editor_cannot_open_the_reports(client, editor, hh_report):
    login_to_admin(client, editor)

    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:review", args=[hh_report.pk])).status_code == 403


# --- The review page and deciding in the admin ---------------------------------------------------


def test_the_review_page_shows_the_snapshot_the_count_and_the_member_history(
    client, coordinator_hh, hh_report, hh_message, hh_alumnus
):
    second = other_readers(hh_message.conversation, 1)[0]
    report_on(hh_message, second)
    earlier = write(hh_message.conversation, hh_alumnus, "Tidligere melding")
    decide_report(report_on(earlier, second), coordinator_hh, Report.Action.SUSPEND)
    login_to_admin(client, coordinator_hh)

    response = client.get(reverse("reports:review", args=[hh_report.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kjøp billige klokker her!" in page
    assert "Reported by 2 members." in page
    assert "Reports about other content</dt><dd>1</dd>" in page
    assert "Messaging suspensions</dt><dd>1</dd>" in page
    assert "Lise Leser" not in page and "leser@example.no" not in page


def test_a_snapshot_with_markup_is_escaped_on_the_review_page(
    client, superuser, hh_alumnus, reader
):
    message = write(
        conversation_with(hh_alumnus, reader), hh_alumnus, "<script>alert(1)</script>\nlinje 2"
    )
    report = report_content(reader, message, Report.Reason.OTHER, "<img src=x onerror=alert(1)>")
    login_to_admin(client, superuser)

    page = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    listing = client.get(reverse("reports:index")).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>linje 2" in page
    assert "<img src=x" not in page
    assert "<script>alert(1)" not in listing


def test_a_coordinator_suspends_a_member_from_the_review_page(
    client, coordinator_hh, hh_report, hh_message, hh_alumnus
):
    login_to_admin(client, coordinator_hh)

    response = client.post(
        reverse("reports:decide", args=[hh_report.pk]),
        {"action": "suspend", "note": "Spam", "suspend_days": "14"},
    )

    assert response.status_code == 302
    assert refreshed(hh_report).status == Report.Status.ACTIONED
    assert refreshed(hh_report).decided_by == coordinator_hh
    suspension = MessagingSuspension.objects.get(user=hh_alumnus)
    assert suspension.ends_at - suspension.starts_at == timedelta(days=14)
    assert refreshed(hh_message).is_hidden


def test_a_decision_without_an_action_is_shown_again_and_changes_nothing(
    client, coordinator_hh, hh_report
):
    login_to_admin(client, coordinator_hh)

    response = client.post(reverse("reports:decide", args=[hh_report.pk]), {"note": "Hm"})

    assert response.status_code == 200
    assert refreshed(hh_report).status == Report.Status.OPEN


def test_a_decided_report_shows_no_decision_form(client, coordinator_hh, hh_report):
    decide_report(hh_report, coordinator_hh, Report.Action.DISMISS)
    login_to_admin(client, coordinator_hh)

    page = client.get(reverse("reports:review", args=[hh_report.pk])).content.decode()

    assert reverse("reports:decide", args=[hh_report.pk]) not in page


def test_the_reports_listing_runs_the_same_queries_for_10_and_30_reports(
    client, coordinator_hh, hh_alumnus
):
    def add_reports(count, prefix):
        for n in range(count):
            user = make_member(f"{prefix}{n}@example.no", display_name=f"{prefix} {n}")
            message = write(conversation_with(hh_alumnus, user), hh_alumnus, f"{prefix} {n}")
            report_on(message, user)

    add_reports(10, "a")
    login_to_admin(client, coordinator_hh)
    client.get(reverse("reports:index"))  # warm per-process caches
    with CaptureQueriesContext(connection) as ten:
        client.get(reverse("reports:index"))
    add_reports(20, "b")

    with CaptureQueriesContext(connection) as thirty:
        response = client.get(reverse("reports:index"))

    assert response.content.decode().count('href="/admin/reports/') >= 30
    assert len(thirty) == len(ten)


def test_the_listing_counts_the_reports_on_each_message(client, superuser, hh_message, reader):
    for user in [reader, *other_readers(hh_message.conversation, 1)]:
        report_on(hh_message, user)
    login_to_admin(client, superuser)

    response = client.get(reverse("reports:index"))

    counts = {report.content_reports for report in response.context["object_list"]}
    assert counts == {2}


def test_reports_point_at_their_message_through_its_content_type(hh_report, hh_message):
    assert hh_report.content_type == ContentType.objects.get_for_model(Message)
    assert hh_report.object_id == hh_message.pk
