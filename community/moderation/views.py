"""The member's side of moderation: reporting content they can see (SECURITY.md M5, C1); messages
here, group posts in `community.groups.discussion_views`."""

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


class ReportContentView(MemberRequiredMixin, View):
    """GET: the form with a quote of the content; POST: the report. A member who cannot see the
    content gets a 404 and nothing is recorded (C1). Subclasses say how to find the content
    (`get_content`), what the template shows of it (`content_context`) and where to go back to
    by default (`default_next_url`)."""

    template_name = None

    def get_content(self, pk):
        raise NotImplementedError

    def content_context(self) -> dict:
        return {}

    def default_next_url(self) -> str:
        return reverse("community:dashboard")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.content = self.get_content(kwargs["pk"])
        try:
            check_may_report(request.user, self.content)
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
        return self.default_next_url()

    def render(self, form):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "next": self.next_url(), **self.content_context()},
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
                self.content,
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


class ReportMessageView(ReportContentView):
    """Report a message of a conversation the member is in."""

    template_name = "community/messaging/report_form.html"

    def get_content(self, pk):
        return get_object_or_404(Message.objects.select_related("sender"), pk=pk)

    def content_context(self) -> dict:
        return {"message": self.content, "author_name": member_name(self.content.sender_id)}
