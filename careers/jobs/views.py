"""The job board's pages: the list with search and filters, a posting, posting and editing one,
"my postings" with renew and close, reporting a posting, and job alerts.

Every object URL asks careers.jobs.policy about the current user and *that* posting or alert: a
stranger gets 404 and nothing changes (SECURITY.md C1). The list runs the same number of queries
for 3 or 3,000 postings (R2).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from community.models import InterestTag
from community.moderation.service import (
    ContentNotFound,
    ReportRefused,
    check_may_report,
    report_content,
)
from community.moderation.views import ReportForm
from home.models import Faculty

from ..models import JobPosting, JobStatus, JobType, SavedJobSearch, WorkPlace
from . import alerts, policy, service
from .forms import JobPostingForm, JobSearchForm, SavedSearchForm

PAGE_SIZE = 20


class MemberView(LoginRequiredMixin, View):
    """Signed-in members only; their own postings and alerts are not cached by browsers."""

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


# --- The list and a posting ---------------------------------------------------------------------


class JobListView(View):
    """Published postings the user may see, newest first, 20 a page; search and filters."""

    def get(self, request):
        form = JobSearchForm(
            {key: request.GET[key] for key in JobSearchForm.FIELDS if key in request.GET} or None
        )
        if form.is_bound:
            form.is_valid()  # errors are shown; the valid fields still filter
        query = form.query()
        postings = (
            policy.listed_postings(request.user)
            .filtered(**query)
            .newest_first()
            .prefetch_related("topics", "faculties")
        )
        page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "careers/jobs/job_list.html",
            {
                "form": form,
                "page_obj": page,
                "postings": page.object_list,
                "query": query,
                "query_prefix": urlencode(query) + "&" if query else "",
                "searched": bool(query),
                "save_form": SavedSearchForm() if request.user.is_authenticated else None,
                "may_post": policy.may_post(request.user),
                "login_url": reverse("account_login")
                + "?"
                + urlencode({"next": request.get_full_path()}),
            },
        )


class JobDetailView(View):
    def get(self, request, pk):
        posting = get_object_or_404(
            JobPosting.objects.prefetch_related("topics", "faculties", "programmes"), pk=pk
        )
        access = policy.detail_access(request.user, posting)
        if access == policy.LOGIN:
            return redirect_to_login(request.get_full_path())
        if access == policy.NOT_FOUND:
            raise Http404
        is_poster = policy.is_poster(request.user, posting)
        may_review = policy.may_review(request.user, posting)
        listed = (
            posting.status == JobStatus.PUBLISHED
            and policy.listed_postings(request.user).filter(pk=posting.pk).exists()
        )
        return TemplateResponse(
            request,
            "careers/jobs/job_detail.html",
            {
                "posting": posting,
                "listed": listed,
                "is_poster": is_poster,
                "review_url": reverse("job_postings:review", args=[posting.pk])
                if may_review
                else "",
                "may_report": request.user.is_authenticated and listed and not is_poster,
                "may_edit": is_poster and policy.may_edit(posting),
                "may_renew": is_poster and policy.may_renew(posting),
                "may_close": is_poster and policy.may_close(posting),
            },
        )


# --- Posting, editing, renewing, closing --------------------------------------------------------


class JobCreateView(MemberView):
    template_name = "careers/jobs/job_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.may_post(request.user):
            return TemplateResponse(request, "careers/jobs/not_verified.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "posting": None, "trusted": policy.is_trusted(self.request.user)},
            status=status,
        )

    def get(self, request):
        return self.render(JobPostingForm())

    def post(self, request):
        form = JobPostingForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        posting = service.submit_posting(form.save(commit=False), request.user, **form.relations())
        if posting.status == JobStatus.PUBLISHED:
            messages.success(request, _("Your posting is published."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your posting waits for review; you get an e-mail when it is "
                    "published."
                ),
            )
        return redirect("careers:job_mine")


class OwnPostingMixin:
    """The posting of the URL among the user's own, or 404 (C1)."""

    def get_posting(self, pk):
        return get_object_or_404(policy.own_postings(self.request.user), pk=pk)


class JobEditView(OwnPostingMixin, MemberView):
    template_name = "careers/jobs/job_form.html"

    def render(self, form, posting, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "posting": posting,
                "trusted": policy.is_trusted(self.request.user),
                "reviewed_fields": sorted(service.REVIEWED_FIELDS),
            },
            status=status,
        )

    def refuse(self, posting):
        messages.error(self.request, _("A closed posting cannot be changed."))
        return redirect("careers:job_mine")

    def get(self, request, pk):
        posting = self.get_posting(pk)
        if not policy.may_edit(posting):
            return self.refuse(posting)
        return self.render(JobPostingForm(instance=posting), posting)

    def post(self, request, pk):
        posting = self.get_posting(pk)
        if not policy.may_edit(posting):
            return self.refuse(posting)
        was = posting.status
        form = JobPostingForm(request.POST, instance=posting)
        if not form.is_valid():
            return self.render(form, posting, status=400)
        try:
            posting = service.update_posting(
                form.save(commit=False), request.user, form.changed_data, **form.relations()
            )
        except service.JobRefused as refusal:
            form.add_error(None, str(refusal))
            return self.render(form, self.get_posting(pk), status=400)
        if posting.status == JobStatus.PENDING and was != JobStatus.PENDING:
            messages.success(
                request,
                _(
                    "Your changes are saved. The posting waits for review again before it is "
                    "shown; you get an e-mail when it is published."
                ),
            )
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect("careers:job_mine")


