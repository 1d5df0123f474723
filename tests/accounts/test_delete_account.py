"""Deleting one's own account (SECURITY.md P2, A7, S7): re-authentication, erasure at once, every
session ended, the account gone, an audit entry without the person, a goodbye page."""

import time

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession

from accounts.factories import UserFactory
from accounts.models import AuditAction, AuditEvent
from community.members import ensure_profile
from community.models import Profile
from newsletters import consent
from newsletters.factories import TopicFactory
from newsletters.models import CapturePoint, Subscriber, Suppression, email_hash

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # accounts.factories.UserFactory's


@pytest.fixture
def leaving(db):
    user = UserFactory(email="leaving@example.org", first_name="Lea", last_name="Leaving")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ensure_profile(user)
    return user


def delete(client, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("accounts:delete_account"), data)


def session_user_ids():
    return {session.get_decoded().get("_auth_user_id") for session in Session.objects.all()} - {
        None
    }


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:delete_account"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_s7_page_explains_what_happens_and_asks_for_password_and_confirmation(client, leaving):
    client.force_login(leaving)
    with translation.override("en"):
        response = client.get(reverse("accounts:delete_account"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert "former member" in content
    assert 'type="password"' in content
    assert 'type="checkbox" name="confirm"' in content


def test_wrong_password_deletes_nothing(client, leaving):
    client.force_login(leaving)
    response = delete(client, password="not-my-password")
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=leaving.pk).exists()
    assert Profile.objects.filter(user=leaving).exists()
    assert not AuditEvent.objects.exists()


def test_without_the_confirmation_box_nothing_is_deleted(client, leaving):
    client.force_login(leaving)
    response = delete(client, confirm=False)
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=leaving.pk).exists()


def test_p2_deleting_erases_at_once_and_says_goodbye(client, leaving):
    client.force_login(leaving)
    response = delete(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_deleted")
    assert not get_user_model().objects.filter(pk=leaving.pk).exists()
    assert not Profile.objects.filter(pk=leaving.profile.pk).exists()
    assert not EmailAddress.objects.filter(email="leaving@example.org").exists()
    with translation.override("en"):
        goodbye = client.get(reverse("accounts:account_deleted"))
    assert goodbye.status_code == 200
    assert "Your account is deleted" in goodbye.content.decode()
    assert not goodbye.wsgi_request.user.is_authenticated


def test_a7_every_session_of_the_member_ends_other_browsers_too(leaving):
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        # Signed in through allauth's form, so the session is tracked as a real one is.
        browser.post(reverse("account_login"), {"login": leaving.email, "password": PASSWORD})
        assert browser.get(reverse("accounts:my_data")).status_code == 200
    assert UserSession.objects.filter(user=leaving).count() == 2

    delete(here)

    assert str(leaving.pk) not in session_user_ids()
    assert not UserSession.objects.exists()
    response = elsewhere.get(reverse("accounts:my_data"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_audit_log_records_a_deletion_without_the_person(client, leaving):
    client.force_login(leaving)
    delete(client)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.ERASE
    assert event.count == 1
    assert event.actor is None and event.subject is None
    assert "leaving" not in str(event.detail)


def test_a_subscribers_address_is_suppressed_by_hash(client, leaving):
    topic = TopicFactory()
    subscriber = consent.subscriber_for_user(leaving)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    consent.confirm(subscriber, [topic.pk])
    client.force_login(leaving)
    delete(client)
    assert not Subscriber.objects.exists()
    assert Suppression.objects.filter(email_hash=email_hash("leaving@example.org")).exists()


def test_a_member_who_never_subscribed_leaves_no_suppression_entry(client, leaving):
    """Decided (docs/privacy.md): nothing to suppress, and nothing kept, not even a hash."""
    client.force_login(leaving)
    delete(client)
    assert not Suppression.objects.exists()


def test_the_same_address_may_join_again_afterwards(client, leaving):
    client.force_login(leaving)
    delete(client)
    assert UserFactory(email="leaving@example.org").pk != leaving.pk


def test_too_many_wrong_passwords_are_answered_with_429(client, leaving):
    client.force_login(leaving)
    statuses = [delete(client, password=f"wrong-{n}").status_code for n in range(12)]
    assert 429 in statuses
    assert get_user_model().objects.filter(pk=leaving.pk).exists()


# A Feide-only account has no password: allauth's re-authentication (a code by e-mail) first.


@pytest.fixture
def feide_only(leaving):
    leaving.set_unusable_password()
    leaving.save()
    return leaving


def test_passwordless_account_is_sent_to_reauthenticate_first(client, feide_only):
    client.force_login(feide_only)
    response = client.get(reverse("accounts:delete_account"))
    assert response.status_code == 302
    assert "/konto/reauthenticate/code/" in response["Location"] or "reauth" in response["Location"]
    assert get_user_model().objects.filter(pk=feide_only.pk).exists()


def test_passwordless_account_deletes_with_the_box_after_reauthenticating(client, feide_only):
    client.force_login(feide_only)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "code", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(feide_only.pk)
    session.save()
    page = client.get(reverse("accounts:delete_account"))
    assert page.status_code == 200
    assert 'type="password"' not in page.content.decode()
    response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=feide_only.pk).exists()
