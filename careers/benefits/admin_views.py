"""The admin's member benefit screens, scoped by `policy` (SECURITY.md C3): the listing shows
the benefits the user manages, the form offers only the faculties they may choose, and every view
of one benefit (edit, delete, history, usage) answers 404 for an unknown id and the admin's 403
for a benefit outside the user's faculties."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage

from community.admin_views.access import AdminRefusalMixin, ScopedObjectMixin
from community.models import InterestTag

from ..models import MemberBenefit
from . import policy


class MemberBenefitForm(WagtailAdminModelForm):
    """Coordinators choose one of their own faculties (a benefit for all members is the editors'
    call); topics come from the curated interests, plus any the benefit has already."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        faculty = self.fields.get("faculty")
        if faculty is not None and user is not None and not policy.manages_all_benefits(user):
            faculty.queryset = policy.benefit_faculties(user)
            faculty.required = True
            faculty.empty_label = None
            faculty.help_text = _("A benefit for the members of a faculty you coordinate.")
        topics = self.fields.get("topics")
        if topics is not None:
            current = self.instance.topics.all() if self.instance.pk else InterestTag.objects.none()
            topics.queryset = InterestTag.objects.filter(
                Q(curated=True) | Q(pk__in=current.values("pk"))
            ).order_by("name")


class ScopedBenefitMixin(AdminRefusalMixin, ScopedObjectMixin):
    """One benefit by the id in the URL: 404 if unknown, 403 if not the user's to manage."""

    object_attribute = "scoped_benefit"

    def get_object_queryset(self):
        return MemberBenefit.objects.all()

    def get_scope(self, user):
        return policy.manageable_benefits(user)


class BenefitIndexView(AdminRefusalMixin, generic.IndexView):
    def get_base_queryset(self):
        return policy.manageable_benefits(self.request.user).select_related("faculty")


class BenefitCreateView(AdminRefusalMixin, generic.CreateView):
    pass


class BenefitEditView(ScopedBenefitMixin, generic.EditView):
    pass


class BenefitDeleteView(ScopedBenefitMixin, generic.DeleteView):
    pass


class BenefitHistoryView(ScopedBenefitMixin, history.HistoryView):
    pass


class BenefitUsageView(ScopedBenefitMixin, usage.UsageView):
    pass
