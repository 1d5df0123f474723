"""What every group page shares: signed-in members only, never cached, the group of the URL
looked up through the policy (a stranger to a hidden group gets 404, C1), and the user's access
in the context for the header and the buttons."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import View

from ..models import Group
from . import policy


class GroupsView(LoginRequiredMixin, View):
    """Base of every group page: login required, nothing stored by browsers or proxies (S7)."""

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class GroupPageMixin:
    """Loads `self.group` (from the URL's `pk`, or `group_pk` on nested URLs) and `self.access`
    before the handler runs. A group the user may not see is a 404; a page that shows the
    group's content sets `needs_content = True` and is a 404 for whoever may not read it (C1)."""

    needs_content = False
    group_url_kwarg = "pk"

    def get_group_queryset(self):
        return Group.objects.select_related("faculty")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.group = None
        self.access = None

    def load_group(self, group_pk):
        group = get_object_or_404(self.get_group_queryset(), pk=group_pk)
        access = policy.access_for(group, self.request.user)
        if not access.can_see or (self.needs_content and not access.can_read):
            raise Http404
        self.group, self.access = group, access
        return group

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.group_url_kwarg in kwargs:
            self.load_group(kwargs[self.group_url_kwarg])
        return super().dispatch(request, *args, **kwargs)

    def group_context(self, **extra):
        return {"group": self.group, "access": self.access, **extra}
