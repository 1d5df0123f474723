"""The member's side of moderation: reporting a message they can see (SECURITY.md M5, C1)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from ..models import Message, Report
from ..views import MemberRequiredMixin
from .service import ContentNotFound, ReportRefused, check_may_report, member_name, report_content


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong with it?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything the moderators should know (optional)"),
        help_text=gettext_lazy("The member you report is not told who reported them."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportMessageView(MemberRequiredMixin, View):
    """GET: the form with a quote of the message; POST: the report. A member who cannot see the
    message gets a 404 and nothing is recorded (C1)."""

    template_name = "community/messaging/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.message = get_object_or_404(Message.objects.select_related("sender"), pk=kwargs["pk"])
        try:
            check_may_report(request.user, self.message)
        except ContentNotFound:
            raise Http404 from None
        except ReportRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        """Back where the member came from, if that is a path on this site."""
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ) and candidate.startswith("/"):
            return candidate
        return reverse("community:dashboard")

    def render(self, form):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "message": self.message,
                "author_name": member_name(self.message.sender_id),
                "next": self.next_url(),
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render(ReportForm())

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            report_content(
                request.user,
                self.message,
                form.cleaned_data["reason"],
                form.cleaned_data["comment"],
            )
        except ContentNotFound:
            raise Http404 from None
        except ReportRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.next_url())
        messages.success(request, _("Thank you. The moderators will look at it."))
        return redirect(self.next_url())
