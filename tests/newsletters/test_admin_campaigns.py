"""Campaigns and the newsletters records in the admin: faculty scoping (SECURITY.md C3) over every
URL of a campaign, the form for coordinators, the listing, the live count, test-send and stop, and
the read-only subscriber records, the ledger (E2), the suppression list and the cap setting."""

import json
import re

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

import pytest

from accounts.factories import UserFactory
from newsletters import consent
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import (
    Campaign,
    CampaignSend,
    CapturePoint,
    ConsentEvent,
    MailSettings,
    SendState,
    Suppression,
    email_hash,
)

pytestmark = pytest.mark.django_db

CAMPAIGN_URLS = [
    ("edit", "get"),
    ("edit", "post"),
    ("delete", "get"),
    ("delete", "post"),
    ("history", "get"),
    ("usage", "get"),
    ("preview_on_edit", "get"),
    ("preview_on_edit", "post"),
    ("lock", "post"),
    ("unlock", "post"),
    ("unpublish", "get"),
    ("workflow_history", "get"),
    ("confirm_workflow_cancellation", "get"),
    ("report", "get"),
    ("report_csv", "get"),
    ("test_send", "get"),
    ("test_send", "post"),
    ("stop", "get"),
    ("stop", "post"),
]


def body(text="Hei!"):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def make_campaign(faculty, topics, title="Kurs i ledelse", creator=None, **fields):
    campaign = Campaign(
        title=title,
        faculty=faculty,
        subject_nb="Nytt kurs",
        body_nb=body(),
        created_by=creator,
        **fields,
    )
    campaign.topics.set(topics)
    campaign.save()
    campaign.save_revision(user=creator)
    return campaign


@pytest.fixture
def communications(db):
    user = UserFactory(email="kommunikasjon@usn.example")
    user.groups.add(Group.objects.get(name="Kommunikasjon"))
    return user


@pytest.fixture
def topic(db):
    return TopicFactory(slug="evu-okonomi", name_nb="EVU økonomi", name_en="CE business")


@pytest.fixture
def hh_campaign(faculties, topic, coordinator_hh):
    return make_campaign(faculties["HH"], [topic], creator=coordinator_hh)


def in_english(user):
    """The admin speaks the user's preferred language: English for text assertions."""
    from wagtail.users.models import UserProfile

    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    return user


def campaign_url(name, campaign):
    return reverse(f"wagtailsnippets_newsletters_campaign:{name}", args=[campaign.pk])


@pytest.mark.parametrize(("name", "method"), CAMPAIGN_URLS)
def test_c3_a_coordinator_of_another_faculty_is_refused_every_campaign_url(
    client, coordinator_hs, hh_campaign, name, method
):
    client.force_login(coordinator_hs)
    response = getattr(client, method)(campaign_url(name, hh_campaign))
    assert response.status_code in (403, 404)
    hh_campaign.refresh_from_db()
    assert hh_campaign.title == "Kurs i ledelse"
    assert hh_campaign.locked is False


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("revisions_view", {"revision_id": 1}),
        ("revisions_revert", {"revision_id": 1}),
        ("revisions_unschedule", {"revision_id": 1}),
        ("revisions_compare", {"revision_id_a": "earliest", "revision_id_b": "latest"}),
        ("workflow_action", {"action_name": "approve", "task_state_id": 1}),
        ("collect_workflow_action_data", {"action_name": "approve", "task_state_id": 1}),
        ("workflow_preview", {"task_id": 1}),
        ("workflow_history_detail", {"workflow_state_id": 1}),
    ],
)
def test_c3_revision_compare_and_workflow_urls_refuse_another_faculty(
    client, coordinator_hs, hh_campaign, name, kwargs
):
    client.force_login(coordinator_hs)
    url = reverse(
        f"wagtailsnippets_newsletters_campaign:{name}", kwargs={"pk": hh_campaign.pk, **kwargs}
    )
    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 404)


def test_c3_the_listing_and_chooser_show_a_coordinator_only_their_faculties_campaigns(
    client, coordinator_hs, faculties, topic, hh_campaign
):
    make_campaign(faculties["HS"], [topic], title="Helsekurs")
    client.force_login(coordinator_hs)
    listing = client.get(reverse("wagtailsnippets_newsletters_campaign:list")).content.decode()
    assert "Helsekurs" in listing
    assert "Kurs i ledelse" not in listing
    chooser = client.get(reverse("wagtailsnippetchoosers_newsletters_campaign:choose"))
    assert "Kurs i ledelse" not in chooser.content.decode()


