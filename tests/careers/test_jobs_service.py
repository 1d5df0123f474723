"""The job board's rules: who posts, when a posting waits for review, when it is published and
until when, editing, renewing and closing, expiry with its notice (time frozen), job alerts, and
reports hiding a posting at three (SECURITY.md M5, E10)."""

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from freezegun import freeze_time

from careers.jobs import alerts, policy, service
from careers.jobs.factories import JobPostingFactory, SavedJobSearchFactory
from careers.models import JobPosting, JobStatus, JobType, SavedJobSearch, TrustedJobPoster
from community.models import (
    Frequency,
    InterestTag,
    Notification,
    NotificationKind,
    NotificationSetting,
    Report,
)
from community.moderation.service import ReportRefused, decide_report, report_content
from home.models import Faculty
from tests.community.conftest import make_member

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Oslo

pytestmark = pytest.mark.django_db


@pytest.fixture
def poster(db):
    return make_member("poster@example.no", programme_code="MØA", display_name="Petter Poster")


@pytest.fixture
def editor_user(editor):
    return editor


def new_posting(**fields):
    defaults = dict(
        title="Controller",
        employer="Telemark Kraft AS",
        location="Skien",
        job_type=JobType.FULL_TIME,
        description="Vi søker en controller.",
        apply_url="https://jobb.example.no/controller",
    )
    return JobPosting(**{**defaults, **fields})


# --- Posting ------------------------------------------------------------------------------------


def test_only_verified_members_may_post(poster):
    unverified = make_member("ny@example.no", verified=False)
    assert policy.may_post(poster)
    assert not policy.may_post(unverified)


@freeze_time(NOW)
def test_a_members_posting_waits_for_review(poster):
    posting = service.submit_posting(new_posting(), poster)

    assert posting.status == JobStatus.PENDING
    assert posting.published_at is None
    assert posting.expires_at is None
    assert not JobPosting.objects.published().exists()


@freeze_time(NOW)
def test_a_trusted_posters_posting_is_published_at_once(poster):
    TrustedJobPoster.objects.create(user=poster)

    posting = service.submit_posting(new_posting(), poster)

    assert posting.status == JobStatus.PUBLISHED
    assert posting.published_at == NOW
    assert list(JobPosting.objects.published()) == [posting]


@freeze_time(NOW)
def test_an_editors_posting_from_the_admin_is_published_at_once(editor):
    posting = service.submit_posting(new_posting(), editor, by_staff=True)
    assert posting.status == JobStatus.PUBLISHED


@freeze_time(NOW)
def test_a_posting_expires_at_the_end_of_its_deadline_in_oslo(poster):
    posting = service.submit_posting(new_posting(deadline=date(2026, 3, 20)), poster, by_staff=True)
    assert posting.expires_at == datetime(2026, 3, 21, 0, 0, tzinfo=OSLO)


@freeze_time(NOW)
def test_a_posting_without_deadline_expires_after_60_days(poster):
    posting = service.submit_posting(new_posting(), poster, by_staff=True)
    assert posting.expires_at == NOW + timedelta(days=60)


@freeze_time(NOW)
def test_a_far_deadline_is_capped_at_60_days(poster):
    posting = service.submit_posting(
        new_posting(deadline=date(2026, 12, 31)), poster, by_staff=True
    )
    assert posting.expires_at == NOW + timedelta(days=60)


@freeze_time(NOW)
def test_relations_are_saved(poster, faculties):
    tag = InterestTag.objects.create(name="Økonomi og finans", slug="okonomi", curated=True)
    posting = service.submit_posting(
        new_posting(), poster, topics=[tag], faculties=[faculties["HH"]], programmes=[]
    )
    assert list(posting.topics.all()) == [tag]
    assert list(posting.faculties.all()) == [faculties["HH"]]


# --- Review -------------------------------------------------------------------------------------


@freeze_time(NOW)
def test_approving_publishes_and_mails_the_poster(poster, editor):
    posting = service.submit_posting(new_posting(deadline=date(2026, 3, 31)), poster)

    assert service.approve_posting(posting, editor)

    posting.refresh_from_db()
    assert posting.status == JobStatus.PUBLISHED
    assert posting.published_at == NOW
    assert posting.expires_at == datetime(2026, 4, 1, 0, 0, tzinfo=OSLO)
    assert posting.reviewed_by == editor
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["poster@example.no"]
    assert "Controller" in mail.outbox[0].subject
    assert f"/karriere/jobber/{posting.pk}/" in mail.outbox[0].body


