"""Mentoring programmes in the admin, scoped to the coordinator's faculty (SECURITY.md C3).

Administrators manage every programme; a faculty coordinator only their faculties' (the one place
that decides is careers.mentoring.policy.manageable_programmes). A programme of another faculty is
the admin's 403, an unknown one a 404, and nothing changes. Per programme: the applications, the
suggested matches the coordinator confirms, rejects or changes, and the figures (applied, matched,
active, completed, dropped; the closing feedback only as a count and an average).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from community.admin_views.access import AdminRefusalMixin, NoExportMixin

from ..mentoring import matching, policy, programmes
from ..mentoring.policy import MentoringRefused
from ..mentoring.search import SubqueryCount
from ..models import (
    MentoringProgramme,
    Mentorship,
    ProgrammeApplication,
    ProgrammeMatch,
)

MATCHES_URL_NAME = "mentoring_programmes:matches"
INDEX_URL_NAME = "mentoring_programmes:index"


class MentoringProgrammeForm(WagtailAdminModelForm):
    """A coordinator picks one of their own faculties; the dates must follow each other."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "faculty" in self.fields:
            field = self.fields["faculty"]
            field.queryset = policy.programme_faculties(user)
            if not user.is_superuser:
                field.required = True
                field.empty_label = None

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("applications_open"), cleaned.get("applications_close")
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if opens and closes and closes <= opens:
            self.add_error(
                "applications_close", gettext("Applications must close after they open.")
            )
        if starts and ends and ends <= starts:
            self.add_error("ends", gettext("The programme must end after it starts."))
        if closes and starts and starts < closes.date():
            self.add_error(
                "starts", gettext("The programme starts once the applications have closed.")
            )
        return cleaned


def figure_annotations():
    """Per programme, as subqueries in the listing's one query."""

    def count(queryset):
        return SubqueryCount(queryset.values("pk"))

    mentorships = Mentorship.objects.filter(programme=OuterRef("pk"))
    return {
        "applied": count(
            ProgrammeApplication.objects.filter(programme=OuterRef("pk")).exclude(
                status=ProgrammeApplication.Status.WITHDRAWN
            )
        ),
        "matched": count(
            ProgrammeMatch.objects.filter(
                programme=OuterRef("pk"), status=ProgrammeMatch.Status.CONFIRMED
            )
        ),
        "active": count(mentorships.filter(status=Mentorship.Status.ACTIVE)),
        "completed": count(mentorships.filter(status=Mentorship.Status.COMPLETED)),
        "dropped": count(mentorships.filter(status=Mentorship.Status.DROPPED)),
    }


class ProgrammeIndexView(NoExportMixin, AdminRefusalMixin, generic.IndexView):
    """The programmes the user manages, with their figures."""

    def get_base_queryset(self):
        return (
            policy.manageable_programmes(self.request.user)
            .select_related("faculty")
            .annotate(**figure_annotations())
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label=_("Programme"),
                get_url=lambda programme: reverse(MATCHES_URL_NAME, args=[programme.pk]),
                sort_key="name",
            ),
            Column(
                "faculty",
                label=_("Faculty"),
                accessor=lambda programme: programme.faculty.code if programme.faculty else "–",
            ),
            DateColumn("applications_close", label=_("Applications close")),
            DateColumn("starts", label=_("Starts"), sort_key="starts"),
            Column("applied", label=_("Applied"), sort_key="applied"),
            Column("matched", label=_("Matched"), sort_key="matched"),
            Column("active", label=_("Active"), sort_key="active"),
            Column("completed", label=_("Completed"), sort_key="completed"),
            Column("dropped", label=_("Ended early"), sort_key="dropped"),
        ]


class ProgrammeScopeMixin:
    """The programme of the URL: 404 when there is none, 403 outside the user's faculties."""

    def get_object(self, queryset=None):
        programme = get_object_or_404(
            MentoringProgramme.objects.select_related("faculty"),
            pk=unquote(str(self.kwargs["pk"])),
        )
        if not policy.may_manage_programme(self.request.user, programme):
            raise PermissionDenied
        return programme


class ProgrammeCreateView(AdminRefusalMixin, generic.CreateView):
    def save_instance(self):
        programme = self.form.save(commit=False)
        programme.created_by = self.request.user
        programme.save()
        log(instance=programme, action="wagtail.create", user=self.request.user)
        return programme


class ProgrammeEditView(AdminRefusalMixin, ProgrammeScopeMixin, generic.EditView):
    pass


class ProgrammeDeleteView(AdminRefusalMixin, ProgrammeScopeMixin, generic.DeleteView):
    pass


