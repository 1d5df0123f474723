"""The notification bell in the site header."""

from django import template

from community.models import Notification

register = template.Library()


@register.inclusion_tag("community/notifications/bell.html", takes_context=True)
def notification_bell(context):
    """The bell with the member's unread count: one COUNT query, nothing for visitors."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": Notification.objects.for_recipient(user).unread().count()}