@freeze_time(NOW)
def test_rejecting_mails_the_note_in_the_posters_language(poster, editor):
    poster.preferred_language = "en"
    poster.save()
    posting = service.submit_posting(new_posting(), poster)

    assert service.reject_posting(posting, editor, "Lenken virker ikke.")

    posting.refresh_from_db()
    assert posting.status == JobStatus.REJECTED
    assert posting.review_note == "Lenken virker ikke."
    message = mail.outbox[0]
    assert "About your job posting" in message.subject
    assert "Lenken virker ikke." in message.body
    assert f"/en/karriere/jobber/{posting.pk}/endre/" in message.body


@freeze_time(NOW)
def test_a_decided_posting_is_not_decided_again(poster, editor):
    posting = service.submit_posting(new_posting(), poster)
    service.approve_posting(posting, editor)

    assert not service.reject_posting(posting, editor, "for sent")
    assert not service.approve_posting(posting, editor)
    posting.refresh_from_db()
    assert posting.status == JobStatus.PUBLISHED
    assert len(mail.outbox) == 1


@freeze_time(NOW)
def test_approving_with_trust_makes_the_next_posting_skip_review(poster, editor):
    posting = service.submit_posting(new_posting(), poster)
    service.approve_posting(posting, editor, trust_poster=True)

    assert TrustedJobPoster.objects.get(user=poster).granted_by == editor
    assert service.submit_posting(new_posting(), poster).status == JobStatus.PUBLISHED


@freeze_time(NOW)
def test_a_posting_past_its_deadline_cannot_be_approved(poster, editor):
    posting = service.submit_posting(new_posting(deadline=date(2026, 3, 5)), poster)
    with freeze_time(datetime(2026, 3, 6, 9, 0, tzinfo=OSLO)), pytest.raises(service.JobRefused):
        service.approve_posting(posting, editor)
    posting.refresh_from_db()
    assert posting.status == JobStatus.PENDING


def test_review_scope_editor_sees_all_coordinator_only_their_faculty(
    editor, coordinator_hh, coordinator_hs, faculties
):
    hh = JobPostingFactory(status=JobStatus.PENDING, faculties=[faculties["HH"]])
    hs = JobPostingFactory(status=JobStatus.PENDING, faculties=[faculties["HS"]])
    both = JobPostingFactory(status=JobStatus.PENDING, faculties=[faculties["HH"], faculties["HS"]])
    none = JobPostingFactory(status=JobStatus.PENDING)

    assert set(policy.reviewable_postings(editor)) == {hh, hs, both, none}
    assert set(policy.reviewable_postings(coordinator_hh)) == {hh, both}
    assert set(policy.reviewable_postings(coordinator_hs)) == {hs, both}
    assert policy.may_review(coordinator_hh, hh)
    assert not policy.may_review(coordinator_hh, hs)


# --- Editing ------------------------------------------------------------------------------------


def edit(posting, user, **changes):
    for name, value in changes.items():
        setattr(posting, name, value)
    return service.update_posting(posting, user, changes.keys())


@freeze_time(NOW)
def test_an_untrusted_edit_of_the_text_sends_a_published_posting_back_for_review(poster):
    posting = JobPostingFactory(posted_by=poster)

    edit(posting, poster, description="Betal 500 kr for å søke: https://svindel.example")

    posting.refresh_from_db()
    assert posting.status == JobStatus.PENDING
    assert not JobPosting.objects.published().exists()


@freeze_time(NOW)
def test_an_untrusted_edit_of_the_place_stays_published(poster):
    posting = JobPostingFactory(posted_by=poster)

    edit(posting, poster, location="Porsgrunn")

    posting.refresh_from_db()
    assert posting.status == JobStatus.PUBLISHED
    assert posting.location == "Porsgrunn"


@freeze_time(NOW)
def test_a_trusted_posters_edit_stays_published(poster):
    TrustedJobPoster.objects.create(user=poster)
    posting = JobPostingFactory(posted_by=poster)

    edit(posting, poster, apply_url="https://ny.example.no/soknad")

    posting.refresh_from_db()
    assert posting.status == JobStatus.PUBLISHED


