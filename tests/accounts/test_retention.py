"""Retention (SECURITY.md P4): each rule keeps data until its period has passed and purges it
just after, with time frozen; `purge_expired_data` runs every rule, `--dry-run` only counts."""

from datetime import UTC, datetime, timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from freezegun import freeze_time

from accounts import retention
from accounts.audit import record
from accounts.factories import UserFactory
from accounts.models import AuditAction, AuditEvent
from community.members import ensure_profile
from community.models import Notification, Profile
from events.factories import EventIndexPageFactory, EventPageFactory, EventRegistrationFactory
from events.models import EventRegistration, RegistrationStatus
from newsletters import consent
from newsletters.factories import TopicFactory
from newsletters.models import (
    CapturePoint,
    ConsentEvent,
    Subscriber,
    Suppression,
    WebhookEvent,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)

User = get_user_model()


def purge(name, now):
    return retention.apply(retention.get_rule(name), now)


def just_before(period):
    return T0 + period - MINUTE


def just_after(period):
    return T0 + period + MINUTE


def test_p4_every_rule_has_a_name_label_and_positive_period():
    names = {rule.name for rule in retention.rules()}
    assert {
        "unverified_signups",
        "unconfirmed_subscribers",
        "read_notifications",
        "webhook_events",
        "audit_log",
        "unconfirmed_event_visitors",
    } <= names
    for rule in retention.rules():
        assert str(rule.label)
        assert rule.period > timedelta(0)


def test_registering_a_rule_twice_is_refused():
    rule = retention.rules()[0]
    with pytest.raises(ValueError):
        retention.register_rule(rule.name, rule.label, rule.period, rule.purge)


# Unverified sign-ups: 30 days (required by P4).

SIGNUP = timedelta(days=30)


def signup(email="new@example.org", **extra):
    with freeze_time(T0):
        user = UserFactory(email=email, **extra)
        EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return user


def test_p4_an_unverified_signup_is_kept_until_30_days_have_passed():
    user = signup()
    assert purge("unverified_signups", just_before(SIGNUP)) == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_p4_an_unverified_signup_is_erased_through_the_registry_after_30_days():
    user = signup()
    ensure_profile(user)
    assert purge("unverified_signups", just_after(SIGNUP)) == 1
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="new@example.org").exists()
    assert not Profile.objects.filter(user_id=user.pk).exists()
    entry = AuditEvent.objects.get(action=AuditAction.ERASE)
    assert entry.subject is None and entry.actor is None
    assert entry.actor_label == "purge_expired_data"


def test_p4_a_signup_without_any_address_row_is_purged_too():
    with freeze_time(T0):
        user = UserFactory(email="bare@example.org")
    assert purge("unverified_signups", just_after(SIGNUP)) == 1
    assert not User.objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize(
    "kind", ["verified", "signed_in", "feide", "staff", "superuser", "in_a_group"]
)
def test_p4_accounts_that_became_real_are_never_purged_as_unverified(kind):
    user = signup()
    if kind == "verified":
        EmailAddress.objects.filter(user=user).update(verified=True)
    elif kind == "signed_in":
        User.objects.filter(pk=user.pk).update(last_login=T0 + timedelta(days=1))
    elif kind == "feide":
        SocialAccount.objects.create(user=user, provider="feide", uid="zq@usn.no")
    elif kind == "staff":
        User.objects.filter(pk=user.pk).update(is_staff=True)
    elif kind == "superuser":
        User.objects.filter(pk=user.pk).update(is_superuser=True)
    else:
        user.groups.add(Group.objects.create(name="Koordinatorer test"))
    assert purge("unverified_signups", T0 + timedelta(days=400)) == 0
    assert User.objects.filter(pk=user.pk).exists()


# Never-confirmed newsletter sign-ups: 30 days.

SUBSCRIBER = timedelta(days=30)


@pytest.fixture
def topics(db):
    return [TopicFactory(), TopicFactory()]


def public_signup(topics, email="besok@example.org"):
    with freeze_time(T0):
        subscriber = consent.subscriber_for_address(email, "Besøkende")
        consent.request_subscription(subscriber, topics, capture_point=CapturePoint.PUBLIC_FORM)
    return subscriber


