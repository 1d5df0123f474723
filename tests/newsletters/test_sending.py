"""Sending a campaign (SECURITY.md E1, E5, E9 and the frequency cap): who gets it, who is skipped
at send time and why, and that no row is ever sent twice."""

from datetime import timedelta
from email.utils import parseaddr
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from freezegun import freeze_time

from accounts.factories import UserFactory
from community.models import EducationRecord
from newsletters import consent, sending
from newsletters.factories import TopicFactory
from newsletters.models import (
    CampaignSend,
    CaptureMethod,
    CapturePoint,
    Delivery,
    DeliveryStatus,
    MailSettings,
    SendState,
    Suppression,
    SuppressionReason,
)

from .sending_helpers import make_campaign, subscribed

pytestmark = pytest.mark.django_db


def recipients():
    """The bare addresses the outbox went to (To: carries the person's name as well)."""
    return sorted(parseaddr(address)[1] for message in mail.outbox for address in message.to)


def test_a_due_campaign_reaches_every_consenting_subscriber_once_and_is_then_sent():
    campaign = make_campaign()
    people = subscribed(campaign.topics.get(), 3)
    started = sending.start_due_campaigns()
    assert [send.audience_count for send in started] == [3]
    stats = sending.run_worker("w1")
    assert stats.sent == 3
    assert len(mail.outbox) == 3
    assert recipients() == sorted(p.email for p in people)
    send = CampaignSend.objects.get(campaign=campaign)
    assert send.state == SendState.SENT and send.finished_at is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_campaign_scheduled_for_later_waits_until_its_time():
    campaign = make_campaign(send_at=timezone.now() + timedelta(hours=2))
    subscribed(campaign.topics.get(), 1)
    assert sending.start_due_campaigns() == []
    assert len(sending.start_due_campaigns(now=timezone.now() + timedelta(hours=3))) == 1


def test_starting_twice_freezes_the_audience_once():
    campaign = make_campaign()
    subscribed(campaign.topics.get(), 2)
    assert len(sending.start_due_campaigns()) == 1
    assert sending.start_due_campaigns() == []
    assert sending.start_campaign(campaign) is None
    assert Delivery.objects.filter(campaign=campaign).count() == 2
    sending.run_worker("w1")
    sending.run_worker("w2")
    assert len(mail.outbox) == 2


def test_a_draft_campaign_is_not_sent_and_a_live_one_sends_its_published_content():
    draft = make_campaign(live=False, title="Draft")
    subscribed(draft.topics.get(), 1)
    live = make_campaign(draft.topics.all(), title="Live")
    live.subject_nb = "Utkast som ikke er godkjent"
    live.save_revision()  # a newer draft of a live campaign stays in its revision
    started = sending.start_due_campaigns()
    assert [send.campaign_id for send in started] == [live.pk]
    sending.run_worker("w1")
    assert [message.subject for message in mail.outbox] == ["Nye kurs ved USN"]


def test_e1_withdrawing_after_the_audience_is_frozen_means_no_mail():
    campaign = make_campaign()
    keeps, leaves = subscribed(campaign.topics.get(), 2)
    sending.start_due_campaigns()
    consent.withdraw(
        leaves,
        [campaign.topics.get()],
        capture_point=CapturePoint.PREFERENCES,
        method=CaptureMethod.WEB_FORM,
    )
    sending.run_worker("w1")
    assert recipients() == [keeps.email]
    assert Delivery.objects.get(subscriber=leaves).status == DeliveryStatus.SKIPPED_CONSENT


def test_e5_an_unsubscribe_takes_effect_before_the_next_batch():
    campaign = make_campaign()
    people = subscribed(campaign.topics.get(), 4)
    sending.start_due_campaigns()
    first = sending.claim_batch("w1", 2)
    sending.send_batch("w1", first, sending.WorkerStats(), sending._Campaigns())
    later = [p for p in people if p.pk not in {row.subscriber_id for row in first}][0]
    consent.withdraw_all(
        later, capture_point=CapturePoint.ONE_CLICK, method=CaptureMethod.ONE_CLICK_POST
    )
    sending.run_worker("w1")
    assert len(mail.outbox) == 3
    assert later.email not in recipients()


def test_a_suppressed_address_is_skipped():
    campaign = make_campaign()
    keeps, bounced = subscribed(campaign.topics.get(), 2)
    sending.start_due_campaigns()
    Suppression.suppress(bounced.email.upper(), SuppressionReason.BOUNCED)
    sending.run_worker("w1")
    assert recipients() == [keeps.email]
    assert Delivery.objects.get(subscriber=bounced).status == DeliveryStatus.SKIPPED_SUPPRESSED


