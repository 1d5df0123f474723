"""Group pages for running a group: create, edit, about, members, invitations, joining and
leaving, notification choice, archiving. (Being built.)"""

from .viewing import GroupsView


class GroupCreateView(GroupsView):
    pass


class GroupEditView(GroupsView):
    pass


class GroupAboutView(GroupsView):
    pass


class GroupJoinView(GroupsView):
    pass


class GroupLeaveView(GroupsView):
    pass


class GroupDeclineInvitationView(GroupsView):
    pass


class GroupMembersView(GroupsView):
    pass


class GroupMemberActionView(GroupsView):
    pass


class GroupInviteView(GroupsView):
    pass


class GroupNotificationsView(GroupsView):
    pass


class GroupArchiveView(GroupsView):
    pass
