"""Group pages for running a group: create, edit, about, members, invitations, joining and
leaving, notification choice, archiving.

Each view loads the group through GroupPageMixin (a stranger to a hidden group gets 404; pages
with the group's content — its members — are a 404 for whoever may not read it, SECURITY.md C1),
asks `policy` what the user may do, and leaves the work to the `membership` service. What the
user may see but not do is a 403; a refusal the service explains is shown as a message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..models import Group, GroupKind, GroupMembership, MembershipRole, MembershipStatus, Profile
from . import membership as service
from . import policy
from .forms import GroupForm, InviteSearchForm, JoinRequestForm, NotificationChoiceForm
from .membership import MembershipRefused
from .viewing import GroupPageMixin, GroupsView

MEMBERS_PAGE_SIZE = 50
PENDING_SHOWN = 300  # requests, invitations and bans listed for moderators
INVITE_MATCHES = 20


def display_name(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.display_name if profile else _("Former member")


class GroupPage(GroupPageMixin, GroupsView):
    """A page about one group, rendered inside base_group.html."""

    template_name = None
    group_tab = None

    def render(self, status=200, **context):
        return TemplateResponse(
            self.request,
            self.template_name,
            self.group_context(group_tab=self.group_tab, **context),
            status=status,
        )

    def about_url(self):
        return reverse("community:group_about", args=[self.group.pk])


class GroupCreateView(GroupsView):
    """Verified alumni create groups; other members are told how to become verified."""

    template_name = "community/groups/group_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.can_create_group(request.user):
            return TemplateResponse(request, "community/groups/not_verified.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(GroupForm())

    def post(self, request):
        form = GroupForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                group = service.create_group(request.user, **form.group_fields())
            except MembershipRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("The group %(name)s is created. Invite colleagues to join it.")
                    % {"name": group.name},
                )
                return redirect("community:group_detail", pk=group.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return TemplateResponse(self.request, self.template_name, {"form": form}, status=status)


class ManagerPage(GroupPage):
    """A page only the owner may open (403 for others who can see the group)."""

    def load_group(self, group_pk):
        group = super().load_group(group_pk)
        if not self.access.can_manage:
            raise PermissionDenied
        return group


class GroupEditView(ManagerPage):
    """The owner changes the group's details."""

    template_name = "community/groups/group_edit.html"
    group_tab = "edit"

    def form_instance(self):
        # A separate copy, so an invalid form never changes the header above it.
        return Group.objects.get(pk=self.group.pk)

    def get(self, request, pk):
        return self.render(form=GroupForm(instance=self.form_instance()))

    def post(self, request, pk):
        form = GroupForm(request.POST, request.FILES, instance=self.form_instance())
        if form.is_valid():
            try:
                service.update_group(
                    request.user,
                    self.group,
                    remove_cover=form.cleaned_data.get("remove_cover", False),
                    **form.group_fields(),
                )
            except MembershipRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("The group's details are saved."))
                return redirect("community:group_edit", pk=self.group.pk)
        return self.render(form=form, status=400)


class GroupAboutView(GroupPage):
    """What the group is, who runs it and since when: for everyone who may see the group."""

    template_name = "community/groups/about.html"
    group_tab = "about"

    def get(self, request, pk):
        leaders = sorted(
            GroupMembership.objects.moderators()
            .filter(group=self.group)
            .select_related("user__profile")
            .by_seniority(),
            key=lambda m: m.role != MembershipRole.OWNER,
        )
        return self.render(
            topics=list(self.group.topics.all()),
            leaders=[
                {
                    "membership": leader,
                    "name": display_name(leader.user),
                    "profile": getattr(leader.user, "profile", None),
                }
                for leader in leaders
            ],
            refusal=join_refusal(self.group, request.user, self.access),
        )


def join_refusal(group, user, access) -> str:
    """Why the user cannot join, when the page should say so (banned, not verified)."""
    if access.is_member or access.is_invited or access.has_requested:
        return ""
    if policy.is_banned(group, user):
        return _("You cannot join this group.")
    if group.is_archived:
        return ""
    if not (access.can_join or access.can_request) and not policy.can_create_group(user):
        return _("Groups are for verified alumni. Ask to be verified to join.")
    return ""