class JobActionView(OwnPostingMixin, MemberView):
    """GET asks for confirmation (a link in a mail changes nothing); POST does it."""

    template_name = "careers/jobs/job_confirm.html"
    action = None  # "renew" or "close"

    def allowed(self, posting) -> bool:
        return policy.may_renew(posting) if self.action == "renew" else policy.may_close(posting)

    def get(self, request, pk):
        posting = self.get_posting(pk)
        if not self.allowed(posting):
            return self.refuse()
        context = {"posting": posting, "action": self.action}
        if self.action == "renew":
            context["new_expiry"] = service.expiry_for(timezone.now(), posting.deadline)
        return TemplateResponse(request, self.template_name, context)

    def refuse(self):
        if self.action == "renew":
            messages.error(self.request, _("Only a published or expired posting can be renewed."))
        else:
            messages.error(self.request, _("This posting is already closed."))
        return redirect("careers:job_mine")

    def post(self, request, pk):
        posting = self.get_posting(pk)
        if not self.allowed(posting):
            return self.refuse()
        try:
            if self.action == "renew":
                posting = service.renew_posting(posting)
            else:
                service.close_posting(posting)
        except service.JobRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("careers:job_mine")
        if self.action == "renew":
            messages.success(
                request,
                _("The posting is open until %(date)s.")
                % {"date": service.local_date(posting.expires_at)},
            )
        else:
            messages.success(request, _("The posting is closed."))
        return redirect("careers:job_mine")


class MyJobsView(MemberView):
    """The member's own postings with their status and what they can do with each."""

    def get(self, request):
        postings = policy.own_postings(request.user).order_by("-created_at", "-pk")
        page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [
            {
                "posting": posting,
                "may_edit": policy.may_edit(posting),
                "may_renew": policy.may_renew(posting),
                "may_close": policy.may_close(posting),
            }
            for posting in page.object_list
        ]
        return TemplateResponse(
            request,
            "careers/jobs/my_jobs.html",
            {"page_obj": page, "rows": rows, "may_post": policy.may_post(request.user)},
        )


# --- Reporting ----------------------------------------------------------------------------------


class JobReportView(MemberView):
    """GET: the form; POST: the report (M5). A member who cannot see the posting gets a 404 and
    nothing is recorded (C1)."""

    template_name = "careers/jobs/job_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.posting = get_object_or_404(JobPosting, pk=kwargs["pk"])
        try:
            check_may_report(request.user, self.posting)
        except ContentNotFound:
            raise Http404 from None
        except ReportRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("careers:job_detail", self.posting.pk)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "posting": self.posting},
            status=status,
        )

    def get(self, request, pk):
        return self.render(ReportForm())

    def post(self, request, pk):
        form = ReportForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            report_content(
                request.user,
                self.posting,
                form.cleaned_data["reason"],
                form.cleaned_data["comment"],
            )
        except ContentNotFound:
            raise Http404 from None
        except ReportRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("careers:job_detail", self.posting.pk)
        messages.success(request, _("Thank you. The moderators will look at it."))
        self.posting.refresh_from_db()
        if self.posting.hidden_at is not None:
            return redirect("careers:job_list")
        return redirect("careers:job_detail", self.posting.pk)


# --- Job alerts ---------------------------------------------------------------------------------


def describe_search(query: dict, topics: dict, faculties: dict) -> list[tuple[str, str]]:
    """A saved search in words: (what, value) pairs."""
    described = []
    if query.get("q"):
        described.append((_("Words"), query["q"]))
    if query.get("job_type") in JobType.values:
        described.append((_("Type of position"), JobType(query["job_type"]).label))
    if query.get("workplace") in WorkPlace.values:
        described.append((_("On site, hybrid or remote"), WorkPlace(query["workplace"]).label))
    if query.get("topic") in topics:
        described.append((_("Field"), topics[query["topic"]]))
    if query.get("faculty") in faculties:
        described.append((_("Faculty"), faculties[query["faculty"]]))
    if query.get("location"):
        described.append((_("Place"), query["location"]))
    return described


class JobAlertListView(MemberView):
    def get(self, request):
        searches = list(SavedJobSearch.objects.filter(user=request.user))
        topic_ids = {s.query.get("topic") for s in searches} - {None}
        faculty_ids = {s.query.get("faculty") for s in searches} - {None}
        topics = dict(InterestTag.objects.filter(pk__in=topic_ids).values_list("pk", "name"))
        faculties = {f.pk: f.name for f in Faculty.objects.filter(pk__in=faculty_ids)}
        rows = [
            {
                "search": search,
                "described": describe_search(search.query, topics, faculties),
                "url": alerts.search_url(search.query),
            }
            for search in searches
        ]
        return TemplateResponse(
            request,
            "careers/jobs/job_alerts.html",
            {"rows": rows, "limit": alerts.MAX_SAVED_SEARCHES},
        )


class JobAlertSaveView(MemberView):
    """POST only: the list's current search, with a name."""

    http_method_names = ["post"]

    def post(self, request):
        search = JobSearchForm(
            {key: request.POST[key] for key in JobSearchForm.FIELDS if key in request.POST}
        )
        search.is_valid()
        query = search.query()
        named = SavedSearchForm(request.POST)
        if not named.is_valid():
            messages.error(request, _("Give the job alert a name of at most 100 characters."))
            return redirect(alerts.search_url(query))
        try:
            alerts.save_search(request.user, named.cleaned_data["name"], query)
        except alerts.AlertRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(alerts.search_url(query))
        messages.success(
            request,
            _(
                "Job alert saved. You hear about new matching jobs as your notification "
                "settings for job alerts say."
            ),
        )
        return redirect("careers:job_alerts")


class JobAlertDeleteView(MemberView):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not alerts.delete_search(request.user, pk):
            raise Http404
        messages.success(request, _("The job alert is deleted."))
        return redirect("careers:job_alerts")
