"""Transactional mail to one person, in their language, as plain text and accessible HTML.

Transactional mail (confirmations, decisions, reminders the member asked for) carries no
unsubscribe-post header and no marketing (SECURITY.md E7); campaigns use their own stream.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_to_user(user, template: str, context: dict | None = None) -> None:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in the user's
    language and send them to the user's address."""
    language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    context = {
        "user": user,
        "site_url": settings.WAGTAILADMIN_BASE_URL,
        **(context or {}),
    }
    with translation.override(language):
        context["LANGUAGE_CODE"] = language
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )
    message.attach_alternative(html, "text/html")
    message.send()
