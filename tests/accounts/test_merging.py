"""Merging two accounts of one person (issue 9): everything of the source ends up on the target,
true duplicates count once, the source is gone and the merge is in the audit log."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.utils import timezone

import pytest

from accounts.merging import merge_users, user_relations
from accounts.models import AuditAction, AuditEvent
from accounts.registry import merge_functions, registered_models
from careers.models import JobPosting, MentoringRequest, MentorProfile
from community.factories import GroupFactory, GroupMembershipFactory
from community.messaging.service import start_conversation
from community.models import (
    EducationRecord,
    GroupMembership,
    MemberBlock,
    Message,
    Notification,
    Participant,
    Profile,
    ProfileLink,
)
from community.notifications.service import notify
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventRegistration
from newsletters.consent import request_subscription, subscriber_for_user
from newsletters.factories import TopicFactory
from newsletters.models import ConsentEvent, Subscriber, Subscription
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def pair(db):
    """Two accounts of Kari: the old one (source, an HS degree, more filled in) and the one she
    uses now (target, HH degree, little filled in)."""
    source = make_member(
        "kari.gammel@example.no",
        programme_code="BSP",
        display_name="Kari Nordmann",
        employer="Sykehuset i Vestfold",
        city="Tønsberg",
        bio="Sykepleier.",
    )
    target = make_member(
        "kari@example.no", programme_code="MØA", display_name="Kari Nordmann", city="Drammen"
    )
    return source, target


@pytest.fixture
def other(db):
    return make_member("ola@example.no", programme_code="MØA", display_name="Ola")


def test_merge_keeps_everything(pair, other, home):
    source, target = pair
    # Messages: a conversation of the source with Ola.
    conversation = start_conversation(source, [other.profile], "Hei Ola!").conversation
    # Groups: one the source owns, one both are in (a true duplicate).
    own_group = GroupFactory(owner=source)
    shared = GroupFactory(owner=other)
    GroupMembershipFactory(group=shared, user=source)
    GroupMembershipFactory(group=shared, user=target)
    # Events: one only the source is registered for, one both are (a duplicate).
    index = EventIndexPageFactory(parent=home, slug="arr")
    only_source = EventPageFactory(parent=index, slug="a")
    both = EventPageFactory(parent=index, slug="b")
    EventRegistration.objects.create(event=only_source, user=source)
    EventRegistration.objects.create(event=both, user=source)
    EventRegistration.objects.create(event=both, user=target)
    # Jobs and mentoring.
    job = JobPosting.objects.create(
        title="Controller", employer="USN", job_type="full_time", description="x", posted_by=source
    )
    MentorProfile.objects.create(user=source, about="Helse og ledelse", capacity=2)
    request = MentoringRequest.objects.create(
        mentor=other, mentee=source, format="term", purpose="x", expires_at=timezone.now()
    )
    # Subscriptions: a topic only the source has, and one both have.
    only_topic, both_topic = TopicFactory(slug="evu"), TopicFactory(slug="karriere")
    request_subscription(
        subscriber_for_user(source), [only_topic, both_topic], capture_point="preferences"
    )
    request_subscription(subscriber_for_user(target), [both_topic], capture_point="preferences")
    # Notifications, a link, a skill.
    notify(source, "group", "Ny tråd")
    ProfileLink.objects.create(profile=source.profile, label="CV", url="https://cv.example/kari")
    source.profile.skills.add("Sykepleie")
    source.profile.save()
    source_id = source.pk

    merge_users(source, target)

    assert not get_user_model().objects.filter(pk=source_id).exists()
    # Messages
    assert Participant.objects.filter(conversation=conversation, user=target).exists()
    assert Message.objects.filter(conversation=conversation, sender=target).count() == 1
    # Groups: owner of hers, member of the shared one once
    assert GroupMembership.objects.filter(group=own_group, user=target).exists()
    assert GroupMembership.objects.filter(group=shared, user=target).count() == 1
    # Events: both registrations, the duplicate once
    assert set(EventRegistration.objects.filter(user=target).values_list("event", flat=True)) == {
        only_source.pk,
        both.pk,
    }
    # Jobs, mentoring
    job.refresh_from_db()
    assert job.posted_by == target
    assert MentorProfile.objects.get(user=target).about == "Helse og ledelse"
    request.refresh_from_db()
    assert request.mentee == target
    # Subscriptions and both ledgers, on one subscriber
    subscriber = Subscriber.objects.get(user=target)
    assert Subscriber.objects.filter(user__isnull=True).count() == 0
    assert set(
        Subscription.objects.filter(subscriber=subscriber).values_list("topic", flat=True)
    ) == {
        only_topic.pk,
        both_topic.pk,
    }
    assert ConsentEvent.objects.filter(subscriber=subscriber).count() == 3
    # Notifications
    assert Notification.objects.filter(recipient=target, title="Ny tråd").exists()
    # Profile: the target's kept, gaps filled, both degrees, the link and the skill
    profile = Profile.objects.get(user=target)
    assert profile.city == "Drammen"  # the target's own value wins
    assert profile.employer == "Sykehuset i Vestfold"
    assert profile.bio == "Sykepleier."
    assert set(
        EducationRecord.objects.filter(profile=profile).values_list("programme__code", flat=True)
    ) == {
        "MØA",
        "BSP",
    }
    assert ProfileLink.objects.filter(profile=profile, url="https://cv.example/kari").exists()
    assert list(profile.skills.names()) == ["Sykepleie"]
    assert Profile.objects.count() == 2  # Kari's and Ola's


def test_nothing_points_at_the_source_after_the_merge(pair, other):
    source, target = pair
    start_conversation(source, [other.profile], "Hei")
    source_id = source.pk
    merge_users(source, target)
    for model, field in user_relations():
        assert not model._base_manager.filter(**{field.attname: source_id}).exists(), (
            f"{model._meta.label}.{field.name} still points at the merged account"
        )


def test_the_merge_is_in_the_audit_log(pair, superuser):
    source, target = pair
    source_id = source.pk
    merge_users(source, target, actor=superuser)
    event = AuditEvent.objects.get(action=AuditAction.MERGE)
    assert event.actor == superuser
    assert event.subject == target
    assert event.detail == {"source_id": source_id}


def test_a_block_between_the_two_accounts_disappears(pair, other):
    source, target = pair
    MemberBlock.objects.create(blocker=target, blocked=source)
    MemberBlock.objects.create(blocker=source, blocked=other)
    merge_users(source, target)
    assert list(MemberBlock.objects.values_list("blocker", "blocked")) == [(target.pk, other.pk)]


def test_a_later_withdrawal_is_not_undone_by_a_merge(pair):
    source, target = pair
    topic = TopicFactory(slug="evu")
    request_subscription(subscriber_for_user(source), [topic], capture_point="preferences")
    request_subscription(subscriber_for_user(target), [topic], capture_point="preferences")
    later = timezone.now() + timedelta(minutes=5)
    Subscription.objects.filter(subscriber__user=target).update(
        status="withdrawn", updated_at=later
    )
    merge_users(source, target)
    assert Subscription.objects.get(subscriber__user=target).status == "withdrawn"


def test_admin_rights_of_the_source_are_not_carried_over(pair):
    source, target = pair
    source.groups.add(AuthGroup.objects.get(name="Editors"))
    source.is_staff = True
    source.save()
    merge_users(source, target)
    target.refresh_from_db()
    assert not target.groups.filter(name="Editors").exists()
    assert not target.is_staff


def test_the_sources_verified_addresses_become_the_targets_secondary_ones(pair):
    source, target = pair
    merge_users(source, target)
    addresses = dict(target.emailaddress_set.values_list("email", "primary"))
    assert addresses == {"kari@example.no": True, "kari.gammel@example.no": False}


def test_an_account_cannot_be_merged_into_itself(pair):
    source, _ = pair
    with pytest.raises(ValueError):
        merge_users(source, source)


# Coverage: a new model pointing at the user needs a merge path.


def test_every_one_to_one_to_the_user_has_a_custom_merge():
    custom = merge_functions()
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in user_relations()
        if field.one_to_one and model not in custom
    ]
    assert not missing, f"register a merge (accounts.registry.register_merge) for: {missing}"


def test_every_registered_model_has_a_merge_path():
    """A foreign key to the user (moved by the generic path), a custom merge, or rows hanging
    off a model that has one of those (feedback on a registration moves with it)."""
    with_path = {model for model, field in user_relations()} | set(merge_functions())

    def has_path(model):
        return model in with_path or any(
            (field.many_to_one or field.one_to_one)
            and field.concrete
            and field.related_model in with_path
            for field in model._meta.get_fields()
        )

    missing = [model._meta.label for model in registered_models() if not has_path(model)]
    assert not missing, f"no merge path for: {missing}"