def test_c3_the_site_history_hides_another_faculty_s_campaigns(
    client, coordinator_hs, coordinator_hh, hh_campaign
):
    hh_campaign.save_revision(user=coordinator_hh, log_action=True)
    url = reverse("wagtailadmin_reports:site_history")
    client.force_login(coordinator_hs)
    assert "Kurs i ledelse" not in client.get(url).content.decode()
    client.force_login(coordinator_hh)
    assert "Kurs i ledelse" in client.get(url).content.decode()


def test_the_own_faculty_coordinator_and_central_staff_open_the_campaign(
    client, coordinator_hh, communications, hh_campaign
):
    for user in (coordinator_hh, communications):
        client.force_login(user)
        assert client.get(campaign_url("edit", hh_campaign)).status_code == 200
        assert client.get(campaign_url("history", hh_campaign)).status_code == 200


def test_the_listing_runs_the_same_number_of_queries_for_1_or_12_campaigns(
    client, communications, faculties, topic
):
    client.force_login(communications)
    url = reverse("wagtailsnippets_newsletters_campaign:list")
    make_campaign(faculties["HH"], [topic])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(11):
        make_campaign(faculties["HS"], [topic], title=f"Kampanje {number}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_listing_shows_status_and_the_audience_of_a_sent_campaign(
    client, communications, hh_campaign
):
    CampaignSend.objects.create(campaign=hh_campaign, state=SendState.SENT, audience_count=4321)
    client.force_login(in_english(communications))
    with translation.override("en"):
        page = client.get(reverse("wagtailsnippets_newsletters_campaign:list")).content.decode()
    assert "Sent" in page
    assert "4321" in page


