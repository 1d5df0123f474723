"""Views of the accounts app."""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import RedirectView


class AdminLoginRedirectView(RedirectView):
    """/admin/login/ goes to allauth's login, keeping a safe `next`, so admin users pass MFA."""

    def get_redirect_url(self, *args, **kwargs):
        next_url = self.request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            next_url = reverse("wagtailadmin_home")
        return f"{reverse('account_login')}?{urlencode({'next': next_url})}"
