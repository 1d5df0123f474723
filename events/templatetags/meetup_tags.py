"""Template tags the events app offers other apps' pages: a group's meetups on the group page.
(Being built.)"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def group_meetups(context, group, access):
    """The group's upcoming meetups for its page, and a link to schedule one; empty for now."""
    return ""
