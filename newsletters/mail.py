"""The double opt-in mail (SECURITY.md E4, M7): transactional, in the subscriber's language,
listing the topics to confirm and the signed link. It carries no marketing and no unsubscribe-post
header (E7): it goes through the transactional helper, never the campaign stream.
"""

from django.utils.translation import override

from allauth.core import ratelimit

from accounts.mail import send_to_address

from . import tokens


def confirmation_mail_allowed(request, email: str) -> bool:
    """At most 5 confirmation mails per address per 30 minutes (M7), counted as the accounts and
    events apps count theirs: allauth's rate limits, ACCOUNT_RATE_LIMITS["newsletter_confirmation"].
    Every attempt counts, so the answer says nothing about the address."""
    return ratelimit.consume(request, action="newsletter_confirmation", key=email.strip().lower())


def send_confirmation(subscriber, topics) -> None:
    """One mail asking `subscriber` to confirm `topics` (those the request left pending)."""
    topics = list(topics)
    if not topics:
        return
    language = subscriber.mail_language
    with override(language):  # the link carries the language prefix of the mail
        confirm_url = tokens.confirmation_url(subscriber, [topic.pk for topic in topics])
    send_to_address(
        subscriber.email,
        language,
        "newsletters/mail/confirmation",
        {"name": subscriber.name, "topics": topics, "confirm_url": confirm_url},
    )
