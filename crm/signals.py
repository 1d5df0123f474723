"""Keeping the CRM's incremental sync honest (issue 9).

The API lists members by `Profile.updated_at`, so every change the CRM sees must move it: the
account (name, e-mail, language, active), education, interests, newsletter subscriptions and
event registrations. The handlers bump it with a queryset `.update()`, which sends no signals and
so starts no loop.

A member who stops sharing, is deactivated or erased leaves a `SharingWithdrawal` with only their
id, which the CRM reads from `withdrawn/` to delete them.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from community.models import EducationRecord, InterestTag, Profile, ProfileInterest
from events.models import EventRegistration
from newsletters.models import Subscription

from .models import SharingWithdrawal

# Saving only these on the account changes nothing the CRM reads (a login, a new password).
ACCOUNT_FIELDS_THE_CRM_IGNORES = {"last_login", "password"}


def touch_profiles(**lookup) -> None:
    """Mark the matching profiles as changed now, without sending signals."""
    Profile.objects.filter(**lookup).update(updated_at=timezone.now())


# The account.


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def note_deactivation(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    was_active = sender.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active and Profile.objects.filter(user_id=instance.pk, share_with_crm=True).exists():
        SharingWithdrawal.objects.create(member_id=instance.pk)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def touch_profile_on_account_change(sender, instance, created, raw=False, **kwargs):
    update_fields = kwargs.get("update_fields")
    if raw or created:
        return
    if update_fields is not None and set(update_fields) <= ACCOUNT_FIELDS_THE_CRM_IGNORES:
        return
    touch_profiles(user_id=instance.pk)


# The member's choice to share, and erasure.


@receiver(pre_save, sender=Profile)
def note_sharing_withdrawn(sender, instance, raw=False, update_fields=None, **kwargs):
    """Un-ticking "share with the CRM" (from any form, the admin or a service) leaves a
    withdrawal. Only a save that turns sharing off needs to look at the stored value."""
    if raw or instance._state.adding or instance.share_with_crm:
        return
    if update_fields is not None and "share_with_crm" not in update_fields:
        return
    if sender.objects.filter(pk=instance.pk, share_with_crm=True).exists():
        SharingWithdrawal.objects.create(member_id=instance.user_id)


@receiver(post_delete, sender=Profile)
def note_erasure(sender, instance, **kwargs):
    if instance.share_with_crm:
        SharingWithdrawal.objects.create(member_id=instance.user_id)


# What the CRM reads beside the profile.


@receiver(post_save, sender=EducationRecord)
@receiver(post_delete, sender=EducationRecord)
def touch_profile_of_education(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_profiles(pk=instance.profile_id)


@receiver(post_save, sender=ProfileInterest)
@receiver(post_delete, sender=ProfileInterest)
def touch_profile_of_interest(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_profiles(pk=instance.content_object_id)


@receiver(post_save, sender=InterestTag)
def touch_profiles_with_renamed_interest(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):
        touch_profiles(tagged_interests__tag=instance)


@receiver(post_save, sender=Subscription)
@receiver(post_delete, sender=Subscription)
def touch_profile_of_subscriber(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_profiles(user__subscriber=instance.subscriber_id)


@receiver(post_save, sender=EventRegistration)
@receiver(post_delete, sender=EventRegistration)
def touch_profile_of_participant(sender, instance, raw=False, **kwargs):
    if not raw and instance.user_id:
        touch_profiles(user_id=instance.user_id)
