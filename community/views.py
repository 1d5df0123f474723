"""Member pages: dashboard, profile (view and edit), verification claim, directory."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, DetailView, TemplateView, View

from .directory import PAGE_SIZE, people_like_you, search_directory, take_page_view
from .forms import (
    DIRECTORY_QUERY_MAX_LENGTH,
    ClaimForm,
    DirectoryForm,
    EducationFormSet,
    LinkFormSet,
    PhotoForm,
    ProfileForm,
    VisibilityForm,
)
from .groups.directory import groups_on_profile
from .members import completeness, confirm_profile, ensure_profile, is_verified_member
from .messaging.policy import accepts_messages_from
from .models import MemberBlock, Profile, VerificationClaim
from .privacy import Viewer, can_view_profile, visible_groups


def with_visibility(viewer, profiles):
    """Pair each profile with the parts the viewer may see (education must be prefetched)."""
    return [
        {
            "profile": profile,
            "show": visible_groups(
                viewer, profile, {r.faculty_id for r in profile.education.all()}
            ),
        }
        for profile in profiles
    ]


class MemberRequiredMixin(LoginRequiredMixin):
    """Signed in (allauth lets nobody sign in before their address is confirmed)."""

    raise_exception = False


class DashboardView(MemberRequiredMixin, TemplateView):
    template_name = "community/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = ensure_profile(self.request.user)
        percent, next_step = completeness(profile)
        viewer = Viewer.for_user(self.request.user)
        context.update(
            profile=profile,
            percent=percent,
            next_step=next_step,
            verified=viewer.verified,
            pending_claim=VerificationClaim.objects.filter(
                user=self.request.user, status=VerificationClaim.Status.PENDING
            ).first(),
            suggestions=with_visibility(viewer, people_like_you(viewer)) if viewer.verified else [],
        )
        return context


@method_decorator(never_cache, name="dispatch")  # S7: no-store on profile edit
class ProfileEditView(MemberRequiredMixin, View):
    template_name = "community/profile_edit.html"

    def forms(self, profile, data=None):
        return {
            "form": ProfileForm(data, instance=profile, prefix="profile"),
            "visibility_form": VisibilityForm(data, instance=profile, prefix="visibility"),
            "education_formset": EducationFormSet(data, instance=profile, prefix="education"),
            "link_formset": LinkFormSet(data, instance=profile, prefix="links"),
        }

    def render(self, profile, forms, status=200):
        percent, next_step = completeness(profile)
        context = {
            **forms,
            "error_summary": error_summary(forms.values()) if status != 200 else [],
            "profile": profile,
            "percent": percent,
            "next_step": next_step,
            "photo_form": PhotoForm(),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        profile = ensure_profile(request.user)
        return self.render(profile, self.forms(profile))

    def post(self, request):
        profile = ensure_profile(request.user)
        forms = self.forms(profile, request.POST)
        if all(form.is_valid() for form in forms.values()):
            with transaction.atomic():
                forms["form"].save()
                forms["visibility_form"].save()
                forms["education_formset"].save()
                forms["link_formset"].save()
                confirm_profile(profile)
            messages.success(request, _("Your profile has been saved."))
            return redirect("community:profile_edit")
        messages.error(request, _("Your profile was not saved. Please correct the marked fields."))
        return self.render(profile, forms, status=400)


def error_summary(forms_and_formsets):
    """(field id, label, message) for every error in the given forms and formsets, so one
    summary at the top can link to each field (WCAG 3.3.1)."""
    summary = []
    for item in forms_and_formsets:
        forms = list(item) if hasattr(item, "management_form") else [item]
        if hasattr(item, "non_form_errors"):
            summary += [("", "", error) for error in item.non_form_errors()]
        for form in forms:
            summary += [("", "", error) for error in form.non_field_errors()]
            for field in form:
                summary += [(field.id_for_label, field.label, error) for error in field.errors]
    return summary


class PhotoUploadView(MemberRequiredMixin, View):
    def post(self, request):
        profile = ensure_profile(request.user)
        if request.POST.get("remove"):
            if profile.photo:
                profile.photo.delete(save=False)
            profile.photo = ""
            profile.save(update_fields=["photo"])
            messages.success(request, _("Your photo has been removed."))
            return redirect("community:profile_edit")
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            old = profile.photo.name if profile.photo else None
            profile.photo.save("photo.jpg", form.cleaned_data["photo"], save=True)
            if old:
                profile.photo.storage.delete(old)
            messages.success(request, _("Your photo has been saved."))
        else:
            for error in form.errors.get("photo", []):
                messages.error(request, error)
        return redirect("community:profile_edit")


class ConfirmProfileView(MemberRequiredMixin, View):
    def post(self, request):
        confirm_profile(ensure_profile(request.user))
        messages.success(request, _("Thank you for confirming your profile."))
        return redirect(request.POST.get("next") or "community:dashboard")


class ProfileDetailView(MemberRequiredMixin, DetailView):
    template_name = "community/profile_detail.html"
    context_object_name = "profile"

    def get_object(self, queryset=None):
        profile = get_object_or_404(
            Profile.objects.with_directory_relations().prefetch_related(
                "links", "skills", "interests"
            ),
            pk=self.kwargs["pk"],
        )
        self.viewer = Viewer.for_user(self.request.user)
        if not can_view_profile(self.viewer, profile):
            raise Http404
        return profile

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.object
        context["show"] = show = visible_groups(self.viewer, profile)
        context["is_own"] = is_own = profile.user_id == self.request.user.pk
        # Never a hidden group, and only where the member's "who sees my groups" allows.
        context["groups"] = list(groups_on_profile(profile.user)) if "groups" in show else []
        if not is_own and self.viewer.verified:
            blockers = set(
                MemberBlock.objects.between(self.request.user, profile.user).values_list(
                    "blocker_id", flat=True
                )
            )
            # The same answer for "takes no messages from you" and "blocked you" (M4).
            context["may_message"] = profile.is_verified and accepts_messages_from(
                profile, self.request.user, blockers
            )
            context["i_blocked"] = self.request.user.pk in blockers
        return context


class ClaimCreateView(MemberRequiredMixin, CreateView):
    model = VerificationClaim
    form_class = ClaimForm
    template_name = "community/claim_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if is_verified_member(request.user):
                messages.info(request, _("You are already a verified alumnus."))
                return redirect("community:dashboard")
            pending = VerificationClaim.objects.filter(
                user=request.user, status=VerificationClaim.Status.PENDING
            ).exists()
            if pending:
                messages.info(request, _("Your request is waiting for the faculty."))
                return redirect("community:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.user = self.request.user
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Thank you. The faculty will check your request, and we will tell you by e-mail."),
        )
        return response

    def get_success_url(self):
        return reverse("community:dashboard")


class DirectoryView(MemberRequiredMixin, TemplateView):
    template_name = "community/directory.html"

    def get(self, request, *args, **kwargs):
        self.viewer = Viewer.for_user(request.user)
        if not self.viewer.verified:
            return TemplateResponse(request, "community/directory_locked.html", status=403)
        if not take_page_view(request.user):
            response = TemplateResponse(request, "community/too_many_requests.html", status=429)
            response["Retry-After"] = "900"
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET.copy()
        if len(data.get("q", "")) > DIRECTORY_QUERY_MAX_LENGTH:
            # Shortened, not refused: a refused form would drop every filter and list everyone.
            data["q"] = data["q"][:DIRECTORY_QUERY_MAX_LENGTH]
            messages.info(
                self.request,
                _("Your search was shortened to %(count)s characters.")
                % {"count": DIRECTORY_QUERY_MAX_LENGTH},
            )
        form = DirectoryForm(data or None)
        filters = form.cleaned_data if form.is_valid() else {}
        searched = bool(data)
        page = search_directory(self.viewer, filters, data.get("page"))
        results = with_visibility(self.viewer, page.object_list)
        query = data.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page_obj=page,
            results=results,
            searched=searched,
            page_size=PAGE_SIZE,
            query_prefix=(query.urlencode() + "&") if query else "",
            suggestions=[]
            if searched
            else with_visibility(self.viewer, people_like_you(self.viewer)),
        )
        return context
