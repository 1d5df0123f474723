"""Middleware of the accounts app: MFA for everyone who can reach the Wagtail admin (SECURITY.md
A5), and account pages kept out of caches (S7)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from usn_alumni.middleware import admin_prefix

from .mfa_policy import can_reach_admin, has_second_factor, session_used_second_factor


class AdminRequiresMultiFactorMiddleware:
    """Sends admin users without a second factor to set one up, and admin users who signed in
    without it to confirm it, before any admin page is served. Members are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()) and can_reach_admin(request.user):
            next_query = urlencode({"next": request.get_full_path()})
            if not has_second_factor(request.user):
                messages.info(
                    request,
                    _("The admin needs two-factor authentication. Set it up to continue."),
                )
                return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
            if not session_used_second_factor(request):
                return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        return self.get_response(request)


class AccountPagesNoStoreMiddleware:
    """Every page served by allauth (sign-in, e-mail, password, two-factor, sessions, Feide
    connections) is answered with `Cache-Control: no-store`: they show addresses, recovery codes
    and forms with tokens that no browser or proxy cache should keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and is_account_view(match.func):
            add_never_cache_headers(response)
        return response


def is_account_view(view) -> bool:
    view_class = getattr(view, "view_class", None)
    module = (view_class or view).__module__ or ""
    return module.startswith("allauth.")
