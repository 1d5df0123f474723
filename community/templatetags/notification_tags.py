"""The member's badges in the site header: unread conversations and the notification bell."""

from django import template

from community.notifications.service import unread_counts

register = template.Library()


@register.inclusion_tag("community/notifications/badges.html", takes_context=True)
def member_badges(context):
    """Links to the inbox and the notifications with their unread counts: one query, nothing
    for visitors. The open page polls `community:notification_count` to keep them current."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    notifications, conversations = unread_counts(user)
    return {"show": True, "unread": notifications, "unread_conversations": conversations}
