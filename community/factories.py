"""Factories for groups, their memberships and discussions, shared by tests and demo data."""

from django.db.models import F
from django.utils import timezone

import factory

from .models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupReply,
    GroupThread,
    MembershipRole,
    MembershipStatus,
)


class GroupFactory(factory.django.DjangoModelFactory):
    """A group; with `owner=<user>` that member is its owner (and counted as its first member)."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Faggruppe {n}")
    description = "En gruppe for alumni som vil dele erfaringer."
    kind = GroupKind.OPEN

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted is not None:
            GroupMembershipFactory(group=self, user=extracted, role=MembershipRole.OWNER)
            if self.created_by_id is None:
                self.created_by = extracted
                self.save(update_fields=["created_by"])


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    """An active member unless `status` says otherwise; keeps the group's member count."""

    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == MembershipStatus.ACTIVE else None
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membership = super()._create(model_class, *args, **kwargs)
        if membership.status == MembershipStatus.ACTIVE:
            Group.objects.filter(pk=membership.group_id).update(member_count=F("member_count") + 1)
            membership.group.refresh_from_db(fields=["member_count"])
        return membership


class GroupThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupThread

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Tråd {n}")
    body = "Hva tenker dere om dette?"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        thread = super()._create(model_class, *args, **kwargs)
        Group.objects.filter(pk=thread.group_id).update(thread_count=F("thread_count") + 1)
        return thread


class GroupReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupReply

    thread = factory.SubFactory(GroupThreadFactory)
    body = "Godt spørsmål."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        reply = super()._create(model_class, *args, **kwargs)
        GroupThread.objects.filter(pk=reply.thread_id).update(reply_count=F("reply_count") + 1)
        return reply