def test_a_coordinator_may_only_choose_their_own_faculty_and_the_campaign_records_its_author(
    client, coordinator_hh, faculties, topic
):
    client.force_login(coordinator_hh)
    page = client.get(reverse("wagtailsnippets_newsletters_campaign:add")).content.decode()
    faculty_select = re.search(r'<select name="faculty".*?</select>', page, re.S).group(0)
    assert f'value="{faculties["HH"].pk}"' in faculty_select
    assert f'value="{faculties["HS"].pk}"' not in faculty_select
    data = {
        "title": "HH-kampanje",
        "subject_nb": "Emne",
        "body_nb-count": "0",
        "body_en-count": "0",
        "topics": [topic.pk],
        "faculty": faculties["HS"].pk,
    }
    response = client.post(reverse("wagtailsnippets_newsletters_campaign:add"), data)
    assert response.status_code == 200  # the form again, with an error
    assert not Campaign.objects.exists()
    data["faculty"] = ""
    client.post(reverse("wagtailsnippets_newsletters_campaign:add"), data)
    assert not Campaign.objects.exists()
    data["faculty"] = faculties["HH"].pk
    response = client.post(reverse("wagtailsnippets_newsletters_campaign:add"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.created_by == coordinator_hh
    assert campaign.faculty == faculties["HH"]
    assert campaign.live is False


def test_another_faculty_topic_is_not_offered_to_a_coordinator(client, coordinator_hh, faculties):
    TopicFactory(slug="hs-nytt", name_nb="Nytt fra HS", faculty=faculties["HS"])
    TopicFactory(slug="hh-nytt", name_nb="Nytt fra HH", faculty=faculties["HH"])
    client.force_login(coordinator_hh)
    page = client.get(reverse("wagtailsnippets_newsletters_campaign:add")).content.decode()
    assert "Nytt fra HH" in page
    assert "Nytt fra HS" not in page


def test_the_campaign_form_loads_the_audience_script_and_has_a_live_region(
    client, communications, hh_campaign
):
    client.force_login(communications)
    page = client.get(campaign_url("edit", hh_campaign)).content.decode()
    assert "js/campaign-audience.js" in page
    assert 'aria-live="polite"' in page


def subscribe(address, topic, faculty=None):
    subscriber = SubscriberFactory(email=address)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PUBLIC_FORM)
    consent.confirm(subscriber, [topic.pk])
    return subscriber


def test_the_live_count_answers_with_the_number_of_recipients(client, communications, topic):
    subscribe("a@example.org", topic)
    subscribe("b@example.org", topic)
    client.force_login(in_english(communications))
    with translation.override("en"):
        response = client.post(
            reverse("wagtailsnippets_newsletters_campaign:audience_count"), {"topics": [topic.pk]}
        )
    assert response.status_code == 200
    assert json.loads(response.content) == {"count": 2, "label": "2 recipients"}


def test_c3_the_live_count_refuses_another_faculty_for_a_coordinator(
    client, coordinator_hh, faculties, topic
):
    client.force_login(coordinator_hh)
    url = reverse("wagtailsnippets_newsletters_campaign:audience_count")
    other = client.post(url, {"topics": [topic.pk], "faculty": faculties["HS"].pk})
    assert other.status_code == 400
    assert json.loads(other.content)["count"] is None
    everyone = client.post(url, {"topics": [topic.pk]})
    assert everyone.status_code == 400
    own = client.post(url, {"topics": [topic.pk], "faculty": faculties["HH"].pk})
    assert own.status_code == 200


def test_a_member_gets_no_audience_count(client, member, topic):
    client.force_login(member)
    response = client.post(
        reverse("wagtailsnippets_newsletters_campaign:audience_count"), {"topics": [topic.pk]}
    )
    assert response.status_code in (302, 403)


def test_once_sending_has_started_edit_leads_to_the_report(client, communications, hh_campaign):
    CampaignSend.objects.create(campaign=hh_campaign, state=SendState.SENDING, audience_count=10)
    client.force_login(communications)
    response = client.get(campaign_url("edit", hh_campaign))
    assert response.status_code == 302
    assert response["Location"] == campaign_url("report", hh_campaign)


def test_the_edit_page_offers_a_test_send_and_sending_it_reports_the_address(
    client, communications, hh_campaign, mailoutbox
):
    client.force_login(in_english(communications))
    page = client.get(campaign_url("edit", hh_campaign)).content.decode()
    assert campaign_url("test_send", hh_campaign) in page
    assert client.get(campaign_url("test_send", hh_campaign)).status_code == 200
    assert not mailoutbox  # GET sends nothing
    with translation.override("en"):
        response = client.post(campaign_url("test_send", hh_campaign), follow=True)
    assert "Test sent to kommunikasjon@usn.example" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["kommunikasjon@usn.example"]]
    assert mailoutbox[0].subject.startswith("[TEST]")


def test_stop_sending_cancels_the_sending(client, coordinator_hh, hh_campaign):
    send = CampaignSend.objects.create(
        campaign=hh_campaign, state=SendState.SENDING, audience_count=10
    )
    client.force_login(coordinator_hh)
    assert client.get(campaign_url("stop", hh_campaign)).status_code == 200
    send.refresh_from_db()
    assert send.state == SendState.SENDING  # GET changes nothing
    response = client.post(campaign_url("stop", hh_campaign))
    assert response.status_code == 302
    send.refresh_from_db()
    assert send.state == SendState.CANCELLED


def test_c3_stop_by_another_faculty_changes_nothing(client, coordinator_hs, hh_campaign):
    send = CampaignSend.objects.create(
        campaign=hh_campaign, state=SendState.SENDING, audience_count=10
    )
    client.force_login(coordinator_hs)
    assert client.post(campaign_url("stop", hh_campaign)).status_code == 403
    send.refresh_from_db()
    assert send.state == SendState.SENDING


# --- Read-only records -------------------------------------------------------------------------


def test_central_staff_search_subscribers_by_address_and_see_their_subscriptions(
    client, communications, topic
):
    wanted = subscribe("finn.meg@example.org", topic)
    subscribe("ikke.meg@example.org", topic)
    client.force_login(communications)
    page = client.get(reverse("newsletter_subscribers:index"), {"q": "finn.meg"}).content.decode()
    assert "finn.meg@example.org" in page
    assert "ikke.meg@example.org" not in page
    detail = client.get(reverse("newsletter_subscribers:inspect", args=[wanted.pk]))
    assert "EVU økonomi" in detail.content.decode()


