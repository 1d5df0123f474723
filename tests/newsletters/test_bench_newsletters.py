"""`manage.py bench` for newsletters on a tiny dataset: the audience count of a campaign to every
member, and the send rate of a campaign over SMTP to a local aiosmtpd (DESIGN.md §7, issue 8)."""

import io
import json

from django.core.management import call_command

import pytest

from accounts.factories import UserFactory
from home.bench import BenchContext
from newsletters import bench
from newsletters.audience import audience_count
from newsletters.factories import SubscriberFactory
from newsletters.models import (
    Campaign,
    CampaignSend,
    ConsentAction,
    ConsentEvent,
    Delivery,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WAGTAILADMIN_BASE_URL = "https://alumni.usn.no"
    members = [UserFactory() for _ in range(7)]
    UserFactory(is_active=False)
    return members


def test_every_active_member_is_subscribed_once_with_two_ledger_entries(people):
    already = SubscriberFactory(user=people[0], email=people[0].email)
    topic = bench.bench_topic()
    assert bench.subscribe_members(topic) == 7
    assert bench.subscribe_members(topic) == 0  # a second run adds nothing
    assert not topic.is_active  # offered nowhere
    assert Subscriber.objects.filter(user__in=people).count() == 7
    assert Subscriber.objects.get(user=people[0]).pk == already.pk
    subscriptions = Subscription.objects.filter(topic=topic)
    assert subscriptions.count() == 7
    assert set(subscriptions.values_list("status", flat=True)) == {SubscriptionStatus.ACTIVE}
    events = ConsentEvent.objects.filter(topic=topic)
    assert events.filter(action=ConsentAction.REQUESTED).count() == 7
    assert events.filter(action=ConsentAction.CONFIRMED).count() == 7
    member = Subscriber.objects.get(user=people[3])
    assert member.email_hash == Subscriber(email=people[3].email).email_hash or member.email_hash


def test_e1_the_bench_campaign_is_a_draft_that_reaches_every_consenting_member(people):
    topic = bench.bench_topic()
    bench.subscribe_members(topic)
    Suppression.suppress(people[1].email, "staff")
    campaign = bench.bench_campaign(topic, bench.COUNT_TITLE)
    assert not campaign.live  # send_due_campaigns never picks it up
    assert audience_count(campaign) == 6


def test_send_rate_hands_every_mail_to_a_real_smtp_server_and_leaves_nothing_behind(people):
    topic = bench.bench_topic()
    bench.subscribe_members(topic)
    result = bench.send_rate(topic)
    assert result.items == 7
    assert result.rate > 0 and result.seconds > 0
    assert result.queries > 0
    assert not Campaign.objects.filter(title=bench.SEND_TITLE).exists()
    assert not Delivery.objects.exists() and not CampaignSend.objects.exists()
    # No trace on the frequency cap: a second run sends to everyone again.
    assert bench.send_rate(topic, recipients=3).items == 3


def test_bench_command_prints_and_writes_both_newsletter_scenarios(people, settings, tmp_path):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    out = io.StringIO()
    call_command(
        "bench", members=8, runs=2, no_seed=True, only="campaign", recipients=5, stdout=out
    )
    rows = {
        row["scenario"]: row for row in json.loads((tmp_path / "bench.json").read_text())["results"]
    }
    assert set(rows) == {"campaign audience count", "campaign send rate"}
    count, send = rows["campaign audience count"], rows["campaign send rate"]
    assert count["budget_ms"] == 1000 and count["n"] == 2 and 0 < count["queries"] <= 5
    assert count["rate"] is None and count["result"] in {"PASS", "FAIL"}
    assert send["n"] == 5 and send["rate"] > 0 and send["min_rate"] == 300
    assert {"p50_ms", "p95_ms", "queries"} <= set(send)
    assert send["result"] == ("PASS" if send["rate"] >= 300 else "FAIL")
    table = out.getvalue()
    assert "campaign send rate" in table and "/s (min 300)" in table


def test_scenarios_are_offered_for_any_dataset(people):
    names = [s.name for s in bench.scenarios(BenchContext(members=8))]
    assert names == ["campaign audience count", "campaign send rate"]


def test_e6_e7_the_fast_smtp_bytes_are_the_mail_build_message_makes(people, settings):
    """The SMTP path assembles each mail from a per-campaign prototype; what arrives must be the
    same mail as Django's classes make: headers (RFC 2047 for a Norwegian name) and both parts."""
    import email
    from email.policy import default as default_policy

    from newsletters import sending
    from newsletters.models import Delivery

    from .sending_helpers import make_campaign, subscribed

    campaign = make_campaign()
    topic = campaign.topics.get()
    outsider = subscribed(topic, language="en", name="Åse Ødegård", email="ase@example.org")[0]
    member = SubscriberFactory(user=people[0], email=people[0].email, name="Kari Ærlig")
    campaigns = sending._Campaigns()
    _c, _topic_ids, list_id_value = campaigns.get(campaign.pk)
    for subscriber, language in ((outsider, "en"), (member, "nb")):
        delivery = Delivery.objects.create(
            campaign=campaign, subscriber=subscriber, language=language
        )
        _row, to, data = campaigns.smtp_job(campaign, delivery, list_id_value)
        assert to == subscriber.email
        assert campaigns.prototypes[(campaign.pk, language)].usable
        rendered = campaigns.rendered_for(campaign, language)
        expected = sending.build_message(campaign, rendered, delivery, subscriber, list_id_value)
        fast = email.message_from_bytes(data, policy=default_policy)
        slow_bytes = sending._smtp_payload(sending._as_bytes(expected))  # the path before
        slow = email.message_from_bytes(slow_bytes, policy=default_policy)
        for header in (
            "From",
            "To",
            "Subject",
            "List-Id",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
            "Message-ID",
            "Content-Language",
            "MIME-Version",
        ):
            assert str(fast[header]) == str(slow[header]), header
        assert fast["Date"]
        for kind in ("plain", "html"):
            assert fast.get_body((kind,)).get_content() == slow.get_body((kind,)).get_content()
