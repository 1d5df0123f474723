"""Views of the accounts app: the admin login redirect; "my data", its export and deleting the
account."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, RedirectView, TemplateView

from allauth.account.internal.flows import reauthentication
from allauth.core import ratelimit
from allauth.core.exceptions import ReauthenticationRequired

from .audit import AuditAction, record
from .deletion import delete_account
from .forms import DeleteAccountForm
from .my_data import export_json, sections_for
from .registry import export_user


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


# "My data", export and account deletion (issue 9; SECURITY.md P1, P2, S7).


@method_decorator(never_cache, name="dispatch")
class MyDataView(LoginRequiredMixin, TemplateView):
    """Everything held about the member, one section per registry entry, with links to correct
    it; and where the data goes."""

    template_name = "accounts/my_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        held, empty = sections_for(user)
        # accounts knows no higher app: the CRM choice is read off whatever profile there is.
        profile = getattr(user, "profile", None)
        context.update(
            held=held,
            empty=empty,
            shares_with_crm=bool(getattr(profile, "share_with_crm", False)),
            crm_edit_url=_reverse_or_blank("community:profile_edit"),
        )
        return context


@method_decorator(never_cache, name="dispatch")
class MyDataExportView(LoginRequiredMixin, View):
    """The member's own data as a JSON file (P1). There is no id in the URL: it is always the
    signed-in member's data."""

    def get(self, request):
        user = request.user
        body = export_json(
            {
                "exported_at": timezone.now(),
                "account": {
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "preferred_language": user.preferred_language,
                    "date_joined": user.date_joined,
                    "last_login": user.last_login,
                },
                "data": export_user(user),
            }
        )
        record(AuditAction.EXPORT, actor=user, subject=user)
        filename = f"usn-alumni-data-{timezone.localdate():%Y-%m-%d}.json"
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _reverse_or_blank(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _passwordless(user) -> bool:
    return not user.has_usable_password()


@method_decorator(never_cache, name="dispatch")
class DeleteAccountView(LoginRequiredMixin, FormView):
    """Deleting the account (P2): asks for the password (a Feide-only account re-authenticates
    through allauth first), then erases at once, ends every session and says goodbye."""

    template_name = "accounts/delete_account.html"
    form_class = DeleteAccountForm

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and _passwordless(request.user)
            and not reauthentication.did_recently_reauthenticate(request)
        ):
            # allauth's middleware sends the member through its re-authentication (Feide) and
            # back here.
            raise ReauthenticationRequired()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        if not _passwordless(request.user):
            # Guessing the password here is throttled like allauth's own re-authentication.
            limited = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
            if limited:
                return limited
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        delete_account(self.request)
        return redirect("accounts:account_deleted")


class AccountDeletedView(TemplateView):
    """The goodbye page, for a visitor who no longer has an account."""

    template_name = "accounts/delete_account_done.html"
