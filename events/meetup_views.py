"""A group's meetups on the group's pages: the list, and for its owners and moderators the
forms to schedule, change and call off a meetup. Mounted at /medlemmer/grupper/<id>/treff/.

The group is looked up through the groups policy (GroupPageMixin): whoever may not read the
group's content gets 404 (C1); a member who may read but not run the group gets 403. The work
is done by events.meetups, which asks the policy again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.groups import policy
from community.groups.viewing import GroupPageMixin, GroupsView

from .forms import MeetupForm
from .meetups import (
    MeetupError,
    cancel_meetup,
    create_meetup,
    edit_meetup,
    meetup_of,
    past_meetups,
    upcoming_meetups,
)
from .models import EventRegistration

PAGE_SIZE = 20
PAST_SHOWN = 5


class MeetupPageMixin(GroupPageMixin):
    """A page about the group's meetups: for those who may read the group's content."""

    group_url_kwarg = "group_pk"
    needs_content = True

    def list_url(self):
        return reverse("meetups:list", args=[self.group.pk])

    def render(self, template, status=200, **context):
        context = self.group_context(group_tab="meetups", **context)
        return TemplateResponse(self.request, template, context, status=status)


class MeetupListView(MeetupPageMixin, GroupsView):
    """The group's meetups to come, and the last few that are over."""

    template_name = "events/meetups/meetup_list.html"

    def get(self, request, group_pk):
        now = timezone.now()
        page_obj = Paginator(upcoming_meetups(self.group, now), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return self.render(
            self.template_name,
            page_obj=page_obj,
            past=list(past_meetups(self.group, now)[:PAST_SHOWN]),
            can_schedule=policy.can_schedule_meetups(self.group, request.user),
        )


class SchedulerMixin(MeetupPageMixin):
    """Pages for the group's owners and moderators only; an archived group is read-only."""

    def check_may_schedule(self):
        if policy.can_schedule_meetups(self.group, self.request.user):
            return None
        if self.access.can_moderate and self.group.is_archived:
            messages.error(
                self.request,
                _(
                    "This group is archived: its owner must revive it before meetups can be "
                    "planned."
                ),
            )
            return redirect(self.list_url())
        raise PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.load_group(kwargs[self.group_url_kwarg])
            refusal = self.check_may_schedule()
            if refusal is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)

    def load_group(self, group_pk):
        if self.group is None:  # dispatch loads it before the mixin's own dispatch asks again
            return super().load_group(group_pk)
        return self.group


class MeetupCreateView(SchedulerMixin, GroupsView):
    template_name = "events/meetups/meetup_form.html"

    def get(self, request, group_pk):
        return self.render(self.template_name, form=MeetupForm())

    def post(self, request, group_pk):
        form = MeetupForm(request.POST)
        if form.is_valid():
            try:
                meetup = create_meetup(request.user, self.group, **form.details())
            except ValidationError as error:
                form.add_error(None, error)
            except MeetupError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("The meetup is scheduled. Members of the group can register now.")
                )
                return redirect(meetup.url)
        return self.render(self.template_name, status=400, form=form)


class MeetupChangeMixin(SchedulerMixin):
    """Loads the group's meetup from the URL; one of another group, or one already called
    off, is a 404. One that is over can no longer be changed."""

    def get_meetup(self, pk):
        meetup = meetup_of(self.group, pk)
        if meetup is None:
            raise Http404
        return meetup

    def over(self, meetup):
        messages.error(self.request, _("This meetup is over and can no longer be changed."))
        return redirect(self.list_url())


class MeetupEditView(MeetupChangeMixin, GroupsView):
    template_name = "events/meetups/meetup_form.html"

    def get(self, request, group_pk, pk):
        meetup = self.get_meetup(pk)
        if meetup.has_ended():
            return self.over(meetup)
        return self.render(self.template_name, form=MeetupForm(meetup=meetup), meetup=meetup)

    def post(self, request, group_pk, pk):
        meetup = self.get_meetup(pk)
        if meetup.has_ended():
            return self.over(meetup)
        form = MeetupForm(request.POST, meetup=meetup)
        if form.is_valid():
            try:
                meetup = edit_meetup(request.user, meetup, **form.details())
            except ValidationError as error:
                form.add_error(None, error)
            except MeetupError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The meetup is updated."))
                return redirect(meetup.url)
        return self.render(self.template_name, status=400, form=form, meetup=meetup)


class MeetupCancelView(MeetupChangeMixin, GroupsView):
    """Calling a meetup off: a GET asks, the POST does it."""

    template_name = "events/meetups/meetup_cancel.html"

    def get(self, request, group_pk, pk):
        meetup = self.get_meetup(pk)
        if meetup.has_ended():
            return self.over(meetup)
        registered = EventRegistration.objects.filter(event=meetup).active().count()
        return self.render(self.template_name, meetup=meetup, registered=registered)

    def post(self, request, group_pk, pk):
        meetup = self.get_meetup(pk)
        try:
            told = cancel_meetup(request.user, meetup)
        except MeetupError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "The meetup is called off. %(count)s participant has been told by e-mail.",
                    "The meetup is called off. %(count)s participants have been told by e-mail.",
                    told,
                )
                % {"count": told},
            )
        return redirect(self.list_url())
