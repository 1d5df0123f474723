"""The notification service: in-page notifications, mail by each member's settings (E10),
digests, marking read, the settings page and the bell."""

import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from freezegun import freeze_time

from community.models import Frequency, Notification, NotificationKind, NotificationSetting
from community.notifications import notify

SETTINGS_PATH = "/medlemmer/varsler/innstillinger/"


def choose(user, kind, frequency):
    NotificationSetting.objects.update_or_create(
        user=user, kind=kind, defaults={"frequency": frequency}
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries


@pytest.mark.django_db
def test_for_user_fills_in_defaults_in_one_query(member, django_assert_num_queries):
    choose(member, NotificationKind.JOB, Frequency.OFF)
    with django_assert_num_queries(1):
        chosen = NotificationSetting.objects.for_user(member)
    assert chosen == {
        "message": "immediate",
        "group": "daily",
        "event": "daily",
        "mentoring": "daily",
        "job": "off",
    }


@pytest.mark.django_db
def test_e10_immediate_mail_when_set_to_immediate(member):
    notification = notify(member, NotificationKind.MESSAGE, "Ny melding fra Ola", "/m/1/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "Ny melding fra Ola" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


@pytest.mark.parametrize("frequency", [Frequency.OFF, Frequency.DAILY, Frequency.WEEKLY])
@pytest.mark.django_db
def test_e10_no_immediate_mail_unless_set_to_immediate(member, frequency):
    choose(member, NotificationKind.MESSAGE, frequency)
    notify(member, NotificationKind.MESSAGE, "Ny melding fra Ola", "/m/1/")
    assert not mail.outbox
    assert Notification.objects.filter(recipient=member).count() == 1  # still under the bell


@pytest.mark.django_db
def test_group_activity_waits_for_the_daily_digest_by_default(member):
    notify(member, NotificationKind.GROUP, "Nytt innlegg i gruppa", "/g/1/")
    assert not mail.outbox


@pytest.mark.django_db
def test_inactive_member_gets_no_notification_and_no_mail(member):
    member.is_active = False
    member.save()
    assert notify(member, NotificationKind.MESSAGE, "Ny melding", "/m/1/") is None
    assert not Notification.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://evil.example/", "//evil.example/"])
@pytest.mark.django_db
def test_notification_links_must_be_paths_on_this_site(member, url):
    with pytest.raises(ValueError):
        notify(member, NotificationKind.MESSAGE, "Ny melding", url)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_plain_text_mail_is_not_html_escaped(member):
    notify(member, NotificationKind.MESSAGE, "Ny melding fra Ola & Kari", "/m/1/")
    assert "Ola & Kari" in mail.outbox[0].subject
    assert "Ola & Kari" in mail.outbox[0].body
    assert "Ola &amp; Kari" in mail.outbox[0].alternatives[0][0]


@pytest.mark.django_db
def test_repeats_with_a_dedupe_key_collapse_and_mail_once(member):
    notify(member, NotificationKind.MESSAGE, "1 ny melding", "/m/1/", dedupe_key="conv:1")
    notify(member, NotificationKind.MESSAGE, "2 nye meldinger", "/m/1/", dedupe_key="conv:1")
    assert list(Notification.objects.values_list("title", flat=True)) == ["2 nye meldinger"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_notification_mail_is_transactional_and_links_to_settings(member):
    notify(member, NotificationKind.MESSAGE, "Ny melding", "/m/1/")
    message = mail.outbox[0]
    assert "List-Unsubscribe-Post" not in message.extra_headers
    assert "List-Unsubscribe" not in message.extra_headers
    assert SETTINGS_PATH in message.body
    assert SETTINGS_PATH in message.alternatives[0][0]


@pytest.mark.django_db
def test_e10_daily_digest_lists_only_daily_kinds_and_is_sent_once(member):
    choose(member, NotificationKind.JOB, Frequency.WEEKLY)
    choose(member, NotificationKind.EVENT, Frequency.OFF)
    with freeze_time("2026-03-02 10:00"):
        notify(member, NotificationKind.GROUP, "Nytt innlegg i Økonomi-gruppa", "/g/1/")
        notify(member, NotificationKind.MENTORING, "Forespørsel om mentor", "/mentor/1/")
        notify(member, NotificationKind.JOB, "Ny stilling: controller", "/jobb/1/")
        notify(member, NotificationKind.EVENT, "Alumnidagen er flyttet", "/arr/1/")
    with freeze_time("2026-03-03 06:00"):
        call_command("send_notification_digests", frequency="daily")
        call_command("send_notification_digests", frequency="daily")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Nytt innlegg i Økonomi-gruppa" in body
    assert "Forespørsel om mentor" in body
    assert "controller" not in body
    assert "Alumnidagen" not in body
    assert SETTINGS_PATH in body
    assert "List-Unsubscribe-Post" not in mail.outbox[0].extra_headers


@pytest.mark.django_db
def test_daily_digest_skips_what_was_read_and_catches_later_notifications(member):
    with freeze_time("2026-03-02 10:00"):
        read = notify(member, NotificationKind.GROUP, "Allerede lest", "/g/1/")
        Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    with freeze_time("2026-03-03 06:00"):
        call_command("send_notification_digests", frequency="daily")
        assert not mail.outbox
        notify(member, NotificationKind.GROUP, "Kom etter forrige sammendrag", "/g/2/")
    with freeze_time("2026-03-04 06:00"):
        call_command("send_notification_digests", frequency="daily")
    assert len(mail.outbox) == 1
    assert "Kom etter forrige sammendrag" in mail.outbox[0].body
    assert "Allerede lest" not in mail.outbox[0].body


@pytest.mark.django_db
def test_e10_weekly_digest_lists_only_weekly_kinds_and_is_sent_once(member):
    choose(member, NotificationKind.JOB, Frequency.WEEKLY)
    with freeze_time("2026-03-02 10:00"):
        notify(member, NotificationKind.JOB, "Ny stilling: controller", "/jobb/1/")
        notify(member, NotificationKind.GROUP, "Nytt innlegg i gruppa", "/g/1/")
    with freeze_time("2026-03-09 06:00"):
        call_command("send_notification_digests", frequency="weekly")
        call_command("send_notification_digests", frequency="weekly")
    assert len(mail.outbox) == 1
    assert "controller" in mail.outbox[0].body
    assert "Nytt innlegg i gruppa" not in mail.outbox[0].body
    assert mail.outbox[0].subject == "Ditt ukentlige sammendrag fra USN Alumni"


@pytest.mark.django_db
def test_digest_skips_rows_another_run_claimed_first(member, monkeypatch):
    from community.notifications import service

    notify(member, NotificationKind.GROUP, "Nytt innlegg", "/g/1/")
    select_candidates = service.digest_candidates

    def candidates_then_another_run_claims(frequency, now):
        rows = list(select_candidates(frequency, now))
        Notification.objects.update(emailed_at=now - timedelta(seconds=1))
        return Notification.objects.filter(pk__in=[row.pk for row in rows])

    monkeypatch.setattr(service, "digest_candidates", candidates_then_another_run_claims)
    assert service.send_digests("daily") == 0
    assert not mail.outbox


@pytest.mark.django_db
def test_one_digest_per_member(member, hh_alumnus):
    for user in (member, hh_alumnus):
        notify(user, NotificationKind.GROUP, "Nytt innlegg", "/g/1/")
        notify(user, NotificationKind.EVENT, "Endret tidspunkt", "/arr/1/")
    call_command("send_notification_digests", frequency="daily")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [member.email, hh_alumnus.email]
    )


@pytest.mark.django_db
def test_stranger_gets_404_marking_anothers_notification_and_nothing_changes(
    client, member, hh_alumnus
):
    notification = notify(member, NotificationKind.GROUP, "Nytt innlegg", "/g/1/")
    client.force_login(hh_alumnus)
    response = client.post(reverse("community:notification_mark_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_member_marks_own_notification_read(client, member):
    notification = notify(member, NotificationKind.GROUP, "Nytt innlegg", "/g/1/")
    client.force_login(member)
    response = client.post(reverse("community:notification_mark_read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_mark_read_needs_post(client, member):
    notification = notify(member, NotificationKind.GROUP, "Nytt innlegg", "/g/1/")
    client.force_login(member)
    response = client.get(reverse("community:notification_mark_read", args=[notification.pk]))
    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_mark_all_read_touches_only_own_notifications(client, member, hh_alumnus):
    notify(member, NotificationKind.GROUP, "Mitt", "/g/1/")
    theirs = notify(hh_alumnus, NotificationKind.GROUP, "Deres", "/g/1/")
    client.force_login(member)
    client.post(reverse("community:notification_mark_all_read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_unread_count_endpoint_runs_one_query_beyond_session_and_user(client, member):
    for number in range(3):
        notify(member, NotificationKind.GROUP, f"Innlegg {number}", "/g/1/")
    client.force_login(member)
    queries = queries_for(client, reverse("community:notification_count"))
    sql = [query["sql"] for query in queries.captured_queries]
    # Counted: everything the request runs. Only one touches notifications; the rest are the
    # session and the signed-in user (plus allauth's user-session bookkeeping).
    assert len([q for q in sql if "community_notification" in q]) == 1
    others = [q for q in sql if "community_notification" not in q]
    assert all("django_session" in q or "accounts_user" in q for q in others), others
    assert len(queries) <= 3


@pytest.mark.django_db
def test_list_view_runs_the_same_queries_for_5_and_50_notifications(client, member):
    client.force_login(member)
    for number in range(5):
        notify(member, NotificationKind.GROUP, f"Innlegg {number}", "/g/1/")
    client.get(reverse("community:notification_list"))  # warms the menu and site caches
    few = len(queries_for(client, reverse("community:notification_list")))
    for number in range(45):
        notify(member, NotificationKind.GROUP, f"Innlegg {number}", "/g/1/")
    many = queries_for(client, reverse("community:notification_list"))
    assert len(many) == few


@pytest.mark.django_db
def test_list_shows_newest_first(client, member):
    with freeze_time("2026-03-01"):
        notify(member, NotificationKind.GROUP, "Eldst", "/g/1/")
    with freeze_time("2026-03-02"):
        notify(member, NotificationKind.GROUP, "Nyest", "/g/2/")
    client.force_login(member)
    content = client.get(reverse("community:notification_list")).content.decode()
    assert content.index("Nyest") < content.index("Eldst")


@pytest.mark.django_db
def test_settings_page_saves_and_renders_the_choice(client, member):
    client.force_login(member)
    page = client.get(reverse("community:notification_settings")).content.decode()
    assert page.count("<fieldset") == len(NotificationKind.choices)
    data = dict.fromkeys(NotificationKind.values, "daily") | {"job": "off"}
    response = client.post(reverse("community:notification_settings"), data, follow=True)
    assert NotificationSetting.objects.for_user(member)["job"] == "off"
    assert NotificationSetting.objects.for_user(member)["message"] == "daily"
    content = response.content.decode()
    assert "Varslingsinnstillingene dine er lagret." in content
    assert re.search(r'<input[^>]*name="job" value="off"[^>]*checked', content)
    assert re.search(r'<input[^>]*name="message" value="daily"[^>]*checked', content)


@pytest.mark.django_db
def test_bell_shows_the_unread_count(client, member):
    for number in range(3):
        notify(member, NotificationKind.GROUP, f"Innlegg {number}", "/g/1/")
    client.force_login(member)
    content = client.get(reverse("community:dashboard")).content.decode()
    assert "Varsler, 3 uleste" in content
    assert '<span class="badge">3</span>' in content


@pytest.mark.django_db
def test_no_bell_for_visitors(client, home):
    content = client.get("/").content.decode()
    assert reverse("community:notification_list") not in content


@pytest.mark.django_db
def test_erasure_deletes_notifications_and_settings(member):
    from accounts.registry import erase_user, export_user

    notify(member, NotificationKind.GROUP, "Nytt innlegg", "/g/1/")
    choose(member, NotificationKind.JOB, Frequency.OFF)
    exported = export_user(member)
    assert exported["community.Notification"][0]["title"] == "Nytt innlegg"
    assert exported["community.NotificationSetting"] == [{"kind": "job", "frequency": "off"}]
    erase_user(member)
    assert not Notification.objects.filter(recipient=member).exists()
    assert not NotificationSetting.objects.filter(user=member).exists()


def test_a_frequency_given_for_one_notification_overrides_the_kind_setting(db, mailoutbox):
    """A group's "every new thread" mails at once although the member chose daily for groups,
    and a group set to weekly waits for the weekly digest, not the daily one."""
    from community.notifications.service import send_digests
    from tests.community.conftest import make_member

    member = make_member("frekvens@example.no")
    NotificationSetting.objects.create(user=member, kind="group", frequency=Frequency.DAILY)
    notify(member, "group", "Ny tråd i Økonomigruppa", "/medlemmer/", frequency="immediate")
    assert len(mailoutbox) == 1
    weekly = notify(member, "group", "Ny tråd i Revisorgruppa", "/medlemmer/", frequency="weekly")
    assert weekly.emailed_at is None
    assert send_digests("daily") == 0
    assert send_digests("weekly") == 1
    assert "Revisorgruppa" in mailoutbox[-1].body
    assert Notification.objects.get(pk=weekly.pk).emailed_at is not None
