"""Template tags of the newsletters app, for pages other apps own (the sign-up page)."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import Topic

register = template.Library()

SIGNUP_FIELD = "newsletter_topics"


@register.inclusion_tag("newsletters/components/topic_choices.html", takes_context=True)
def signup_topic_choices(context):
    """The whole university's active topics as unticked boxes on the sign-up page (SECURITY.md
    E3); a box shows ticked again only when the person ticked it and the form came back."""
    request = context.get("request")
    ticked = (
        set(request.POST.getlist(SIGNUP_FIELD)) if request and request.method == "POST" else set()
    )
    topics = Topic.objects.active().filter(faculty__isnull=True)
    return {
        "name": SIGNUP_FIELD,
        "prefix": "id_newsletter_topics",
        "legend": _("Newsletters (optional)"),
        "help": _(
            "Tick a topic to get e-mail about it. You confirm by e-mail and can unsubscribe at any "
            "time. Membership does not depend on it."
        ),
        "hide_empty": True,
        "choices": [{"topic": topic, "checked": str(topic.pk) in ticked} for topic in topics],
    }
