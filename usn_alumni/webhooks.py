"""The mail provider's webhooks (django-anymail, Mailgun), served only when they are configured.

Anymail builds a Mailgun view's signature check when the view is first called, so without a
signing key every request to it — even a stranger's GET — ended in ImproperlyConfigured and a
500. A site without the keys has no webhooks: the guard answers 404, as if they were not mounted,
and reads the settings at request time, so configuring them needs no change of code. The shared
basic-auth secret is required too: without it anymail would accept any caller who can sign."""

import functools

from django.http import Http404
from django.urls import URLPattern

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError
from anymail.utils import get_anymail_setting


def mailgun_webhooks_configured() -> bool:
    """True when both the basic-auth secret and Mailgun's signing key (or its API key, which
    anymail falls back to) are set, in ANYMAIL or as ANYMAIL_* settings."""
    try:
        secret = get_anymail_setting("webhook_secret", default="")
        api_key = get_anymail_setting("api_key", esp_name="Mailgun", allow_bare=True, default=None)
        signing_key = get_anymail_setting(
            "webhook_signing_key", esp_name="Mailgun", default=api_key or ""
        )
    except AnymailConfigurationError:
        return False
    return bool(secret) and bool(signing_key)


def _only_when_configured(view):
    @functools.wraps(view)  # keeps csrf_exempt: the provider posts without a CSRF token
    def guarded(request, *args, **kwargs):
        if not mailgun_webhooks_configured():
            raise Http404("The mail provider's webhooks are not configured.")
        return view(request, *args, **kwargs)

    return guarded


def mailgun_webhook_patterns() -> list[URLPattern]:
    """Mailgun's patterns of django-anymail, each guarded. The other providers' views are left
    out: unconfigured (or needing boto3), they answered any request with a 500."""
    return [
        URLPattern(p.pattern, _only_when_configured(p.callback), p.default_args, p.name)
        for p in anymail_urls.urlpatterns
        if "mailgun" in str(p.pattern)
    ]
