"""Free-text redaction on erasure (SECURITY.md P2, accounts.redaction): what others keep stays,
with the erased member's addresses and full or display name replaced by a neutral marker; the
same words written about somebody else are left alone."""

from datetime import timedelta

from django.db import models
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from accounts.deletion import erase_and_delete
from accounts.factories import UserFactory
from accounts.redaction import (
    MARKER,
    free_text_fields,
    identifying_strings,
    mention_pattern,
    redact,
    redact_mentions_of,
    register_free_text,
)
from careers.jobs.factories import JobPostingFactory
from community.members import ensure_profile
from community.models import Conversation, Message, Profile
from events.factories import EventIndexPageFactory, EventPageFactory, EventRegistrationFactory


def pattern_for(emails=(), names=()):
    return mention_pattern(list(emails), [name.split() for name in names])


# The rule, without a database.


def test_full_name_is_matched_as_whole_words_in_any_case_and_spacing():
    pattern = pattern_for(names=["Ola Nordmann"])
    assert redact("Hilsen ola NORDMANN.", pattern) == f"Hilsen {MARKER}."
    assert redact("Ola\n  Nordmann kommer", pattern) == f"{MARKER} kommer"


def test_a_first_name_alone_is_left_alone():
    pattern = pattern_for(names=["Ola Nordmann"])
    text = "Ola fra Bø kommer, og Nordmannsbyen er stengt."
    assert redact(text, pattern) == text


def test_a_longer_word_containing_the_name_is_left_alone():
    pattern = pattern_for(names=["Ola Nordmann"])
    assert redact("Ola Nordmannsen er en annen person", pattern) == (
        "Ola Nordmannsen er en annen person"
    )


def test_address_is_matched_in_any_case_but_not_as_part_of_a_longer_address():
    pattern = pattern_for(emails=["zq@example.org"])
    assert redact("Skriv til ZQ@Example.ORG.", pattern) == f"Skriv til {MARKER}."
    assert redact("<zq@example.org>", pattern) == f"<{MARKER}>"
    for other in ["xzq@example.org", "zq@example.org.uk", "a.zq@example.org"]:
        assert redact(other, pattern) == other


def test_json_string_values_are_redacted_and_keys_kept():
    pattern = pattern_for(names=["Åse Bjørnstad"])
    answers = [{"question": "Sitter med", "answer": "åse bjørnstad"}, 3, None]
    assert redact(answers, pattern) == [{"question": "Sitter med", "answer": MARKER}, 3, None]


def test_registering_a_field_that_holds_no_text_is_refused():
    with pytest.raises(TypeError):
        register_free_text(Message, "created_at")


def test_apps_register_the_free_text_they_keep_for_others():
    registered = {(model._meta.label, name) for model, name in free_text_fields()}
    assert {
        ("community.Message", "body"),
        ("community.GroupThread", "body"),
        ("community.GroupReply", "body"),
        ("community.Report", "comment"),
        ("community.Report", "snapshot"),
        ("community.Notification", "title"),
        ("careers.JobPosting", "description"),
        ("careers.Mentorship", "goals"),
        ("careers.MentorshipFeedback", "comment"),
        ("events.EventRegistration", "answers"),
    } <= registered
    # A profile describes its own member (and a namesake's profile keeps its name).
    assert not any(label == "community.Profile" for label, _name in registered)
    text_fields = (models.CharField, models.TextField, models.JSONField)
    for model, name in free_text_fields():
        assert isinstance(model._meta.get_field(name), text_fields)


# Which names count.


@pytest.mark.django_db
def test_names_need_two_words_and_four_characters():
    user = UserFactory(first_name="Bo", last_name="", email="bo@example.org")
    profile = ensure_profile(user)
    profile.display_name = "Bo"
    profile.save()
    emails, names = identifying_strings(user)
    assert emails == ["bo@example.org"]
    assert names == []


