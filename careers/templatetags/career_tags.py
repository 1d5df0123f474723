"""Template tags of the careers app: "Recommended for you" on the member dashboard (community's
template loads this library; community never imports careers), and the links between the parts of
the careers offer on the careers index."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..models import CourseOfferIndexPage
from ..recommendations import recommend_for

register = template.Library()


@register.inclusion_tag("careers/components/recommended_for_you.html", takes_context=True)
def recommended_for_you(context):
    """Course offers, jobs, mentors and groups for the signed-in member; nothing for visitors."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return {"recommendations": None}
    return {"recommendations": recommend_for(user)}


# The member-facing parts of the careers offer, by URL name; a part that is not installed (or
# not yet) is simply left out.
MEMBER_PARTS = [
    ("careers:job_list", _("Job board"), _("Jobs and internships for alumni and students.")),
    ("careers:mentor_list", _("Mentors"), _("Find a mentor, or offer to be one.")),
    (
        "careers:benefit_list",
        _("Member benefits"),
        _("Discounts and free places for verified alumni."),
    ),
]


@register.inclusion_tag("careers/components/career_links.html", takes_context=True)
def career_links(context, page):
    """Links from a careers index to the job board, the mentors, the member benefits and the
    course offers that stand beside it."""
    links = []
    for name, title, text in MEMBER_PARTS:
        try:
            links.append({"url": reverse(name), "title": title, "text": text})
        except NoReverseMatch:
            continue
    courses = CourseOfferIndexPage.objects.live().public().sibling_of(page).first()
    if courses is not None:
        links.append(
            {
                "url": courses.get_url(context.get("request")),
                "title": courses.title,
                "text": _("Continuing education for alumni: courses with credits."),
            }
        )
    return {"links": links}
