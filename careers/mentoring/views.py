"""The mentoring pages for finding a mentor: the list with search and filters, a mentor's offer
with the request form, becoming a mentor, and a programme with its application form. Requests,
mentorships and "my mentoring" are in mentorship_views.py.

Nothing here is cached by browsers or proxies (S7); the list runs a constant number of queries
(R2).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from community.privacy import Viewer, can_view_profile, visible_groups
from home import rollout

from ..models import MentoringProgramme, MentoringRequest, MentorProfile, Mentorship
from . import policy, programmes, search, service
from .forms import (
    MentoringRequestForm,
    MentorOfferForm,
    MentorSearchForm,
    ProgrammeApplicationForm,
)
from .policy import MentoringRefused


@method_decorator(never_cache, name="dispatch")
class MentoringView(LoginRequiredMixin, View):
    """Signed-in members only; nothing here is stored by browsers or proxies (S7)."""


class BrowseAccessMixin:
    """Alumni and students only; other members are told how to become one of them."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.may_browse(request.user):
            return TemplateResponse(request, "careers/mentoring/locked.html", status=403)
        return super().dispatch(request, *args, **kwargs)


def open_programmes(now=None):
    now = now or timezone.now()
    return (
        MentoringProgramme.objects.filter(applications_open__lte=now, applications_close__gt=now)
        .exclude(faculty__in=rollout.faculties_without("mentoring"))
        .select_related("faculty")
    )


