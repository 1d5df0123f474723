"""Finding groups: the directory with search, filters and suggestions, and my groups."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import policy
from .directory import (
    PAGE_SIZE,
    contacts_groups,
    directory_page,
    load_topics,
    my_groups,
    suggested_groups,
)
from .directory_forms import MAX_QUERY_LENGTH, GroupDirectoryForm
from .viewing import GroupsView


class GroupDirectoryView(GroupsView):
    """/medlemmer/grupper/: every group the member may see (never a hidden one they are not in),
    searched and filtered; suggestions and the groups their contacts are in above an
    unfiltered first page."""

    template_name = "community/groups/directory.html"

    def get(self, request):
        data = request.GET.copy()
        if len(data.get("q", "")) > MAX_QUERY_LENGTH:
            data["q"] = data["q"][:MAX_QUERY_LENGTH]
            messages.info(
                request,
                _("Your search was shortened to %(count)s characters.")
                % {"count": MAX_QUERY_LENGTH},
            )
        form = GroupDirectoryForm(data or None)
        filters = form.filters()
        page = directory_page(request.user, filters, data.get("page"))
        narrowed = form.narrows(filters)
        discover = not narrowed and page.number == 1
        suggestions = suggested_groups(request.user) if discover else []
        contacts = contacts_groups(request.user) if discover else []
        load_topics(page.object_list, suggestions, contacts)
        data.pop("page", None)
        context = {
            "form": form,
            "page_obj": page,
            "cards": page.object_list,
            "narrowed": narrowed,
            "page_size": PAGE_SIZE,
            "query_prefix": (data.urlencode() + "&") if data else "",
            "suggestions": suggestions,
            "contacts_groups": contacts,
            "may_create": policy.can_create_group(request.user),
        }
        return TemplateResponse(request, self.template_name, context)


class MyGroupsView(GroupsView):
    """/medlemmer/grupper/mine/: the member's groups with their role and notification choice,
    invitations to accept or decline, and requests waiting for an answer."""

    template_name = "community/groups/my_groups.html"

    def get(self, request):
        mine = my_groups(request.user)
        context = {
            "memberships": mine.memberships,
            "invitations": mine.invitations,
            "requests": mine.requests,
            "may_create": policy.can_create_group(request.user),
        }
        return TemplateResponse(request, self.template_name, context)