class ProgrammeTargetMixin:
    """Loads what the URL names once the model permission has been checked: a 404 when there
    is no such thing, a 403 when its programme is outside the user's faculties (C3)."""

    def load_target(self, pk):
        self.load_programme(pk)

    def load_programme(self, pk):
        programme = get_object_or_404(MentoringProgramme.objects.select_related("faculty"), pk=pk)
        if not policy.may_manage_programme(self.request.user, programme):
            raise PermissionDenied
        self.programme = programme
        return programme

    def dispatch(self, request, *args, **kwargs):
        self.load_target(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class ProgrammeAdminMixin(AdminRefusalMixin, PermissionCheckedMixin, ProgrammeTargetMixin):
    model = MentoringProgramme
    header_icon = "group"


class ProgrammeMatchesView(ProgrammeAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """The figures, the suggested and confirmed matches, and the mentees still waiting."""

    template_name = "careers/mentoring/admin/programme_matches.html"
    any_permission_required = ["view", "change"]

    def get_page_title(self):
        return self.programme.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": _("Mentoring programmes")},
            {"url": "", "label": self.programme.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.programme
        matches = list(
            programme.matches.exclude(status=ProgrammeMatch.Status.REJECTED)
            .select_related(
                "mentor_application__user__profile", "mentee_application__user__profile"
            )
            .order_by("status", "-score", "pk")
        )
        applications = list(
            programme.applications.select_related("user__profile").order_by(
                "role", "created_at", "pk"
            )
        )
        may_change = self.user_has_permission("change")
        context.update(
            programme=programme,
            figures=programmes.figures(programme),
            suggested=[m for m in matches if m.status == ProgrammeMatch.Status.SUGGESTED],
            confirmed=[m for m in matches if m.status == ProgrammeMatch.Status.CONFIRMED],
            waiting=list(matching.unmatched_mentee_applications(programme)),
            mentors=[a for a in applications if a.role == ProgrammeApplication.Role.MENTOR],
            mentees=[a for a in applications if a.role == ProgrammeApplication.Role.MENTEE],
            may_change=may_change,
            edit_url=reverse("mentoring_programmes:edit", args=[programme.pk])
            if may_change
            else "",
        )
        return context


class ProgrammeActionMixin(ProgrammeAdminMixin):
    """A POST that changes the programme's matches (change permission)."""

    permission_required = "change"
    http_method_names = ["post"]

    def back(self):
        return redirect(MATCHES_URL_NAME, self.programme.pk)


class SuggestMatchesView(ProgrammeActionMixin, View):
    def post(self, request, pk):
        created = matching.suggest_matches(self.programme)
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d new match suggestion. Confirm or change it below.",
                    "%(count)d new match suggestions. Confirm or change them below.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, gettext("No new matches to suggest."))
        return self.back()


class MatchActionView(ProgrammeActionMixin, View):
    """Confirm or reject one suggested match."""

    confirm = True

    def load_target(self, pk):
        self.match = get_object_or_404(
            ProgrammeMatch.objects.select_related(
                "programme",
                "mentor_application__user__profile",
                "mentee_application__user__profile",
            ),
            pk=pk,
        )
        self.load_programme(self.match.programme_id)

    def post(self, request, pk):
        try:
            if self.confirm:
                programmes.confirm_match(request.user, self.match)
            else:
                programmes.reject_match(request.user, self.match)
        except MentoringRefused as refusal:
            messages.error(request, str(refusal))
            return self.back()
        names = {
            "mentor": policy.mentor_name(self.match.mentor_application.user),
            "mentee": policy.mentor_name(self.match.mentee_application.user),
        }
        if self.confirm:
            message = gettext("Confirmed: %(mentor)s mentors %(mentee)s. Both have been notified.")
        else:
            message = gettext(
                "Rejected: %(mentor)s and %(mentee)s. Pick another mentor for %(mentee)s."
            )
        messages.success(request, message % names)
        return self.back()


class AssignMentorForm(forms.Form):
    mentor = forms.ChoiceField(label=_("Mentor"), widget=forms.RadioSelect)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [
            (
                option["application"].pk,
                gettext("%(name)s (score %(score)d, room for %(room)d)")
                % {
                    "name": policy.mentor_name(option["application"].user),
                    "score": option["score"],
                    "room": option["room"],
                },
            )
            for option in options
        ]


class AssignMentorView(ProgrammeAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """Pick the mentor for a mentee (instead of the suggestion, or where there was none)."""

    template_name = "careers/mentoring/admin/assign_mentor.html"
    permission_required = "change"

    def load_target(self, pk):
        self.application = get_object_or_404(
            ProgrammeApplication.objects.select_related("user__profile"),
            pk=pk,
            role=ProgrammeApplication.Role.MENTEE,
        )
        self.load_programme(self.application.programme_id)

    @cached_property
    def options(self):
        return matching.mentor_options(self.programme, self.application)

    def get_page_title(self):
        return gettext("A mentor for %(name)s") % {
            "name": policy.mentor_name(self.application.user)
        }

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": _("Mentoring programmes")},
            {
                "url": reverse(MATCHES_URL_NAME, args=[self.programme.pk]),
                "label": self.programme.name,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            programme=self.programme,
            application=self.application,
            form=kwargs.get("form") or AssignMentorForm(options=self.options),
            has_options=bool(self.options),
        )
        return context

    def post(self, request, pk):
        form = AssignMentorForm(request.POST, options=self.options)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        mentor_application = get_object_or_404(
            ProgrammeApplication, pk=form.cleaned_data["mentor"], programme=self.programme
        )
        try:
            programmes.assign_mentor(request.user, self.application, mentor_application)
        except MentoringRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(MATCHES_URL_NAME, self.programme.pk)
        messages.success(
            request,
            gettext("%(mentor)s is now suggested for %(mentee)s. Confirm the match to start.")
            % {
                "mentor": policy.mentor_name(mentor_application.user),
                "mentee": policy.mentor_name(self.application.user),
            },
        )
        return redirect(MATCHES_URL_NAME, self.programme.pk)


class ProgrammeURLFinder(ModelAdminURLFinder):
    edit_url_name = "mentoring_programmes:edit"
