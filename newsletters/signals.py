"""Keeps a member's subscriber row in step with the account: address (and its hash) and language."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from allauth.account.signals import user_signed_up

from .models import Subscriber, email_hash


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="newsletters_follow_account")
def follow_account(sender, instance, update_fields=None, **kwargs):
    # A login saves only last_login: nothing to follow, and no query on every sign-in.
    if update_fields is not None and not {"email", "preferred_language"} & set(update_fields):
        return
    language = (getattr(instance, "preferred_language", "") or "nb")[:2]
    Subscriber.objects.filter(user=instance).exclude(
        email=instance.email, language=language
    ).update(email=instance.email, email_hash=email_hash(instance.email), language=language)


# Sign-up consent (issue 8, SECURITY.md E3, E4).


@receiver(user_signed_up, dispatch_uid="newsletters_signup_consent")
def subscribe_at_signup(sender, request, user, **kwargs):
    """The topic boxes of the sign-up page: each ticked, active, whole-university topic becomes
    pending and one confirmation mail asks for it. Ids that are not such a topic are ignored;
    nothing ticked, nothing happens — the account is made either way (membership never depends
    on consent)."""
    from .consent import request_subscription, subscriber_for_user
    from .mail import confirmation_mail_allowed, send_confirmation
    from .models import CapturePoint, Topic
    from .templatetags.newsletter_tags import SIGNUP_FIELD

    if request is None or request.method != "POST":
        return
    ids = {value for value in request.POST.getlist(SIGNUP_FIELD) if value.isdigit()}
    if not ids:
        return
    topics = list(Topic.objects.active().filter(faculty__isnull=True, pk__in=ids))
    if not topics or not confirmation_mail_allowed(request, user.email):
        return
    subscriber = subscriber_for_user(user)
    pending = request_subscription(subscriber, topics, capture_point=CapturePoint.SIGNUP)
    send_confirmation(subscriber, pending)
