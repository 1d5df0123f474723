"""Finding groups: the directory with search, filters and suggestions, and my groups.
(Being built.)"""

from .viewing import GroupsView


class GroupDirectoryView(GroupsView):
    pass


class MyGroupsView(GroupsView):
    pass
