"""Signed tokens in newsletter mail (SECURITY.md E4-E6).

Each purpose has its own salt, so a token made for one can never be used for another. Unsubscribe
tokens do not expire: the link in a mail must work for as long as the person might click it.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Campaign, Subscriber

CONFIRM_SALT = "newsletters.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
MANAGE_SALT = "newsletters.manage"
MANAGE_MAX_AGE = 365 * 24 * 3600


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# Double opt-in (E4): the subscriber and the topics the mail asks to confirm.


def confirmation_token(subscriber, topic_pks) -> str:
    return signing.dumps([subscriber.pk, sorted(topic_pks)], salt=CONFIRM_SALT, compress=True)


def read_confirmation_token(token):
    """(subscriber, topic pks) for a good token younger than 7 days, else None."""
    try:
        subscriber_pk, topic_pks = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscriber = Subscriber.objects.select_related("user").filter(pk=subscriber_pk).first()
    return (subscriber, [int(pk) for pk in topic_pks]) if subscriber else None


def confirmation_url(subscriber, topic_pks) -> str:
    token = confirmation_token(subscriber, topic_pks)
    return absolute(reverse("newsletters:confirm", args=[token]))


# Unsubscribe (E5, E6): the subscriber and the campaign the mail belonged to (0 for none).


def unsubscribe_token(subscriber, campaign=None) -> str:
    return signing.dumps([subscriber.pk, campaign.pk if campaign else 0], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """(subscriber, campaign or None) for a good token, else None."""
    try:
        subscriber_pk, campaign_pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscriber = Subscriber.objects.select_related("user").filter(pk=subscriber_pk).first()
    if subscriber is None:
        return None
    campaign = Campaign.objects.filter(pk=campaign_pk).first() if campaign_pk else None
    return subscriber, campaign


def unsubscribe_url(subscriber, campaign=None) -> str:
    return absolute(
        reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscriber, campaign)])
    )


def unsubscribe_mailto(subscriber, campaign=None) -> str:
    """The mailto: of List-Unsubscribe; the token travels in the subject (webhooks.py reads it)."""
    return unsubscribe_mailto_for(unsubscribe_token(subscriber, campaign))


def unsubscribe_mailto_for(token: str) -> str:
    """The mailto: of List-Unsubscribe for an unsubscribe token already made."""
    mailbox = f"{settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX}@{settings.NEWSLETTER_LIST_DOMAIN}"
    return f"mailto:{mailbox}?subject=unsubscribe%20{token}"


# The preference centre for people without an account, reached from any mail.


def manage_token(subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=MANAGE_SALT)


def read_manage_token(token):
    try:
        subscriber_pk = signing.loads(token, salt=MANAGE_SALT, max_age=MANAGE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.select_related("user").filter(pk=subscriber_pk).first()


def manage_url(subscriber) -> str:
    return absolute(reverse("newsletters:manage", args=[manage_token(subscriber)]))
