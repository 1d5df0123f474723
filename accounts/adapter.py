"""allauth adapters: our mail templates and language, throttled logins answered with 429, and
Feide as a way in that binds to a lasting e-mail login."""

from django.core.exceptions import ValidationError
from django.utils import translation

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

FEIDE_PROVIDER = "feide"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language() or "nb"
        user.preferred_language = "en" if language.startswith("en") else "nb"
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        # Mail goes out in the recipient's language where we know it, else the page's language.
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request, **credentials):
        """Too many failed logins for an address (or from an address) are answered with HTTP 429
        (SECURITY.md A3), not with a form error. The limit slides: once the window has passed
        the account signs in again; nothing is locked for good."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if not getattr(self, "_login_failed_rl_usage", None):
                raise ImmediateHttpResponse(respond_429(request)) from error
            raise


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Feide logins.

    A student's Feide address expires when they leave, so it must not become their login: on first
    Feide sign-in the member is asked for the e-mail address they will keep (signup form), and the
    Feide identity is attached to that account as a second way in. An existing member whose
    verified address matches is connected automatically (SOCIALACCOUNT_EMAIL_AUTHENTICATION).
    """

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def get_signup_form_initial_data(self, sociallogin):
        initial = super().get_signup_form_initial_data(sociallogin)
        if sociallogin.account.provider == FEIDE_PROVIDER:
            # The member types the address they will keep; the institution's is not offered.
            initial["email"] = ""
        return initial

    def save_user(self, request, sociallogin, form=None):
        if form is not None and sociallogin.account.provider == FEIDE_PROVIDER:
            # Keep only the address the member chose. allauth would otherwise store Feide's
            # (verified) address too and make it the primary one, i.e. the login that expires
            # with the studies, and the chosen address could stay unconfirmed for good.
            chosen = (form.cleaned_data.get("email") or "").lower()
            sociallogin.email_addresses = [
                address
                for address in sociallogin.email_addresses
                if address.email.lower() == chosen
            ]
        return super().save_user(request, sociallogin, form=form)
