"""The residual-data scan of SECURITY.md P2: a member with data in every feature deletes their
account; afterwards no text column of any installed model holds their name or e-mail address,
except the newsletter suppression entry, which holds only a hash of the address. Their photo
file is gone too. Free text kept for others stays, with the mentions replaced."""

from datetime import timedelta
from io import BytesIO

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from PIL import Image

from accounts.factories import UserFactory
from accounts.redaction import MARKER
from careers.jobs.factories import JobPostingFactory
from careers.models import JobPosting, MentoringRequest, MentorProfile
from community.factories import GroupFactory, GroupReplyFactory, GroupThreadFactory
from community.members import ensure_profile
from community.messaging.service import start_conversation
from community.models import EducationRecord, Message, ProfileLink, Report
from community.moderation.service import report_content
from community.notifications.service import notify
from events.factories import EventIndexPageFactory, EventPageFactory, EventRegistrationFactory
from home.models import Programme
from newsletters import consent
from newsletters.factories import TopicFactory
from newsletters.models import CapturePoint, Suppression, email_hash

NAME = "Zebulon Qwertyson"
EMAIL = "zq-erase@example.org"
PASSWORD = "correct-horse-battery"

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def verified(email, first, last):
    user = UserFactory(email=email, first_name=first, last_name=last)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = ensure_profile(user)
    programme = Programme.objects.get(code="MØA")
    EducationRecord.objects.create(
        profile=profile,
        faculty=programme.faculty,
        programme=programme,
        graduation_year=2015,
        degree_level=programme.degree_level,
        verified=True,
    )
    profile.listed_in_directory = True
    profile.save()
    profile.mark_verified("register")
    user.refresh_from_db()
    return user


def jpeg():
    buffer = BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="zebulon.jpg")


def residue(needles):
    """(model, field, pk) of every text value that holds one of `needles`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            for pk, value in model._base_manager.values_list("pk", field.attname):
                text = str(value or "").lower()
                if any(needle.lower() in text for needle in needles):
                    found.append((model._meta.label, field.name, pk))
    return found


@pytest.fixture
def zebulon(home):
    user = verified(EMAIL, "Zebulon", "Qwertyson")
    profile = user.profile
    profile.display_name = NAME
    profile.bio = f"Jeg er {NAME}, skriv til {EMAIL}."
    profile.headline = f"{NAME} – økonom"
    profile.photo.save("zebulon.jpg", jpeg(), save=False)
    profile.save()
    profile.interests.add("Bærekraft")
    profile.skills.add("Regnskap")
    profile.save()
    ProfileLink.objects.create(profile=profile, label=NAME, url="https://zq.example.org/")
    return user


@pytest.fixture
def everything(zebulon, home):
    other = verified("ola@example.org", "Ola", "Nordmann")
    # Messages sent and received.
    first = start_conversation(zebulon, [other.profile], f"Hei Ola, hilsen {NAME}")
    start_conversation(other, [zebulon.profile], "Hei tilbake!")
    # A group thread and a reply.
    group = GroupFactory(owner=zebulon, name="Økonomer i Vestfold")
    thread = GroupThreadFactory(group=group, author=zebulon, title="Hvem kommer?", body="Jeg.")
    GroupReplyFactory(thread=thread, author=zebulon, body="Også jeg.")
    # An event registration with answers, attended (kept without the person).
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, start=timezone.now() - timedelta(days=3))
    EventRegistrationFactory(
        event=event,
        user=zebulon,
        answers=[{"question": "Allergier", "answer": f"{NAME} tåler ikke nøtter"}],
        attended_at=timezone.now() - timedelta(days=3),
    )
    # A job posting, a mentor offer and a request.
    JobPostingFactory(posted_by=zebulon, description=f"Kontakt {NAME} på {EMAIL}")
    MentorProfile.objects.create(user=zebulon, about=f"{NAME} hjelper deg", capacity=2)
    mentor = MentorProfile.objects.create(user=other, about="Jeg hjelper gjerne", capacity=2)
    MentoringRequest.objects.create(
        mentor=mentor.user,
        mentee=zebulon,
        format="term",
        purpose=f"{NAME} vil lære mer",
        expires_at=timezone.now() + timedelta(days=14),
    )
    # Newsletters with ledger entries.
    topic = TopicFactory()
    subscriber = consent.subscriber_for_user(zebulon)
    consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    consent.confirm(subscriber, [topic.pk])
    # Notifications, and a report each way.
    notify(zebulon, "message", f"Til {NAME}")
    report_content(zebulon, Message.objects.filter(sender=other).first(), "spam", "Plagsomt")
    report_content(other, first, "spam", f"{NAME} maser")
    return zebulon


def delete_by_form(client):
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    response = client.post(
        reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_p2_deletion_removes_the_photo_file_and_suppresses_the_address_by_hash(client, everything):
    photo_name = everything.profile.photo.name
    storage = everything.profile.photo.storage
    assert storage.exists(photo_name)
    delete_by_form(client)
    assert not storage.exists(photo_name)
    assert Suppression.objects.filter(email_hash=email_hash(EMAIL)).exists()


@pytest.mark.django_db
def test_p2_after_deletion_no_text_column_holds_the_members_name_or_address(client, everything):
    """Structured places are cleared by the registry's entries; the free text kept for others
    (their messages, job posting, report snapshot, another member's report comment) is
    redacted by accounts.redaction."""
    assert residue([NAME, EMAIL])  # the scan sees the data before
    delete_by_form(client)
    left = residue([NAME, EMAIL, "Zebulon", "Qwertyson"])
    assert left == [], left


@pytest.mark.django_db
def test_p2_free_text_kept_for_others_stays_with_the_mention_replaced(client, everything):
    delete_by_form(client)
    kept = Message.objects.get(body__startswith="Hei Ola")
    assert kept.sender is None
    assert kept.body == f"Hei Ola, hilsen {MARKER}"
    posting = JobPosting.objects.get()
    assert posting.posted_by is None
    assert posting.description == f"Kontakt {MARKER} på {MARKER}"
    report = Report.objects.get(comment__endswith="maser")
    assert report.comment == f"{MARKER} maser"
