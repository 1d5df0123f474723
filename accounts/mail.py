"""Transactional mail to one person, in their language, as plain text and accessible HTML.

Transactional mail (confirmations, decisions, reminders the member asked for) carries no
unsubscribe-post header and no marketing (SECURITY.md E7); campaigns use their own stream.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_to_address(
    email: str,
    language: str | None,
    template: str,
    context: dict | None = None,
    attachments=(),
) -> None:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language` and
    send them to `email`; for people without an account (visitors) as well as members.

    `attachments` are (filename, content, mimetype) triples."""
    language = language or settings.LANGUAGE_CODE
    context = {"site_url": settings.WAGTAILADMIN_BASE_URL, **(context or {})}
    with translation.override(language):
        context["LANGUAGE_CODE"] = language
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email]
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def send_to_user(user, template: str, context: dict | None = None, attachments=()) -> None:
    """Send `template` to the user's address in the user's preferred language."""
    send_to_address(
        user.email,
        getattr(user, "preferred_language", None),
        template,
        {"user": user, **(context or {})},
        attachments=attachments,
    )
