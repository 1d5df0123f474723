"""The newsletters demo data: topics in both languages, confirmed subscriptions with their ledger
entries, public-form subscribers, a draft by the HH coordinator and a sent campaign whose report
has figures, the communications login; a second run changes nothing."""

import io

import pytest

from accounts import demo as accounts_demo
from community import demo as community_demo
from home.demo import ensure_coordinator
from home.management.commands.seed_demo import DemoContext
from newsletters import demo
from newsletters.models import (
    Campaign,
    ConsentAction,
    ConsentEvent,
    Delivery,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Topic,
)
from newsletters.report import campaign_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_context(db):
    context = DemoContext(seed=2026, options={"members": 60}, stdout=io.StringIO())
    accounts_demo.build(context)
    ensure_coordinator(context)
    community_demo.build(context)
    return context


def counts():
    return (
        Topic.objects.count(),
        Subscriber.objects.count(),
        Subscription.objects.count(),
        ConsentEvent.objects.count(),
        Campaign.objects.count(),
        Delivery.objects.count(),
    )


def test_the_demo_builds_newsletters_once(demo_context):
    demo.build(demo_context)
    first = counts()
    assert Topic.objects.count() == 10
    assert set(Topic.objects.exclude(faculty=None).values_list("faculty__code", flat=True)) == {
        "HH",
        "HS",
        "HIU",
        "TNM",
    }
    assert all(t.consent_text_nb and t.consent_text_en and t.name_en for t in Topic.objects.all())
    members = Subscriber.objects.exclude(user=None).count()
    assert 5 <= members <= 50
    assert Subscriber.objects.filter(user=None).count() == 5
    active = Subscription.objects.filter(status=SubscriptionStatus.ACTIVE)
    assert active.count() >= members
    # Every confirmed subscription has its request and confirmation in the ledger (E2).
    confirmed = ConsentEvent.objects.filter(action=ConsentAction.CONFIRMED).count()
    requested = ConsentEvent.objects.filter(action=ConsentAction.REQUESTED).count()
    assert confirmed == requested == Subscription.objects.count()

    draft = Campaign.objects.get(title=demo.DRAFT_TITLE)
    assert draft.live is False
    assert draft.faculty.code == "HH"
    assert draft.created_by.email == "koordinator.hh@usn.example"
    sent = Campaign.objects.get(title=demo.SENT_TITLE)
    assert sent.live is True
    figures = campaign_report(sent)["by_key"]
    assert figures["audience"]["count"] > 0
    assert figures["sent"]["count"] > 0
    assert figures["clicks"]["count"] > 0
    assert figures["unsubscribes"]["count"] >= 1
    assert any(role.startswith("Communications") for role, _, _ in demo_context.logins)

    demo.build(demo_context)
    assert counts() == first


def test_demo_subscriber_addresses_hash_like_the_model_does(demo_context):
    from newsletters.models import email_hash

    demo.build(demo_context)
    for subscriber in Subscriber.objects.all()[:20]:
        assert subscriber.email_hash == email_hash(subscriber.email)