def test_the_frequency_cap_of_two_in_30_days_skips_a_third_campaign_and_the_31st_day_sends():
    topic = TopicFactory()
    (person,) = subscribed(topic, 1)
    assert MailSettings.load().marketing_cap == 2
    with freeze_time("2026-03-01 10:00"):
        make_campaign([topic], title="1")
        sending.start_due_campaigns()
        sending.run_worker("w1")
    with freeze_time("2026-03-10 10:00"):
        make_campaign([topic], title="2")
        sending.start_due_campaigns()
        sending.run_worker("w1")
    with freeze_time("2026-03-20 10:00"):
        third = make_campaign([topic], title="3")
        sending.start_due_campaigns()
        sending.run_worker("w1")
    assert len(mail.outbox) == 2
    assert Delivery.objects.get(campaign=third).status == DeliveryStatus.SKIPPED_CAP
    with freeze_time("2026-04-01 10:00"):  # 31 days after the first
        make_campaign([topic], title="4")
        sending.start_due_campaigns()
        sending.run_worker("w1")
    assert len(mail.outbox) == 3


def test_the_cap_set_by_administrators_applies():
    topic = TopicFactory()
    subscribed(topic, 1)
    settings_row = MailSettings.load()
    settings_row.marketing_cap = 1
    settings_row.save()
    for title in ("1", "2"):
        make_campaign([topic], title=title)
        sending.start_due_campaigns()
        sending.run_worker("w1")
    assert len(mail.outbox) == 1


def test_e9_two_workers_in_turn_never_send_a_row_twice():
    campaign = make_campaign()
    subscribed(campaign.topics.get(), 5)
    sending.start_due_campaigns()
    first = sending.claim_batch("w1", 3)
    second = sending.claim_batch("w2", 3)
    assert len(first) == 3 and len(second) == 2
    assert not {row.pk for row in first} & {row.pk for row in second}
    assert sending.claim_batch("w3", 3) == []
    sending.send_batch("w2", second, sending.WorkerStats(), sending._Campaigns())
    sending.send_batch("w1", first, sending.WorkerStats(), sending._Campaigns())
    assert len(mail.outbox) == 5
    assert len(set(recipients())) == 5
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5


def test_e9_a_dead_workers_claimed_rows_are_requeued_and_its_handing_row_counts_as_sent():
    campaign = make_campaign()
    subscribed(campaign.topics.get(), 4)
    sending.start_due_campaigns()
    rows = sending.claim_batch("dead", 4)
    handed = rows[0]
    Delivery.objects.filter(pk=handed.pk).update(
        status=DeliveryStatus.HANDING, sent_at=timezone.now()
    )
    # Before the lease runs out another worker leaves them alone...
    assert sending.recover("w2") == (0, 0)
    assert sending.claim_batch("w2", 10) == []
    # ...after it, the never-attempted rows go back and the handed one is not sent again.
    with freeze_time(timezone.now() + sending.LEASE + timedelta(seconds=1)):
        stats = sending.run_worker("w2")
    assert stats.sent == 3
    assert handed.subscriber.email not in recipients()
    assert Delivery.objects.get(pk=handed.pk).status == DeliveryStatus.SENT
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 4


def test_e9_a_restarted_worker_takes_back_its_own_rows_at_once():
    campaign = make_campaign()
    subscribed(campaign.topics.get(), 2)
    sending.start_due_campaigns()
    sending.claim_batch("w1", 2)
    assert sending.run_worker("w1").sent == 2


def test_e9_a_row_taken_back_meanwhile_is_not_handed_over_by_the_slow_worker():
    campaign = make_campaign()
    subscribed(campaign.topics.get(), 1)
    sending.start_due_campaigns()
    slow = sending.claim_batch("slow", 1)
    with freeze_time(timezone.now() + sending.LEASE + timedelta(seconds=1)):
        sending.run_worker("fast")
    stats = sending.WorkerStats()
    sending.send_batch("slow", slow, stats, sending._Campaigns())
    assert len(mail.outbox) == 1
    assert stats.sent == 0


