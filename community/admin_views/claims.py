"""The queue of verification claims, scoped to the coordinator's faculties (SECURITY.md C3): the
listing, the review page with the register entries that look like the claimant, and the decision.
"""

from django import forms
from django.contrib import messages
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

import django_filters

from home.models import Faculty

from ..models import EducationRecord, GraduateRecord, Profile, VerificationClaim
from ..models.verification import name_key
from ..verification import claims_for_coordinator, decide_claim
from .access import AdminRefusalMixin, ScopedObjectMixin, visible_faculties


def claim_faculties(request):
    """The faculty filter offers only the faculties whose claims the user sees."""
    return visible_faculties(request.user) if request else Faculty.objects.none()


class ClaimFilterSet(WagtailFilterSet):
    """Filter the claims by status and, for those who see several, by faculty."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VerificationClaim.Status.choices
    )
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=claim_faculties)

    class Meta:
        model = VerificationClaim
        fields = ["status", "faculty"]


def claim_log_title(claim) -> str:
    return gettext("Verification claim %(pk)s (%(faculty)s)") % {
        "pk": claim.pk,
        "faculty": claim.faculty.code,
    }


def member_name(claim) -> str:
    return claim.user.get_full_name() or claim.user.email


def programme_label(claim) -> str:
    return claim.programme.name if claim.programme else claim.programme_name


class ClaimIndexView(AdminRefusalMixin, IndexView):
    """The claims the user may handle, those waiting first."""

    any_permission_required = ["change", "view"]
    review_url_name = None

    def get_base_queryset(self):
        return claims_for_coordinator(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        waiting_first = Case(
            When(status=VerificationClaim.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.annotate(decided=waiting_first).order_by("decided", "-created_at", "-pk")

    def get_edit_url(self, instance):
        return reverse(self.review_url_name, args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "member", label=_("Member"), accessor=member_name, get_url=self.get_edit_url
            ),
            Column("faculty", label=_("Faculty"), accessor="faculty.code"),
            Column("programme", label=_("Programme"), accessor=programme_label),
            Column("graduation_year", label=_("Graduation year"), sort_key="graduation_year"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda claim: claim.status == VerificationClaim.Status.PENDING,
                sort_key="status",
            ),
            DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
        ]


class ClaimDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the member (optional)"),
        help_text=_("Sent with the decision, e.g. why the claim could not be confirmed."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClaimObjectMixin(ScopedObjectMixin):
    """The claim of the URL, within the coordinator's faculties (C3)."""

    object_attribute = "claim"

    def get_object_queryset(self):
        return VerificationClaim.objects.select_related("user", "faculty", "programme")

    def get_scope(self, user):
        return claims_for_coordinator(user)


class ClaimAccessMixin(AdminRefusalMixin, PermissionCheckedMixin, ClaimObjectMixin):
    model = VerificationClaim
    header_icon = "tick-inverse"
    index_url_name = "verification_claims:index"


class ClaimReviewView(ClaimAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The claim, the member, and register entries that look like them; the decision form."""

    template_name = "community/admin/claim_review.html"
    any_permission_required = ["change", "view"]

    def get_page_title(self):
        return gettext("Claim from %(member)s") % {"member": member_name(self.claim)}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Verification claims")},
            {"url": "", "label": self.get_page_title()},
        ]

    def matching_records(self):
        """Register entries that look like the claimant: same name, student number or address,
        within the faculties the reviewer may see."""
        user = self.claim.user
        query = Q(email__iexact=user.email)
        names = {user.get_full_name().strip()}
        profile = Profile.objects.filter(user=user).only("display_name").first()
        if profile:
            names.add(profile.display_name.strip())
        for key in {name_key(name) for name in names} - {""}:
            query |= Q(name_key=key)
        if self.claim.student_number:
            query |= Q(student_number=self.claim.student_number)
        return (
            GraduateRecord.objects.filter(query)
            .filter(faculty__in=visible_faculties(self.request.user))
            .select_related("faculty", "programme", "matched_user")[:20]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.claim
        pending = claim.status == VerificationClaim.Status.PENDING
        context.update(
            claim=claim,
            member=claim.user,
            profile=Profile.objects.filter(user=claim.user).first(),
            education=EducationRecord.objects.filter(profile__user=claim.user).select_related(
                "faculty", "programme"
            ),
            matches=self.matching_records(),
            form=kwargs.get("form") or ClaimDecisionForm(),
            can_decide=pending and self.user_has_permission("change"),
            approve_url=reverse("verification_claims:approve", args=[claim.pk]),
            decline_url=reverse("verification_claims:decline", args=[claim.pk]),
            index_url=reverse(self.index_url_name),
        )
        return context


class ClaimDecisionView(ClaimReviewView):
    """Approve or decline (POST only); `decide_claim` records it and mails the member."""

    approve = True
    any_permission_required = None
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        claim = self.claim
        if claim.status != VerificationClaim.Status.PENDING:
            messages.error(request, gettext("This claim has already been decided."))
            return redirect("verification_claims:review", claim.pk)
        form = ClaimDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        decide_claim(claim, by=request.user, approve=self.approve, note=form.cleaned_data["note"])
        log(
            instance=claim,
            action="community.claim_approved" if self.approve else "community.claim_declined",
            user=request.user,
            title=claim_log_title(claim),  # the audit log keeps no member's name or address
        )
        if self.approve:
            message = _("%(member)s is now a verified alumnus; they have been told by e-mail.")
        else:
            message = _("The claim from %(member)s was declined; they have been told by e-mail.")
        messages.success(request, message % {"member": member_name(claim)})
        return redirect(self.index_url_name)
