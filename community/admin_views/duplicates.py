"""Possible duplicate members side by side, and merging one into the other (issue 9).

Central staff see every pair, a coordinator the pairs within their faculties (SECURITY.md C3);
everyone else gets the admin's 403. "Merge into this one" leads to a confirmation page (GET,
which changes nothing and is recorded as an admin view of both member records); the merge itself
is a POST. Only a pair the finder lists can be merged, and never an account that can reach the
admin (staff accounts are not members' duplicates to tidy up).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.audit import AuditAction, record
from accounts.merging import merge_users

from ..duplicates import are_possible_duplicates, possible_duplicates
from ..models import EducationRecord, Profile
from .access import AdminRefusalMixin, visible_faculties

INDEX_URL_NAME = "member_duplicates:index"
REASONS = {
    "name_programme": _("Same name and programme"),
    "email": _("Variants of one e-mail address"),
}


class DuplicateAccessMixin(AdminRefusalMixin):
    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            raise PermissionDenied
        self.central = user.is_superuser
        self.faculties = None if self.central else visible_faculties(user)
        if not self.central and not self.faculties.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class DuplicateListView(DuplicateAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "community/admin/duplicate_list.html"
    page_title = _("Possible duplicates")
    header_icon = "user"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pairs = possible_duplicates(self.faculties)[:200]
        for pair in pairs:
            pair.reason_labels = [REASONS[reason] for reason in pair.reasons]
        context["pairs"] = pairs
        return context


class MergeView(DuplicateAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET: both records and what merging does; POST: merge `source` into `target`."""

    template_name = "community/admin/duplicate_merge.html"
    page_title = _("Merge members")
    header_icon = "user"

    def load(self, source_id, target_id):
        users = get_user_model().objects.filter(is_active=True)
        source = get_object_or_404(users, pk=source_id)
        target = get_object_or_404(users, pk=target_id)
        if source == target or not are_possible_duplicates(source, target):
            raise Http404
        if not self.central:
            in_scope = set(
                EducationRecord.objects.filter(
                    faculty__in=self.faculties, profile__user__in=[source, target]
                ).values_list("profile__user_id", flat=True)
            )
            if in_scope != {source.pk, target.pk}:
                raise PermissionDenied
        if any(u.is_staff or u.is_superuser for u in (source, target)):
            raise PermissionDenied
        return source, target

    def get(self, request, source_id, target_id):
        self.source, self.target = self.load(source_id, target_id)
        for user in (self.source, self.target):
            record(AuditAction.ADMIN_VIEW, actor=request.user, subject=user, view="merge")
        return super().get(request)

    def post(self, request, source_id, target_id):
        source, target = self.load(source_id, target_id)
        merge_users(source, target, actor=request.user)
        messages.success(
            request,
            gettext("%(source)s was merged into %(target)s.")
            % {"source": source.email, "target": target.email},
        )
        return redirect(INDEX_URL_NAME)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profiles = {
            profile.user_id: profile
            for profile in Profile.objects.filter(user__in=[self.source, self.target])
            .select_related("user")
            .prefetch_related(
                Prefetch(
                    "education",
                    queryset=EducationRecord.objects.select_related("faculty", "programme"),
                )
            )
        }
        context.update(
            source=self.source,
            target=self.target,
            source_profile=profiles.get(self.source.pk),
            target_profile=profiles.get(self.target.pk),
        )
        return context