def test_p4_a_never_confirmed_subscriber_is_kept_for_30_days(topics):
    subscriber = public_signup(topics)
    assert purge("unconfirmed_subscribers", just_before(SUBSCRIBER)) == 0
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_p4_a_never_confirmed_subscriber_goes_after_30_days_and_the_ledger_stays_without_them(
    topics,
):
    subscriber = public_signup(topics)
    requests = ConsentEvent.objects.filter(subscriber=subscriber).count()
    assert requests == 2
    assert purge("unconfirmed_subscribers", just_after(SUBSCRIBER)) == 1
    assert not Subscriber.objects.filter(email="besok@example.org").exists()
    assert ConsentEvent.objects.filter(subscriber__isnull=True).count() == requests
    # Never on a list: no suppression, and the address may sign up again.
    assert not Suppression.objects.exists()


def test_p4_a_subscriber_who_confirmed_one_topic_is_kept(topics):
    subscriber = public_signup(topics)
    consent.confirm(subscriber, [topics[0].pk])
    assert purge("unconfirmed_subscribers", T0 + timedelta(days=400)) == 0
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_p4_a_fresh_request_restarts_the_period(topics):
    subscriber = public_signup(topics)
    with freeze_time(T0 + timedelta(days=20)):
        consent.request_subscription(
            subscriber, [TopicFactory()], capture_point=CapturePoint.PUBLIC_FORM
        )
    assert purge("unconfirmed_subscribers", just_after(SUBSCRIBER)) == 0


def test_p4_a_members_pending_subscription_is_left_to_the_account(topics):
    with freeze_time(T0):
        subscriber = consent.subscriber_for_user(member())
        consent.request_subscription(subscriber, topics, capture_point=CapturePoint.PREFERENCES)
    assert purge("unconfirmed_subscribers", T0 + timedelta(days=400)) == 0
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


# Read notifications: 12 months.

NOTIFICATION = timedelta(days=365)


def member():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def notification(read):
    with freeze_time(T0):
        return Notification.objects.create(
            recipient=member(),
            kind="message",
            title="Ny melding",
            read_at=T0 + timedelta(hours=1) if read else None,
        )


def test_p4_a_read_notification_is_kept_for_12_months():
    kept = notification(read=True)
    assert purge("read_notifications", just_before(NOTIFICATION)) == 0
    assert Notification.objects.filter(pk=kept.pk).exists()


def test_p4_a_read_notification_goes_after_12_months():
    notification(read=True)
    assert purge("read_notifications", just_after(NOTIFICATION)) == 1
    assert not Notification.objects.exists()


def test_p4_an_unread_notification_stays():
    unread = notification(read=False)
    assert purge("read_notifications", T0 + timedelta(days=800)) == 0
    assert Notification.objects.filter(pk=unread.pk).exists()


# Mail provider webhook events: 90 days.

WEBHOOK = timedelta(days=90)


def webhook_event():
    with freeze_time(T0):
        return WebhookEvent.objects.create(
            event_id="ev-1", esp_name="postmark", event_type="bounce"
        )


def test_p4_a_webhook_event_is_kept_for_90_days():
    webhook_event()
    assert purge("webhook_events", just_before(WEBHOOK)) == 0
    assert WebhookEvent.objects.count() == 1


def test_p4_a_webhook_event_goes_after_90_days():
    webhook_event()
    assert purge("webhook_events", just_after(WEBHOOK)) == 1
    assert not WebhookEvent.objects.exists()


# Audit log: 5 years.

AUDIT = timedelta(days=5 * 365 + 1)


def audit_entry():
    with freeze_time(T0):
        return record(AuditAction.EXPORT, actor_label="test")


def test_p4_an_audit_entry_is_kept_for_5_years():
    audit_entry()
    assert purge("audit_log", just_before(AUDIT)) == 0
    assert AuditEvent.objects.count() == 1


def test_p4_an_audit_entry_goes_after_5_years():
    audit_entry()
    assert purge("audit_log", just_after(AUDIT)) == 1
    assert not AuditEvent.objects.exists()