@freeze_time(NOW)
def test_an_edited_expired_posting_with_new_text_needs_review_before_renewal(poster):
    posting = JobPostingFactory(posted_by=poster, status=JobStatus.EXPIRED)

    edit(posting, poster, title="Noe helt annet")

    assert posting.status == JobStatus.PENDING
    with pytest.raises(service.JobRefused):
        service.renew_posting(posting)


@freeze_time(NOW)
def test_an_edited_rejected_posting_is_sent_for_review_again(poster):
    posting = JobPostingFactory(posted_by=poster, status=JobStatus.REJECTED)

    edit(posting, poster, description="Rettet.")

    assert posting.status == JobStatus.PENDING


@freeze_time(NOW)
def test_moving_the_deadline_of_a_published_posting_moves_its_expiry(poster):
    posting = JobPostingFactory(posted_by=poster, deadline=date(2026, 3, 10))

    edit(posting, poster, deadline=date(2026, 3, 25))

    posting.refresh_from_db()
    assert posting.expires_at == datetime(2026, 3, 26, tzinfo=OSLO)


def test_a_closed_posting_cannot_be_edited(poster):
    posting = JobPostingFactory(posted_by=poster, status=JobStatus.CLOSED)
    with pytest.raises(service.JobRefused):
        edit(posting, poster, location="Bø")


# --- Renewing and closing -----------------------------------------------------------------------


@freeze_time(NOW)
def test_renewing_extends_to_60_days_from_now(poster):
    posting = JobPostingFactory(posted_by=poster, published_at=NOW - timedelta(days=58))
    posting.expiry_notice_sent_at = NOW
    posting.save()

    service.renew_posting(posting)

    assert posting.expires_at == NOW + timedelta(days=60)
    assert posting.expiry_notice_sent_at is None


@freeze_time(NOW)
def test_renewing_never_goes_past_the_deadline(poster):
    posting = JobPostingFactory(
        posted_by=poster,
        deadline=date(2026, 3, 20),
        status=JobStatus.EXPIRED,
        published_at=NOW - timedelta(days=61),
        expires_at=NOW - timedelta(days=1),
    )

    service.renew_posting(posting)

    assert posting.status == JobStatus.PUBLISHED
    assert posting.expires_at == datetime(2026, 3, 21, tzinfo=OSLO)


@freeze_time(NOW)
def test_renewing_is_refused_when_already_open_until_the_deadline(poster):
    posting = JobPostingFactory(posted_by=poster, deadline=date(2026, 3, 20))
    with pytest.raises(service.JobRefused, match="allerede åpen"):
        service.renew_posting(posting)


@freeze_time(NOW)
def test_renewing_is_refused_after_the_deadline(poster):
    posting = JobPostingFactory(
        posted_by=poster,
        deadline=date(2026, 2, 20),
        status=JobStatus.EXPIRED,
        published_at=NOW - timedelta(days=20),
        expires_at=datetime(2026, 2, 21, tzinfo=OSLO),
    )
    with pytest.raises(service.JobRefused, match="Søknadsfristen er passert"):
        service.renew_posting(posting)
    posting.refresh_from_db()
    assert posting.status == JobStatus.EXPIRED


def test_a_pending_posting_cannot_be_renewed(poster):
    posting = JobPostingFactory(posted_by=poster, status=JobStatus.PENDING)
    with pytest.raises(service.JobRefused):
        service.renew_posting(posting)


def test_closing_is_final(poster):
    posting = JobPostingFactory(posted_by=poster)
    service.close_posting(posting)
    assert posting.status == JobStatus.CLOSED
    with pytest.raises(service.JobRefused):
        service.close_posting(posting)
    with pytest.raises(service.JobRefused):
        service.renew_posting(posting)


# --- Expiry -------------------------------------------------------------------------------------


