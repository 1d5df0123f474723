"""One reminder a year by e-mail, only for members who want it (time frozen)."""

from django.core import mail
from django.core.management import call_command

import pytest
from freezegun import freeze_time

from community.members import confirm_profile, ensure_profile


@pytest.mark.django_db
def test_one_reminder_after_a_year_and_none_before(member):
    with freeze_time("2025-01-10"):
        profile = ensure_profile(member)
        confirm_profile(profile)
    with freeze_time("2025-12-01"):
        call_command("send_profile_reminders")
        assert not mail.outbox
    with freeze_time("2026-01-11"):
        call_command("send_profile_reminders")
        call_command("send_profile_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "/medlemmer/profil/" in message.body
    assert "List-Unsubscribe-Post" not in message.extra_headers  # transactional, not marketing
    assert message.alternatives and 'lang="nb"' in message.alternatives[0][0]


@pytest.mark.django_db
def test_no_reminder_when_switched_off(member):
    with freeze_time("2025-01-10"):
        profile = ensure_profile(member)
        confirm_profile(profile)
        profile.email_reminders = False
        profile.save()
    with freeze_time("2026-02-01"):
        call_command("send_profile_reminders")
    assert not mail.outbox


@pytest.mark.django_db
def test_reminder_comes_in_the_members_language(member):
    member.preferred_language = "en"
    member.save()
    with freeze_time("2025-01-10"):
        confirm_profile(ensure_profile(member))
    with freeze_time("2026-02-01"):
        call_command("send_profile_reminders")
    assert mail.outbox[0].subject.startswith("Is your alumni profile still correct")


@pytest.mark.django_db
def test_confirming_again_allows_next_years_reminder(member):
    with freeze_time("2024-01-10"):
        confirm_profile(ensure_profile(member))
    with freeze_time("2025-02-01"):
        call_command("send_profile_reminders")
        confirm_profile(member.profile)
    with freeze_time("2026-03-01"):
        call_command("send_profile_reminders")
    assert len(mail.outbox) == 2