class MentorListView(BrowseAccessMixin, MentoringView):
    """Mentors taking requests, best fit for the viewer first, with search and filters."""

    def get(self, request):
        viewer = Viewer.for_user(request.user)
        form = MentorSearchForm(request.GET or None, topics=search.mentor_topic_choices())
        filters = form.cleaned_data if form.is_valid() else {}
        page = search.search_mentors(viewer, filters, request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return TemplateResponse(
            request,
            "careers/mentoring/mentor_list.html",
            {
                "mentoring_section": "find",
                "form": form,
                "page_obj": page,
                "mentors": page.object_list,
                "searched": any(value for key, value in request.GET.items() if key != "page"),
                "query_prefix": (query.urlencode() + "&") if query else "",
                "may_view_profiles": viewer.verified,
                "may_offer": viewer.verified,
                "offer": MentorProfile.objects.filter(user=request.user).first(),
                "programmes": list(open_programmes()),
            },
        )


class MentorOfferView(MentoringView):
    """Become a mentor, or change or pause one's offer (verified alumni only)."""

    template_name = "careers/mentoring/mentor_offer.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.may_mentor(request.user):
            return TemplateResponse(request, "careers/mentoring/offer_locked.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        offer = MentorProfile.objects.filter(user=request.user).first()
        return self.render(MentorOfferForm(instance=offer, user=request.user), offer)

    def post(self, request):
        offer = MentorProfile.objects.filter(user=request.user).first()
        form = MentorOfferForm(request.POST, instance=offer, user=request.user)
        if not form.is_valid():
            return self.render(form, offer, status=400)
        data = form.cleaned_data
        try:
            saved = service.save_offer(
                request.user,
                about=data["about"],
                topics=data["topics"],
                capacity=data["capacity"],
                offers_one_off=data["offers_one_off"],
                offers_term=data["offers_term"],
                active=data["active"],
            )
        except MentoringRefused as refusal:
            form.add_error(None, str(refusal))
            return self.render(form, offer, status=400)
        if saved.active:
            messages.success(request, _("Your mentor offer is saved and shown to mentees."))
        else:
            messages.success(request, _("Your mentor offer is saved and paused."))
        return redirect("careers:my_mentoring")

    def render(self, form, offer, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "offer": offer, "mentoring_section": "offer"},
            status=status,
        )


def visible_offer(user, pk):
    """A mentor's offer the user may look at: their own, or an active verified mentor's who is
    not blocked either way. None otherwise (the view's 404)."""
    offer = (
        MentorProfile.objects.select_related("user__profile")
        .prefetch_related("topics", "user__profile__education__programme")
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        return None
    if offer.user_id == user.pk:
        return offer
    mentor = offer.user
    profile = getattr(mentor, "profile", None)
    if not offer.active or not mentor.is_active or profile is None or not profile.is_verified:
        return None
    if policy.is_blocked_between(mentor, user):
        return None
    return offer


class MentorDetailView(BrowseAccessMixin, MentoringView):
    """A mentor's offer, what the viewer may see of their profile, and the request form."""

    def get_offer(self, pk):
        offer = visible_offer(self.request.user, pk)
        if offer is None:
            raise Http404
        return offer

    def get(self, request, pk):
        offer = self.get_offer(pk)
        return self.render(offer, MentoringRequestForm(offer=offer))

    def post(self, request, pk):
        offer = self.get_offer(pk)
        form = MentoringRequestForm(request.POST, offer=offer)
        if form.is_valid():
            try:
                sent = service.send_request(
                    request.user,
                    offer,
                    format=form.cleaned_data["format"],
                    purpose=form.cleaned_data["purpose"],
                )
            except MentoringRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("Your request is sent. %(name)s has 14 days to answer.")
                    % {"name": policy.mentor_name(offer)},
                )
                return redirect("careers:mentoring_request", sent.pk)
        return self.render(offer, form, status=400)

    def render(self, offer, form, status=200):
        user = self.request.user
        viewer = Viewer.for_user(user)
        profile = offer.user.profile
        faculty_ids = {record.faculty_id for record in profile.education.all()}
        own = offer.user_id == user.pk
        pending = (
            None
            if own
            else MentoringRequest.objects.filter(
                mentor=offer.user, mentee=user, status=MentoringRequest.Status.PENDING
            ).first()
        )
        return TemplateResponse(
            self.request,
            "careers/mentoring/mentor_detail.html",
            {
                "mentoring_section": "find",
                "offer": offer,
                "profile": profile,
                "show": visible_groups(viewer, profile, faculty_ids),
                "may_view_profile": can_view_profile(viewer, profile) and viewer.verified,
                "own": own,
                "has_room": policy.has_room(offer),
                "pending": pending,
                "form": form,
            },
            status=status,
        )


class ProgrammeView(BrowseAccessMixin, MentoringView):
    """A programme's description and dates, and the application form while the window is
    open."""

    def get_programme(self, pk):
        return get_object_or_404(MentoringProgramme.objects.select_related("faculty"), pk=pk)

    def get(self, request, pk):
        return self.render(self.get_programme(pk), ProgrammeApplicationForm())

    def post(self, request, pk):
        programme = self.get_programme(pk)
        form = ProgrammeApplicationForm(request.POST)
        if form.is_valid():
            try:
                programmes.apply(
                    request.user,
                    programme,
                    role=form.cleaned_data["role"],
                    motivation=form.cleaned_data["motivation"],
                )
            except MentoringRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, _("Thank you for applying. The coordinator will be in touch.")
                )
                return redirect("careers:mentoring_programme", pk)
        return self.render(programme, form, status=400)

    def render(self, programme, form, status=200):
        application = programme.applications.filter(user=self.request.user).first()
        return TemplateResponse(
            self.request,
            "careers/mentoring/programme.html",
            {
                "mentoring_section": "find",
                "programme": programme,
                "application": application,
                # A programme of a faculty without mentoring switched on takes no applications.
                "is_open": policy.programme_offered(programme)
                and programme.is_open_for_applications(),
                "not_yet_open": policy.programme_offered(programme)
                and timezone.now() < programme.applications_open,
                "form": form,
                "mentorship": Mentorship.objects.filter(programme=programme)
                .filter(Q(mentor=self.request.user) | Q(mentee=self.request.user))
                .first(),
            },
            status=status,
        )