def test_expiry_and_notice_over_time_mail_once_each(poster):
    with freeze_time(NOW):
        posting = JobPostingFactory(
            posted_by=poster, published_at=NOW, expires_at=NOW + timedelta(days=10)
        )

    with freeze_time(NOW + timedelta(days=6)):  # four days left: no notice yet
        call_command("expire_job_postings", stdout=io.StringIO())
        assert mail.outbox == []

    with freeze_time(NOW + timedelta(days=7, hours=1)):  # within three days: one notice
        assert service.send_expiry_notices() == 1
        assert service.send_expiry_notices() == 0
        assert service.expire_postings() == 0
    assert len(mail.outbox) == 1
    assert "utløper snart" in mail.outbox[0].subject
    assert f"/karriere/jobber/{posting.pk}/forny/" in mail.outbox[0].body

    with freeze_time(NOW + timedelta(days=10, seconds=1)):  # expired: one mail, run twice
        call_command("expire_job_postings", stdout=io.StringIO())
        call_command("expire_job_postings", stdout=io.StringIO())
        posting.refresh_from_db()
        assert posting.status == JobStatus.EXPIRED
        assert not JobPosting.objects.published().exists()
    assert len(mail.outbox) == 2
    expired_mail = mail.outbox[1]
    assert "er utløpt" in expired_mail.subject
    for path in ("forny", "endre", "lukk"):
        assert f"/karriere/jobber/{posting.pk}/{path}/" in expired_mail.body


def test_a_posting_past_expiry_is_not_listed_before_the_command_runs(poster):
    with freeze_time(NOW):
        JobPostingFactory(posted_by=poster, published_at=NOW, expires_at=NOW + timedelta(days=1))
    with freeze_time(NOW + timedelta(days=2)):
        assert not JobPosting.objects.published().exists()


def test_renewal_after_a_notice_allows_another_notice(poster):
    with freeze_time(NOW):
        posting = JobPostingFactory(
            posted_by=poster,
            published_at=NOW - timedelta(days=58),
            expires_at=NOW + timedelta(days=2),
        )
        assert service.send_expiry_notices() == 1
        service.renew_posting(posting)
    with freeze_time(NOW + timedelta(days=58)):
        assert service.send_expiry_notices() == 1


def test_the_task_runs_the_schedule(poster):
    from careers.jobs.tasks import run_job_board_schedule

    with freeze_time(NOW):
        JobPostingFactory(posted_by=poster, published_at=NOW, expires_at=NOW + timedelta(hours=1))
    with freeze_time(NOW + timedelta(hours=2)):
        result = run_job_board_schedule.enqueue().return_value
    assert result == {"expired": 1, "notices": 0, "alerts": 0}


# --- Reports (M5) -------------------------------------------------------------------------------


def test_three_reports_hide_a_posting_until_a_moderator_dismisses(poster, superuser):
    posting = JobPostingFactory(posted_by=poster)
    reporters = [make_member(f"leser{i}@example.no") for i in range(3)]

    report_content(reporters[0], posting, Report.Reason.SPAM)
    report_content(reporters[1], posting, Report.Reason.SPAM)
    posting.refresh_from_db()
    assert posting.hidden_at is None
    report = report_content(reporters[2], posting, Report.Reason.SPAM, "Ber om betaling")

    posting.refresh_from_db()
    assert posting.hidden_at is not None
    assert not JobPosting.objects.published().exists()
    assert report.reported_member == poster
    assert "Controller" not in report.snapshot and posting.title in report.snapshot

    decide_report(report, superuser, Report.Action.DISMISS)
    posting.refresh_from_db()
    assert posting.hidden_at is None


def test_a_poster_cannot_report_their_own_posting(poster):
    posting = JobPostingFactory(posted_by=poster)
    with pytest.raises(ReportRefused):
        report_content(poster, posting, Report.Reason.SPAM)


def test_messages_stay_reportable():
    from community.models import Message
    from community.moderation.service import REPORTABLE

    assert Message in REPORTABLE and JobPosting in REPORTABLE


# --- Job alerts (E10) ---------------------------------------------------------------------------


@pytest.fixture
def searcher(db):
    return make_member("kari.soker@example.no", programme_code="MØA")


def test_a_new_match_is_notified_once_not_twice(searcher, settings):
    with freeze_time(NOW):
        search = alerts.save_search(searcher, "Økonomi", {"q": "økonomi"})
        JobPostingFactory(title="Økonomisjef", published_at=NOW - timedelta(days=1))  # before

    with freeze_time(NOW + timedelta(hours=1)):
        match = JobPostingFactory(title="Økonomirådgiver", published_at=timezone.now())
        JobPostingFactory(title="Sykepleier", published_at=timezone.now())
        assert alerts.send_job_alerts() == 1
        assert alerts.send_job_alerts() == 0
        call_command("send_job_alerts", stdout=io.StringIO())

    notifications = Notification.objects.filter(recipient=searcher, kind=NotificationKind.JOB)
    assert notifications.count() == 1
    notification = notifications.get()
    assert notification.dedupe_key == f"job-alert-{search.pk}"
    assert "Økonomirådgiver" in notification.title
    assert notification.url == f"/karriere/jobber/{match.pk}/"