class GroupJoinView(GroupPage):
    """GET: the request form of a by-request group. POST: join an open group, accept an
    invitation, or send a request to join. A refusal changes nothing and says why."""

    template_name = "community/groups/join.html"
    group_tab = "about"

    def get(self, request, pk):
        if self.access.can_request:
            return self.render(form=JoinRequestForm())
        if self.access.is_member:
            messages.info(request, _("You are already a member of this group."))
        elif self.access.is_invited or self.access.can_join:
            return self.render(form=None)
        elif policy.is_banned(self.group, request.user):
            messages.error(request, _("You cannot join this group."))
        return redirect(self.about_url())

    def post(self, request, pk):
        group, access = self.group, self.access
        if access.is_member:
            messages.info(request, _("You are already a member of this group."))
            return redirect("community:group_detail", pk=group.pk)
        try:
            if access.can_request:
                form = JoinRequestForm(request.POST)
                if not form.is_valid():
                    return self.render(form=form, status=400)
                service.request_to_join(group, request.user, form.cleaned_data["message"])
                messages.success(
                    request,
                    _("Your request is sent. You will be told when a moderator has answered."),
                )
                return redirect(self.about_url())
            if group.kind == GroupKind.REQUEST and not access.is_invited:
                service.request_to_join(group, request.user)  # explains why not
            service.join(group, request.user)
        except MembershipRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.about_url())
        messages.success(request, _("Welcome to %(group)s!") % {"group": group.name})
        return redirect("community:group_detail", pk=group.pk)


class GroupLeaveView(GroupPage):
    """GET: what leaving means (for the owner: who takes over). POST: leave."""

    template_name = "community/groups/leave.html"
    group_tab = "about"

    def get(self, request, pk):
        if not self.access.is_member:
            messages.info(request, _("You are not a member of this group."))
            return redirect(self.about_url())
        successor = None
        if self.access.membership.is_owner:
            successor = (
                GroupMembership.objects.active()
                .filter(group=self.group)
                .exclude(user=request.user)
                .select_related("user__profile")
                .order_by("-role", "joined_at", "pk")  # "moderator" sorts after "member"
                .first()
            )
        return self.render(
            successor=successor,
            successor_name=display_name(successor.user) if successor else "",
        )

    def post(self, request, pk):
        try:
            new_owner = service.leave(self.group, request.user)
        except MembershipRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.about_url())
        messages.success(request, _("You have left %(group)s.") % {"group": self.group.name})
        if new_owner is not None:
            messages.info(
                request,
                _("%(name)s is now the group's owner.") % {"name": display_name(new_owner.user)},
            )
        return redirect("community:group_directory")


class GroupDeclineInvitationView(GroupPage):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            service.decline_invitation(self.group, request.user)
        except MembershipRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.about_url())
        messages.success(request, _("You have declined the invitation."))
        if self.group.is_hidden:
            return redirect("community:group_directory")
        return redirect(self.about_url())


class GroupMembersView(GroupPage):
    """Members by seniority with their roles; moderators also see who asked to join, who is
    invited and who is banned, with what they may do about each."""

    template_name = "community/groups/members.html"
    group_tab = "members"
    needs_content = True

    def get(self, request, pk):
        access = self.access
        members = (
            GroupMembership.objects.active()
            .filter(group=self.group)
            .select_related("user__profile")
            .by_seniority()
        )
        page = Paginator(members, MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [self.member_row(m) for m in page.object_list]
        pending = {"requested": [], "invited": [], "banned": []}
        if access.can_moderate:
            others = (
                GroupMembership.objects.filter(
                    group=self.group,
                    status__in=[
                        MembershipStatus.REQUESTED,
                        MembershipStatus.INVITED,
                        MembershipStatus.BANNED,
                    ],
                )
                .select_related("user__profile")
                .order_by("created_at", "pk")[:PENDING_SHOWN]
            )
            for other in others:
                pending[other.status].append(
                    {"membership": other, "name": display_name(other.user)}
                )
        return self.render(
            page_obj=page,
            rows=rows,
            requested=pending["requested"],
            invited=pending["invited"],
            banned=pending["banned"],
        )

    def member_row(self, member):
        access, me = self.access, self.request.user
        is_me = member.user_id == me.pk
        may_act = (
            access.can_moderate
            and not is_me
            and not member.is_owner
            and (member.role != MembershipRole.MODERATOR or access.can_manage)
        )
        return {
            "membership": member,
            "name": display_name(member.user),
            "profile": getattr(member.user, "profile", None),
            "is_me": is_me,
            "may_remove": may_act,
            "may_set_role": access.can_manage and not member.is_owner,
        }


class GroupMemberActionView(GroupPage):
    """POST one action on one membership of this group (a membership of another group is a
    404). Who may do what is the policy's: moderators approve, decline, remove, ban, unban and
    cancel invitations; the owner appoints moderators and hands over the group."""

    http_method_names = ["post"]
    needs_content = True

    ACTIONS = {
        "approve": ("moderate", service.approve),
        "decline": ("moderate", service.decline),
        "remove": ("moderate", service.remove),
        "ban": ("moderate", service.ban),
        "unban": ("moderate", service.unban),
        "cancel_invitation": ("moderate", service.cancel_invitation),
        "make_moderator": (
            "manage",
            lambda owner, target: service.set_role(owner, target, MembershipRole.MODERATOR),
        ),
        "make_member": (
            "manage",
            lambda owner, target: service.set_role(owner, target, MembershipRole.MEMBER),
        ),
        "make_owner": ("manage", service.transfer_ownership),
    }

    def confirmation(self, action, name) -> str:
        texts = {
            "approve": _("%(name)s is now a member."),
            "decline": _("The request from %(name)s is declined."),
            "remove": _("%(name)s is removed from the group."),
            "ban": _("%(name)s is banned from the group."),
            "unban": _("The ban on %(name)s is lifted."),
            "cancel_invitation": _("The invitation to %(name)s is cancelled."),
            "make_moderator": _("%(name)s is now a moderator."),
            "make_member": _("%(name)s is no longer a moderator."),
            "make_owner": _("%(name)s is now the group's owner. You are a moderator."),
        }
        return texts[action] % {"name": name}

    def post(self, request, pk, membership_pk):
        target = get_object_or_404(
            GroupMembership.objects.select_related("user__profile"),
            pk=membership_pk,
            group=self.group,
        )
        members_url = reverse("community:group_members", args=[self.group.pk])
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            messages.error(request, _("That is not something you can do here."))
            return redirect(members_url)
        needs, perform = self.ACTIONS[action]
        allowed = self.access.can_manage if needs == "manage" else self.access.can_moderate
        if not allowed:
            raise PermissionDenied
        try:
            perform(request.user, target)
        except MembershipRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, self.confirmation(action, display_name(target.user)))
        return redirect(members_url)


