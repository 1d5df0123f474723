"""Archiving quiet groups: a notice to the owner after 335 days without activity, the archive 30
days later if the group stayed quiet, activity after the notice cancelling it, safe to run twice;
the owner archives by hand and revives (time frozen)."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from freezegun import freeze_time

from community.factories import GroupFactory, GroupMembershipFactory
from community.groups import membership as service
from community.groups.membership import MembershipRefused, archive_inactive_groups
from community.models import Group, MembershipRole
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db

START = "2026-01-05 10:00"


@pytest.fixture
def owner(db):
    owner = make_member("eier@example.no", display_name="Eva Eier")
    owner.first_name = "Eva"
    owner.save()
    return owner


@pytest.fixture
def quiet_group(owner):
    """A group whose last activity was at START."""
    with freeze_time(START):
        return GroupFactory(owner=owner, name="Regnskap og revisjon")


def days_after_start(days):
    return freeze_time(timezone.datetime.fromisoformat(START) + timedelta(days=days))


def fresh(group):
    group.refresh_from_db()
    return group


def test_no_notice_before_335_days(quiet_group):
    with days_after_start(334):
        assert archive_inactive_groups() == (0, 0)

    assert fresh(quiet_group).archive_notice_sent_at is None
    assert mail.outbox == []


def test_the_owner_is_told_at_335_days_in_their_language(quiet_group, owner):
    owner.preferred_language = "en"
    owner.save()

    with days_after_start(335):
        assert archive_inactive_groups() == (1, 0)
        noticed_at = timezone.now()

    assert fresh(quiet_group).archive_notice_sent_at == noticed_at
    assert not quiet_group.is_archived
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "Your group Regnskap og revisjon will be archived in 30 days"
    assert "Hello Eva," in message.body
    assert f"/en/medlemmer/grupper/{quiet_group.pk}/" in message.body
    assert "List-Unsubscribe-Post" not in message.extra_headers  # transactional (E7)


def test_the_notice_is_in_norwegian_for_a_norwegian_owner(quiet_group):
    with days_after_start(340):
        archive_inactive_groups()

    [message] = mail.outbox
    assert f"/medlemmer/grupper/{quiet_group.pk}/" in message.body
    assert "/en/" not in message.body


def test_running_twice_sends_one_notice(quiet_group):
    with days_after_start(335):
        archive_inactive_groups()
        archive_inactive_groups()
    with days_after_start(336):
        assert archive_inactive_groups() == (0, 0)

    assert len(mail.outbox) == 1


def test_the_group_is_archived_30_days_after_the_notice_not_before(quiet_group):
    with days_after_start(335):
        archive_inactive_groups()
    with days_after_start(364):
        assert archive_inactive_groups() == (0, 0)
        assert not fresh(quiet_group).is_archived
    with days_after_start(365):
        assert archive_inactive_groups() == (0, 1)
        archived_at = timezone.now()

    assert fresh(quiet_group).archived_at == archived_at
    with days_after_start(366):
        assert archive_inactive_groups() == (0, 0)  # safe to run again
    assert fresh(quiet_group).archived_at == archived_at
    assert len(mail.outbox) == 1


def test_a_group_first_noticed_late_still_gets_its_30_days(quiet_group):
    with days_after_start(500):
        archive_inactive_groups()
        assert not fresh(quiet_group).is_archived
    with days_after_start(529):
        archive_inactive_groups()
        assert not fresh(quiet_group).is_archived
    with days_after_start(530):
        archive_inactive_groups()
        assert fresh(quiet_group).is_archived


def test_activity_after_the_notice_prevents_archiving_and_restarts_the_countdown(quiet_group):
    with days_after_start(335):
        archive_inactive_groups()
    with days_after_start(350):
        Group.objects.filter(pk=quiet_group.pk).update(last_activity_at=timezone.now())
    with days_after_start(366):
        assert archive_inactive_groups() == (0, 0)

    group = fresh(quiet_group)
    assert not group.is_archived and group.archive_notice_sent_at is None
    with days_after_start(350 + 335):
        assert archive_inactive_groups() == (1, 0)
    assert len(mail.outbox) == 2


def test_archived_groups_are_left_alone(quiet_group):
    Group.objects.filter(pk=quiet_group.pk).update(archived_at=timezone.now())

    with days_after_start(400):
        assert archive_inactive_groups() == (0, 0)

    assert mail.outbox == []


def test_a_group_without_an_owner_is_archived_without_mail(quiet_group, owner):
    with freeze_time(START):
        service.leave(quiet_group, owner)  # the last member leaves: archived at once
    Group.objects.filter(pk=quiet_group.pk).update(archived_at=None)

    with days_after_start(335):
        assert archive_inactive_groups() == (1, 0)
    with days_after_start(365):
        assert archive_inactive_groups() == (0, 1)
    assert mail.outbox == []


def test_the_command_runs_the_archiving(quiet_group, capsys):
    with days_after_start(335):
        call_command("archive_inactive_groups")

    assert "Sent 1 archiving notice(s); archived 0 group(s)." in capsys.readouterr().out
    assert len(mail.outbox) == 1


# --- The owner archives and revives ------------------------------------------------------------


def archive_url(group):
    return reverse("community:group_archive", args=[group.pk])


def test_the_owner_archives_by_hand_and_nobody_can_join(client, quiet_group, owner):
    client.force_login(owner)

    page = client.get(archive_url(quiet_group))
    response = client.post(archive_url(quiet_group), {"action": "archive"})

    assert page.status_code == 200
    assert response.status_code == 302
    assert fresh(quiet_group).is_archived
    with pytest.raises(MembershipRefused, match="arkivert"):
        service.join(quiet_group, make_member("ny@example.no"))


def test_the_owner_revives_an_archived_group(client, quiet_group, owner):
    with days_after_start(335):
        archive_inactive_groups()
    with days_after_start(365):
        archive_inactive_groups()

    with days_after_start(400):
        client.force_login(owner)  # a session of that day
        with translation.override("en"):
            page = client.get(archive_url(quiet_group)).content.decode()
        client.post(archive_url(quiet_group), {"action": "revive"})
        revived_at = timezone.now()

    group = fresh(quiet_group)
    assert "Revive the group" in page
    assert group.archived_at is None and group.archive_notice_sent_at is None
    assert group.last_activity_at == revived_at
    with days_after_start(400 + 334):
        assert archive_inactive_groups() == (0, 0)


def test_a_moderator_can_neither_archive_nor_revive(client, quiet_group):
    moderator = make_member("mod@example.no")
    GroupMembershipFactory(group=quiet_group, user=moderator, role=MembershipRole.MODERATOR)
    client.force_login(moderator)

    response = client.post(archive_url(quiet_group), {"action": "archive"})

    assert response.status_code == 403
    assert not fresh(quiet_group).is_archived
    with pytest.raises(MembershipRefused):
        service.archive_group(moderator, quiet_group)


def test_archiving_twice_or_reviving_an_active_group_is_explained(client, quiet_group, owner):
    client.force_login(owner)

    with translation.override("en"):
        response = client.post(archive_url(quiet_group), {"action": "revive"}, follow=True)

    assert "The group is not archived." in response.content.decode()
