"""Template tags the events app offers other apps' pages: a group's meetups on the group page
(DESIGN.md §3: the community app's templates get meetups from here, never by importing events)."""

from django import template

from community.groups import policy

from ..meetups import UPCOMING_ON_GROUP_PAGE, upcoming_meetups

register = template.Library()


@register.inclusion_tag("events/meetups/group_meetups.html", takes_context=True)
def group_meetups(context, group, access):
    """The group's next meetups (when, where, places left, a link to each) and, for its owners
    and moderators while the group is not archived, a link to schedule one. Nothing at all for
    whoever may not read the group's content (C1). One query, however many meetups."""
    if access is None or not access.can_read:
        return {"show": False}
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "show": True,
        "group": group,
        "request": request,
        "meetups": list(upcoming_meetups(group)[:UPCOMING_ON_GROUP_PAGE]),
        # The membership is cached on the group for the request: no query.
        "can_schedule": user is not None and policy.can_schedule_meetups(group, user),
    }