class GroupInviteView(GroupPage):
    """Find listed members by name and invite them."""

    template_name = "community/groups/invite.html"
    group_tab = "invite"
    needs_content = True

    def load_group(self, group_pk):
        group = super().load_group(group_pk)
        if not self.access.can_invite:
            raise PermissionDenied
        return group

    def get(self, request, pk):
        form = InviteSearchForm(request.GET)
        return self.render(search_form=form, matches=self.matches(form))

    def post(self, request, pk):
        query = request.POST.get("finn", "")[:100]
        back = reverse("community:group_invite", args=[self.group.pk])
        if query:
            back += "?" + urlencode({"finn": query})
        profile_pk = request.POST.get("profil", "")
        profile = (
            Profile.objects.listed().select_related("user").filter(pk=profile_pk).first()
            if profile_pk.isdigit()
            else None
        )
        if profile is None:
            messages.error(request, _("Choose a member to invite."))
            return redirect(back)
        try:
            result = service.invite(request.user, self.group, profile.user)
        except MembershipRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if result.is_active:
                messages.success(
                    request, _("%(name)s is now a member.") % {"name": profile.display_name}
                )
            else:
                messages.success(
                    request,
                    _("%(name)s is invited and will be told.") % {"name": profile.display_name},
                )
        return redirect(back)

    def matches(self, form):
        """Listed members whose name contains the search, without those already in the group,
        invited or banned; those who asked to join are shown (inviting them lets them in)."""
        if not form.is_valid() or not form.cleaned_data["finn"].strip():
            return []
        taken = GroupMembership.objects.filter(group=self.group).exclude(
            status=MembershipStatus.REQUESTED
        )
        asked = set(
            GroupMembership.objects.filter(
                group=self.group, status=MembershipStatus.REQUESTED
            ).values_list("user_id", flat=True)
        )
        profiles = list(
            Profile.objects.listed()
            .filter(display_name__icontains=form.cleaned_data["finn"].strip())
            .exclude(user=self.request.user)
            .exclude(user_id__in=taken.values("user_id"))
            .order_by("display_name", "pk")[:INVITE_MATCHES]
        )
        return [{"profile": p, "asked": p.user_id in asked} for p in profiles]


class GroupNotificationsView(GroupPage):
    """A member's choice of how they hear of new threads in this group."""

    template_name = "community/groups/notifications.html"
    group_tab = "notifications"
    needs_content = True

    def load_group(self, group_pk):
        group = super().load_group(group_pk)
        if not self.access.is_member:
            raise PermissionDenied
        return group

    def get(self, request, pk):
        return self.render(form=NotificationChoiceForm(instance=self.access.membership))

    def post(self, request, pk):
        form = NotificationChoiceForm(request.POST, instance=self.access.membership)
        if not form.is_valid():
            return self.render(form=form, status=400)
        try:
            service.set_notification_choice(self.group, request.user, form.cleaned_data["notify"])
        except MembershipRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.about_url())
        messages.success(request, _("Your notification choice for this group is saved."))
        return redirect("community:group_notifications", pk=self.group.pk)


class GroupArchiveView(ManagerPage):
    """The owner archives the group (read-only) or revives it."""

    template_name = "community/groups/archive.html"
    group_tab = "edit"

    def get(self, request, pk):
        return self.render()

    def post(self, request, pk):
        action = request.POST.get("action", "")
        try:
            if action == "archive":
                service.archive_group(request.user, self.group)
                messages.success(request, _("The group is archived. You can revive it here."))
            elif action == "revive":
                service.revive_group(request.user, self.group)
                messages.success(request, _("The group is active again."))
            else:
                messages.error(request, _("That is not something you can do here."))
        except MembershipRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("community:group_archive", pk=self.group.pk)