def test_a_posting_approved_late_still_reaches_the_alert(searcher, poster, editor):
    """Publishing order, not id order: a member's posting approved after an editor's newer one."""
    with freeze_time(NOW):
        alerts.save_search(searcher, "Alle", {})
        waiting = service.submit_posting(new_posting(title="Revisor"), poster)
    with freeze_time(NOW + timedelta(hours=1)):
        service.submit_posting(new_posting(title="Controller"), editor, by_staff=True)
        assert alerts.send_job_alerts() == 1
    with freeze_time(NOW + timedelta(hours=2)):
        service.approve_posting(waiting, editor)
        Notification.objects.update(read_at=timezone.now())
        assert alerts.send_job_alerts() == 1
    titles = list(Notification.objects.filter(recipient=searcher).values_list("title", flat=True))
    assert any("Revisor" in title for title in titles)


def test_the_off_setting_means_no_mail_but_the_notification(searcher):
    NotificationSetting.objects.create(user=searcher, kind=NotificationKind.JOB, frequency="off")
    with freeze_time(NOW):
        alerts.save_search(searcher, "Alle", {})
    with freeze_time(NOW + timedelta(hours=1)):
        JobPostingFactory(published_at=timezone.now())
        alerts.send_job_alerts()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=searcher, kind=NotificationKind.JOB).exists()


def test_the_immediate_setting_mails_the_alert(searcher):
    NotificationSetting.objects.create(
        user=searcher, kind=NotificationKind.JOB, frequency=Frequency.IMMEDIATE
    )
    with freeze_time(NOW):
        alerts.save_search(searcher, "Alle", {})
    with freeze_time(NOW + timedelta(hours=1)):
        JobPostingFactory(title="Markedssjef", published_at=timezone.now())
        JobPostingFactory(title="Markedsrådgiver", published_at=timezone.now())
        alerts.send_job_alerts()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kari.soker@example.no"]


def test_alert_filters_match_like_the_list(searcher, faculties):
    tag = InterestTag.objects.create(name="Ledelse", slug="ledelse", curated=True)
    with freeze_time(NOW):
        search = SavedJobSearchFactory(
            user=searcher,
            query={"topic": tag.pk, "faculty": faculties["HH"].pk, "job_type": "internship"},
        )
    with freeze_time(NOW + timedelta(hours=1)):
        JobPostingFactory(
            job_type="internship",
            topics=[tag],
            faculties=[faculties["HH"]],
            published_at=timezone.now(),
        )
        JobPostingFactory(job_type="internship", topics=[tag], published_at=timezone.now())
        JobPostingFactory(faculties=[faculties["HH"]], topics=[tag], published_at=timezone.now())
        assert alerts.new_matches(search).count() == 1


def test_an_inactive_members_alerts_are_skipped(searcher):
    with freeze_time(NOW):
        alerts.save_search(searcher, "Alle", {})
    searcher.is_active = False
    searcher.save()
    with freeze_time(NOW + timedelta(hours=1)):
        JobPostingFactory(published_at=timezone.now())
        assert alerts.send_job_alerts() == 0


def test_at_most_20_alerts_per_member(searcher):
    for i in range(alerts.MAX_SAVED_SEARCHES):
        alerts.save_search(searcher, f"Søk {i}", {"q": str(i)})
    with pytest.raises(alerts.AlertRefused):
        alerts.save_search(searcher, "En til", {})
    assert SavedJobSearch.objects.filter(user=searcher).count() == 20


def test_deleting_another_members_alert_deletes_nothing(searcher, poster):
    search = alerts.save_search(searcher, "Mitt", {})
    assert not alerts.delete_search(poster, search.pk)
    assert SavedJobSearch.objects.filter(pk=search.pk).exists()
    assert alerts.delete_search(searcher, search.pk)


def test_faculty_fixture_codes(faculties):
    assert set(faculties) >= {"HH", "HS"} and isinstance(faculties["HH"], Faculty)
