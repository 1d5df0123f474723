"""The campaign report: audience at send, sent, skipped per reason, failed, bounces, complaints,
unsubscribes and clicks per link, as numbers and shares; constant queries; accessible table; CSV
with formula injection neutralised (SECURITY.md X6); scoped to the coordinator's faculty (C3)."""

import csv
import io

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.factories import UserFactory
from newsletters import consent
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import (
    Campaign,
    CampaignLink,
    CampaignSend,
    CaptureMethod,
    CapturePoint,
    Delivery,
    DeliveryStatus,
    Feedback,
    SendState,
)
from newsletters.report import campaign_report, neutralise

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_campaign(faculties):
    topic = TopicFactory(slug="evu")
    campaign = Campaign(title="Høstkurs", faculty=faculties["HH"], subject_nb="Kurs")
    campaign.topics.set([topic])
    campaign.save()
    CampaignSend.objects.create(campaign=campaign, state=SendState.SENT, audience_count=10)
    statuses = (
        [DeliveryStatus.SENT] * 6
        + [DeliveryStatus.SKIPPED_CONSENT, DeliveryStatus.SKIPPED_CAP]
        + [DeliveryStatus.SKIPPED_SUPPRESSED, DeliveryStatus.FAILED]
    )
    subscribers = []
    for number, status in enumerate(statuses):
        subscriber = SubscriberFactory(email=f"mottaker{number}@example.org")
        subscribers.append(subscriber)
        feedback = {0: Feedback.BOUNCED, 1: Feedback.COMPLAINED}.get(number, Feedback.NONE)
        Delivery.objects.create(
            campaign=campaign, subscriber=subscriber, status=status, feedback=feedback
        )
    for subscriber in subscribers[2:5]:
        consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
        consent.confirm(subscriber, [topic.pk])
        consent.withdraw(
            subscriber,
            [topic],
            capture_point=CapturePoint.ONE_CLICK,
            method=CaptureMethod.ONE_CLICK_POST,
            campaign=campaign,
        )
    CampaignLink.objects.create(campaign=campaign, url="https://www.usn.no/evu", clicks=3)
    CampaignLink.objects.create(campaign=campaign, url='=HYPERLINK("x")', clicks=1)
    return campaign


def test_the_report_counts_each_figure_and_its_share(sent_campaign):
    figures = campaign_report(sent_campaign)["by_key"]
    assert figures["audience"]["count"] == 10
    assert (figures["sent"]["count"], figures["sent"]["share"]) == (6, 60.0)
    assert figures["no_consent"]["count"] == 1
    assert figures["cap"]["count"] == 1
    assert figures["suppressed"]["count"] == 1
    assert figures["failed"]["count"] == 1
    assert (figures["bounces"]["count"], figures["bounces"]["share"]) == (1, 16.7)
    assert figures["complaints"]["count"] == 1
    assert (figures["unsubscribes"]["count"], figures["unsubscribes"]["share"]) == (3, 50.0)
    assert figures["clicks"]["count"] == 4


def test_clicks_are_listed_per_link_most_clicked_first(sent_campaign):
    links = campaign_report(sent_campaign)["links"]
    assert [(link["url"], link["clicks"]) for link in links] == [
        ("https://www.usn.no/evu", 3),
        ('=HYPERLINK("x")', 1),
    ]
    assert links[0]["share"] == 50.0


def test_the_report_runs_a_constant_number_of_queries(sent_campaign):
    with CaptureQueriesContext(connection) as queries:
        campaign_report(sent_campaign)
    assert len(queries) == 4


def test_a_campaign_not_yet_sent_has_an_empty_report_without_dividing_by_zero(faculties):
    campaign = Campaign.objects.create(title="Utkast", subject_nb="Emne")
    report = campaign_report(campaign)
    assert report["by_key"]["sent"] == {**report["by_key"]["sent"], "count": 0, "share": None}


def test_the_report_page_is_an_accessible_table_for_central_staff(client, sent_campaign):
    user = UserFactory(email="kommunikasjon@usn.example")
    user.groups.add(Group.objects.get(name="Kommunikasjon"))
    client.force_login(user)
    url = reverse("wagtailsnippets_newsletters_campaign:report", args=[sent_campaign.pk])
    assert url == f"/admin/newsletters/campaigns/{sent_campaign.pk}/report/"
    page = client.get(url).content.decode()
    assert "<caption" in page
    assert '<th scope="col">' in page
    assert '<th scope="row">' in page
    assert 'data-figure="sent">6<' in page


def test_x6_the_csv_has_the_same_figures_and_no_cell_starts_a_formula(client, sent_campaign):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_newsletters_campaign:report_csv", args=[sent_campaign.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("x")' in cells
    assert ["6", "60.0"] in [row[1:] for row in rows if len(row) == 3]


def test_neutralise_prefixes_formula_cells():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM") == "'@SUM"
    assert neutralise("Sendt") == "Sendt"


def test_c3_another_faculty_coordinator_gets_403_for_report_and_csv(
    client, coordinator_hs, coordinator_hh, sent_campaign
):
    client.force_login(coordinator_hs)
    for name in ("report", "report_csv"):
        url = reverse(f"wagtailsnippets_newsletters_campaign:{name}", args=[sent_campaign.pk])
        assert client.get(url).status_code == 403
    client.force_login(coordinator_hh)
    url = reverse("wagtailsnippets_newsletters_campaign:report", args=[sent_campaign.pk])
    assert client.get(url).status_code == 200


def test_a_member_cannot_open_a_report(client, member, sent_campaign):
    client.force_login(member)
    url = reverse("wagtailsnippets_newsletters_campaign:report", args=[sent_campaign.pk])
    assert client.get(url).status_code in (302, 403)
