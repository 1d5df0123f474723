"""The member's "My data" page and JSON export (SECURITY.md P1, S7, C1)."""

import json

from django.urls import reverse
from django.utils import translation

import pytest
from allauth.account.models import EmailAddress

from accounts.factories import UserFactory
from accounts.models import AuditAction, AuditEvent
from accounts.registry import entries
from community.members import ensure_profile
from newsletters import consent
from newsletters.factories import TopicFactory
from newsletters.models import CapturePoint

pytestmark = pytest.mark.django_db


def member_with_profile(email, first, last, employer):
    user = UserFactory(email=email, first_name=first, last_name=last)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = ensure_profile(user)
    profile.employer = employer
    profile.save()
    return user


@pytest.fixture
def anna(db):
    return member_with_profile("anna@example.org", "Anna", "Andersen", "Andersen Regnskap AS")


@pytest.fixture
def bjorn(db):
    return member_with_profile("bjorn@example.org", "Bjørn", "Berg", "Berg Bygg AS")


def test_every_correction_link_in_the_registry_resolves():
    for entry in entries():
        if entry.edit_url:
            assert reverse(entry.edit_url)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_s7_my_data_page_is_not_stored_by_caches(client, anna):
    client.force_login(anna)
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_page_shows_my_profile_grouped_by_feature_with_a_correction_link(client, anna):
    client.force_login(anna)
    with translation.override("en"):
        response = client.get(reverse("accounts:my_data"))
        content = response.content.decode()
        assert "Andersen Regnskap AS" in content
        assert '<h2 id="community-profile-heading">Profile and education</h2>' in content
        assert f'href="{reverse("community:profile_edit")}"' in content
        assert f'href="{reverse("account_email")}"' in content


def test_page_never_shows_another_members_data(client, anna, bjorn):
    client.force_login(anna)
    content = client.get(reverse("accounts:my_data")).content.decode()
    assert "Berg Bygg AS" not in content
    assert "bjorn@example.org" not in content


def test_features_holding_nothing_are_listed_briefly_not_as_empty_sections(client, anna):
    client.force_login(anna)
    with translation.override("en"):
        content = client.get(reverse("accounts:my_data")).content.decode()
    assert "Nothing held" in content
    # The job board holds nothing about Anna: named in the short list, no section of its own.
    assert "Job postings you posted" in content
    assert 'id="careers-jobposting"' not in content


def test_consent_history_is_shown_as_a_table(client, anna):
    topic = TopicFactory(name_nb="Etter- og videreutdanning", name_en="Continuing education")
    subscriber = consent.subscriber_for_user(anna)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    consent.confirm(subscriber, [topic.pk])
    client.force_login(anna)
    with translation.override("en"):
        content = client.get(reverse("accounts:my_data")).content.decode()
    section = content.split('id="newsletters-subscriber"', 1)[1].split("</section>", 1)[0]
    assert "Consent history" in section
    assert section.count("<table") >= 2  # subscriptions and the ledger
    assert "Etter- og videreutdanning" in section
    assert "{" not in section  # values are rendered, not dumped as JSON


def test_where_my_data_goes_says_nobody_when_crm_sharing_is_off(client, anna):
    client.force_login(anna)
    with translation.override("en"):
        content = client.get(reverse("accounts:my_data")).content.decode()
    assert "You do not share your profile with the university's alumni register" in content
    assert "its alumni register (CRM)</li>" not in content


def test_where_my_data_goes_names_the_crm_when_sharing_is_on(client, anna):
    profile = anna.profile
    profile.share_with_crm = True
    profile.save()
    client.force_login(anna)
    with translation.override("en"):
        content = client.get(reverse("accounts:my_data")).content.decode()
    assert "University of South-Eastern Norway: its alumni register (CRM)" in content


def test_dashboard_links_to_my_data(client, anna):
    client.force_login(anna)
    content = client.get(reverse("community:dashboard")).content.decode()
    assert reverse("accounts:my_data") in content


# Export (P1)


def test_anonymous_export_request_is_sent_to_sign_in_and_nothing_is_logged(client, anna):
    response = client.get(reverse("accounts:my_data_export"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not AuditEvent.objects.exists()


def test_p1_export_is_a_json_download_named_by_date_and_not_cached(client, anna):
    client.force_login(anna)
    response = client.get(reverse("accounts:my_data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="usn-alumni-data-')
    assert response["Content-Disposition"].endswith('.json"')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.org"
    assert data["data"]["community.Profile"]["employer"] == "Andersen Regnskap AS"


def test_c1_each_members_export_holds_only_their_own_data(client, anna, bjorn):
    exports = {}
    for user in (anna, bjorn):
        client.force_login(user)
        exports[user.email] = client.get(reverse("accounts:my_data_export")).content.decode()
    assert "anna@example.org" in exports["anna@example.org"]
    assert "Andersen" in exports["anna@example.org"]
    assert "bjorn@example.org" not in exports["anna@example.org"]
    assert "Berg" not in exports["anna@example.org"]
    assert "bjorn@example.org" in exports["bjorn@example.org"]
    assert "anna@example.org" not in exports["bjorn@example.org"]
    assert "Andersen" not in exports["bjorn@example.org"]


def test_export_is_written_to_the_audit_log(client, anna):
    client.force_login(anna)
    client.get(reverse("accounts:my_data_export"))
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.EXPORT
    assert event.actor == anna
    assert event.subject == anna


def test_export_holds_the_consent_ledger(client, anna):
    topic = TopicFactory()
    subscriber = consent.subscriber_for_user(anna)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    client.force_login(anna)
    data = json.loads(client.get(reverse("accounts:my_data_export")).content)
    history = data["data"]["newsletters.Subscriber"]["consent_history"]
    assert [row["action"] for row in history] == ["requested"]


def test_export_encoder_writes_files_decimals_and_uuids():
    import decimal
    import uuid

    from django.core.files.base import ContentFile

    from accounts.my_data import export_json

    photo = ContentFile(b"", name="avatars/a.jpg")
    text = export_json(
        {"photo": photo, "price": decimal.Decimal("9.50"), "id": uuid.UUID(int=1), "tags": {"b"}}
    )
    data = json.loads(text)
    assert data == {
        "photo": "avatars/a.jpg",
        "price": "9.50",
        "id": "00000000-0000-0000-0000-000000000001",
        "tags": ["b"],
    }