def test_stop_leaves_the_rest_queued_and_no_worker_sends_it():
    campaign = make_campaign()
    subscribed(campaign.topics.get(), 5)
    sending.start_due_campaigns()
    first = sending.claim_batch("w1", 2)
    sending.send_batch("w1", first, sending.WorkerStats(), sending._Campaigns())
    sending.stop(campaign)
    sending.run_worker("w1")
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(status=DeliveryStatus.QUEUED).count() == 3
    assert CampaignSend.objects.get(campaign=campaign).state == SendState.CANCELLED


def test_a_campaign_stopped_before_its_time_never_starts():
    campaign = make_campaign(send_at=timezone.now() + timedelta(days=1))
    subscribed(campaign.topics.get(), 1)
    sending.stop(campaign)
    assert sending.start_due_campaigns(now=timezone.now() + timedelta(days=2)) == []


def test_mail_goes_out_in_the_recipients_language_with_a_norwegian_fallback():
    topic = TopicFactory()
    english = make_campaign([topic], title="en")
    (reader,) = subscribed(topic, 1, language="en")
    sending.start_due_campaigns()
    sending.run_worker("w1")
    assert mail.outbox[0].subject == "New courses at USN"
    norwegian_only = make_campaign([topic], english=False, title="nb")
    sending.start_due_campaigns()
    sending.run_worker("w1")
    assert mail.outbox[1].subject == "Nye kurs ved USN"
    assert Delivery.objects.get(campaign=norwegian_only).language == "nb"
    assert Delivery.objects.get(campaign=english, subscriber=reader).language == "en"


def test_c3_a_coordinators_faculty_narrowing_reaches_only_that_faculty(faculties):
    topic = TopicFactory()
    people = {}
    for code in ("HH", "TNM"):
        user = UserFactory()
        EducationRecord.objects.create(profile=user.profile, faculty=faculties[code])
        subscriber = consent.subscriber_for_user(user)
        consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
        consent.confirm(subscriber, [topic.pk])
        people[code] = user
    subscribed(topic, 1)  # a public-form subscriber has no faculty: not reached
    make_campaign([topic], faculty=faculties["HH"])
    sending.start_due_campaigns()
    sending.run_worker("w1")
    assert recipients() == [people["HH"].email]


def test_a_faculty_with_campaigns_switched_off_sends_nothing_until_switched_on(sections, faculties):
    topic = TopicFactory()
    user = UserFactory()
    EducationRecord.objects.create(profile=user.profile, faculty=faculties["TNM"])
    subscriber = consent.subscriber_for_user(user)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    consent.confirm(subscriber, [topic.pk])
    campaign = make_campaign([topic], faculty=faculties["TNM"])
    section = sections["TNM"]
    section.campaigns_enabled = False
    section.save_revision().publish()

    assert sending.start_due_campaigns() == []
    assert sending.start_campaign(campaign) is None
    sending.run_worker("w1")
    assert mail.outbox == []
    assert not CampaignSend.objects.exists()

    section.campaigns_enabled = True
    section.save_revision().publish()
    assert len(sending.start_due_campaigns()) == 1
    sending.run_worker("w1")
    assert recipients() == [user.email]


def test_a_member_deactivated_after_the_start_gets_nothing():
    topic = TopicFactory()
    user = UserFactory()
    subscriber = consent.subscriber_for_user(user)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    consent.confirm(subscriber, [topic.pk])
    make_campaign([topic])
    sending.start_due_campaigns()
    user.is_active = False
    user.save()
    sending.run_worker("w1")
    assert mail.outbox == []


def test_send_test_sends_each_language_to_me_only_and_leaves_no_trace():
    campaign = make_campaign()
    subscribed(campaign.topics.get(), 2)
    staff = UserFactory(email="redaktor@usn.no")
    campaign.subject_nb = "Nytt utkast"
    campaign.save_revision()
    assert sending.send_test(campaign, staff) == 2
    assert [m.subject for m in mail.outbox] == ["[TEST] Nytt utkast", "[TEST] New courses at USN"]
    assert recipients() == ["redaktor@usn.no", "redaktor@usn.no"]
    assert not Delivery.objects.exists()
    assert not CampaignSend.objects.exists()


def test_the_task_and_the_cron_command_start_and_send():
    from newsletters.tasks import send_campaigns

    campaign = make_campaign()
    subscribed(campaign.topics.get(), 2)
    result = send_campaigns.enqueue()
    assert result.return_value["sent"] == 2
    call_command("send_due_campaigns", stdout=StringIO())
    assert len(mail.outbox) == 2