# Visitors who never confirmed an event sign-up: when the link expires (3 days).

VISITOR = timedelta(days=3)


@pytest.fixture
def pending_visitor(home):
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, start=T0 + timedelta(days=30))
    with freeze_time(T0):
        return EventRegistrationFactory(
            event=event,
            user=None,
            visitor_name="Vera Visitor",
            visitor_email="vera@example.org",
            status=RegistrationStatus.PENDING,
        )


def test_p4_an_unconfirmed_visitor_is_kept_while_the_link_is_valid(pending_visitor):
    assert purge("unconfirmed_event_visitors", just_before(VISITOR)) == 0
    assert EventRegistration.objects.filter(pk=pending_visitor.pk).exists()


def test_p4_an_unconfirmed_visitor_goes_when_the_link_has_expired(pending_visitor):
    assert purge("unconfirmed_event_visitors", just_after(VISITOR)) == 1
    assert not EventRegistration.objects.filter(pk=pending_visitor.pk).exists()


# The command.


@pytest.fixture
def expired_everywhere(topics):
    signup()
    public_signup(topics)
    notification(read=True)
    webhook_event()
    audit_entry()


def run_command(*args, at):
    out = StringIO()
    with freeze_time(at):
        call_command("purge_expired_data", *args, stdout=out)
    return out.getvalue()


def test_p4_dry_run_prints_the_counts_and_deletes_nothing(expired_everywhere):
    output = run_command("--dry-run", at=T0 + timedelta(days=2000))
    lines = output.splitlines()
    assert len(lines) == len(retention.rules())
    assert "unverified_signups: would purge 1" in output
    assert "unconfirmed_subscribers: would purge 1" in output
    assert "read_notifications: would purge 1" in output
    assert "webhook_events: would purge 1" in output
    assert "audit_log: would purge 1" in output
    assert User.objects.filter(email="new@example.org").exists()
    assert Subscriber.objects.filter(email="besok@example.org").exists()
    assert Notification.objects.count() == 1
    assert WebhookEvent.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_p4_the_command_purges_everything_expired_with_a_line_per_rule(expired_everywhere):
    output = run_command(at=T0 + timedelta(days=2000))
    assert len(output.splitlines()) == len(retention.rules())
    assert "unverified_signups: purged 1" in output
    assert not User.objects.filter(email="new@example.org").exists()
    assert not Subscriber.objects.exists()
    assert not Notification.objects.exists()
    assert not WebhookEvent.objects.exists()
    # The old entry went; the sign-up's erasure was logged after it, today.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [AuditAction.ERASE]


def test_p4_running_the_command_twice_purges_nothing_more(expired_everywhere):
    run_command(at=T0 + timedelta(days=2000))
    output = run_command(at=T0 + timedelta(days=2000))
    assert "purged 1" not in output


def test_p4_nothing_is_purged_before_any_period_has_passed(expired_everywhere):
    output = run_command(at=T0 + timedelta(days=1))
    assert "purged 1" not in output
    assert User.objects.filter(email="new@example.org").exists()


def test_a_failing_rule_is_reported_and_the_others_still_run(monkeypatch, expired_everywhere):
    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        retention._rules,
        "aaa_broken",
        retention.RetentionRule("aaa_broken", "Broken", timedelta(days=1), broken),
    )
    out, err = StringIO(), StringIO()
    with freeze_time(T0 + timedelta(days=2000)), pytest.raises(CommandError):
        call_command("purge_expired_data", stdout=out, stderr=err)
    assert "aaa_broken: failed" in err.getvalue()
    assert not WebhookEvent.objects.exists()


def test_dry_run_of_a_rule_without_a_count_rolls_its_purge_back(monkeypatch):
    webhook_event()

    def delete_all(now):
        return WebhookEvent.objects.all().delete()[0]

    rule = retention.RetentionRule("no_count", "No count", timedelta(days=1), delete_all)
    assert retention.expired_count(rule, T0) == 1
    assert WebhookEvent.objects.count() == 1
