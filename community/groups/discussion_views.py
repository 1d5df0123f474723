"""The group page with its threads, a thread with its replies, writing, editing, moderating
and reporting posts, and the group moderators' report queue. (Being built.)"""

from .viewing import GroupsView


class GroupDetailView(GroupsView):
    pass


class ThreadCreateView(GroupsView):
    pass


class ThreadView(GroupsView):
    pass


class ThreadEditView(GroupsView):
    pass


class ThreadActionView(GroupsView):
    pass


class ReplyEditView(GroupsView):
    pass


class ReplyActionView(GroupsView):
    pass


class ThreadReportView(GroupsView):
    pass


class ReplyReportView(GroupsView):
    pass


class GroupReportsView(GroupsView):
    pass