@pytest.mark.parametrize("fixture", ["coordinator_hh", "editor", "member"])
def test_coordinators_editors_and_members_cannot_see_subscribers_or_the_ledger(
    client, request, fixture, topic
):
    subscriber = subscribe("x@example.org", topic)
    client.force_login(request.getfixturevalue(fixture))
    for url in (
        reverse("newsletter_subscribers:index"),
        reverse("newsletter_subscribers:inspect", args=[subscriber.pk]),
        reverse("consent_ledger:index"),
        reverse("suppression_list:index"),
    ):
        assert client.get(url).status_code in (302, 403), url


def test_e2_the_ledger_can_be_filtered_and_offers_no_way_to_change_it(
    client, communications, superuser, topic
):
    subscribe("x@example.org", topic)
    client.force_login(communications)
    response = client.get(reverse("consent_ledger:index"), {"action": "confirmed"})
    assert response.status_code == 200
    for name in ("add", "edit", "delete", "history", "usage", "inspect"):
        with pytest.raises(NoReverseMatch):
            reverse(f"consent_ledger:{name}", args=[1])
    client.force_login(superuser)
    assert client.get(reverse("consent_ledger:index")).status_code == 200
    event = ConsentEvent.objects.first()
    assert client.post(f"/admin/newsletters/consent-ledger/delete/{event.pk}/").status_code == 404
    assert ConsentEvent.objects.count() == 2


def test_staff_add_an_address_to_the_suppression_list_and_only_its_hash_is_stored(
    client, communications
):
    client.force_login(communications)
    response = client.post(reverse("suppression_list:add"), {"address": "Stopp@Example.org"})
    assert response.status_code == 302
    entry = Suppression.objects.get()
    assert entry.email_hash == email_hash("stopp@example.org")
    assert "stopp" not in entry.email_hash


def test_only_administrators_remove_an_address_from_the_suppression_list(
    client, communications, superuser
):
    entry = Suppression.suppress("x@example.org", "staff")
    url = reverse("suppression_list:delete", args=[entry.pk])
    client.force_login(communications)
    assert client.post(url).status_code == 403
    assert Suppression.objects.filter(pk=entry.pk).exists()
    client.force_login(superuser)
    assert client.post(url).status_code == 302
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("fixture", ["editor", "coordinator_hh", "communications"])
def test_only_administrators_change_the_frequency_cap(client, request, fixture, superuser):
    url = reverse(
        "wagtailsettings:edit", args=["newsletters", "mailsettings", MailSettings.load().pk]
    )
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"marketing_cap": "9"})
    assert MailSettings.load().marketing_cap == 2
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    client.post(url, {"marketing_cap": "3"})
    assert MailSettings.load().marketing_cap == 3


def test_the_topic_listing_counts_active_subscribers_and_shows_the_consent_history(
    client, editor, topic
):
    subscribe("x@example.org", topic)
    topic.consent_text_nb = "Ny tekst om samtykke"
    topic.save()
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_newsletters_topic:list"))
    assert listing.status_code == 200
    detail = client.get(reverse("wagtailsnippets_newsletters_topic:inspect", args=[topic.pk]))
    page = detail.content.decode()
    assert "Ny tekst om samtykke" in page
    assert "Ja, send meg e-post" in page


def test_a_coordinator_cannot_manage_topics(client, coordinator_hh, topic):
    client.force_login(coordinator_hh)
    url = reverse("wagtailsnippets_newsletters_topic:edit", args=[topic.pk])
    assert client.get(url).status_code in (302, 403)


def test_c3_the_topic_chooser_offers_a_coordinator_only_central_and_own_faculty_topics(
    client, coordinator_hs, coordinator_hh, faculties, topic
):
    hh_topic = TopicFactory(slug="hh-nytt", name_nb="Nytt fra HH", faculty=faculties["HH"])
    client.force_login(coordinator_hs)

    listing = client.get(reverse("wagtailsnippetchoosers_newsletters_topic:choose"))
    chosen = client.get(
        reverse("wagtailsnippetchoosers_newsletters_topic:chosen", args=[hh_topic.pk])
    )

    assert "Nytt fra HH" not in listing.json()["html"]
    assert "EVU økonomi" in listing.json()["html"]  # a topic of the whole university
    assert chosen.status_code == 404
    client.force_login(coordinator_hh)
    url = reverse("wagtailsnippetchoosers_newsletters_topic:chosen", args=[hh_topic.pk])
    assert client.get(url).status_code == 200