@pytest.mark.django_db
def test_every_address_of_the_account_and_the_display_name_are_matched():
    user = UserFactory(first_name="Zebulon", last_name="Qwertyson", email="zq@example.org")
    EmailAddress.objects.create(user=user, email="Zeb.Old@Example.net", verified=True)
    profile = ensure_profile(user)
    profile.display_name = "Zeb Q. Wertyson"
    profile.save()
    emails, names = identifying_strings(user)
    assert emails == ["zeb.old@example.net", "zq@example.org"]
    assert ["Zebulon", "Qwertyson"] in names
    assert ["Qwertyson,", "Zebulon"] in names
    assert ["Zeb", "Q.", "Wertyson"] in names


# Erasure, end to end.


@pytest.fixture
def zebulon(db):
    user = UserFactory(first_name="Zebulon", last_name="Qwertyson", email="zq@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ensure_profile(user)
    return user


@pytest.fixture
def ola(db):
    user = UserFactory(first_name="Ola", last_name="Nordmann", email="ola@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ensure_profile(user)
    return user


def message(sender, body):
    conversation = Conversation.objects.create(created_by=sender)
    return Message.objects.create(conversation=conversation, sender=sender, body=body)


@pytest.mark.django_db
def test_p2_another_members_message_naming_the_erased_member_is_kept_with_the_name_redacted(
    zebulon, ola
):
    kept = message(ola, "Har du hørt fra Zebulon Qwertyson? Han skrev fra zq@example.org.")
    erase_and_delete(zebulon)
    kept.refresh_from_db()
    assert kept.sender == ola
    assert kept.body == f"Har du hørt fra {MARKER}? Han skrev fra {MARKER}."


@pytest.mark.django_db
def test_p2_a_first_name_in_unrelated_text_survives_the_erasure_of_a_member_with_that_name(
    ola, zebulon
):
    unrelated = message(zebulon, "Ola fra kullet i 2015 kommer også.")
    named = message(zebulon, "Ola Nordmann kommer også.")
    erase_and_delete(ola)
    unrelated.refresh_from_db()
    named.refresh_from_db()
    assert unrelated.body == "Ola fra kullet i 2015 kommer også."
    assert named.body == f"{MARKER} kommer også."


@pytest.mark.django_db
def test_p2_the_members_own_posting_stays_closed_without_their_address(zebulon):
    posting = JobPostingFactory(
        posted_by=zebulon, description="Spørsmål? Ring Zebulon Qwertyson eller skriv zq@example.org"
    )
    erase_and_delete(zebulon)
    posting.refresh_from_db()
    assert posting.posted_by is None
    assert "zq@example.org" not in posting.description
    assert "Zebulon" not in posting.description


@pytest.mark.django_db
def test_p2_another_visitors_answers_naming_the_member_are_redacted(home, zebulon):
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, start=timezone.now() + timedelta(days=3))
    other = EventRegistrationFactory(
        event=event,
        user=None,
        visitor_name="Kari Visitor",
        visitor_email="kari@example.org",
        answers=[{"question": "Sitter sammen med", "answer": "Zebulon Qwertyson"}],
    )
    erase_and_delete(zebulon)
    other.refresh_from_db()
    assert other.answers == [{"question": "Sitter sammen med", "answer": MARKER}]
    assert other.visitor_name == "Kari Visitor"


@pytest.mark.django_db
def test_p2_a_namesakes_profile_keeps_its_name(zebulon):
    namesake = UserFactory(first_name="Zebulon", last_name="Qwertyson", email="other@example.org")
    ensure_profile(namesake)
    Profile.objects.filter(user=namesake).update(display_name="Zebulon Qwertyson")
    erase_and_delete(zebulon)
    assert Profile.objects.get(user=namesake).display_name == "Zebulon Qwertyson"


@pytest.mark.django_db
def test_redaction_reports_how_many_values_changed_and_leaves_the_rest(zebulon, ola):
    message(ola, "Hei Zebulon Qwertyson")
    message(ola, "Hei Zebulon")
    message(ola, "Ingen nevnt")
    assert redact_mentions_of(zebulon) == 1
    assert redact_mentions_of(zebulon) == 0  # safe to run twice
    assert sorted(Message.objects.values_list("body", flat=True)) == [
        "Hei Zebulon",
        f"Hei {MARKER}",
        "Ingen nevnt",
    ]
