"""Keeps a member's subscriber row in step with the account: address (and its hash) and language."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Subscriber, email_hash


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="newsletters_follow_account")
def follow_account(sender, instance, **kwargs):
    language = (getattr(instance, "preferred_language", "") or "nb")[:2]
    Subscriber.objects.filter(user=instance).exclude(
        email=instance.email, language=language
    ).update(email=instance.email, email_hash=email_hash(instance.email), language=language)
