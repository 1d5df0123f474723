"""When a faculty's section launches (planned → pilot or live), the members who consented to that
faculty's news are told, once, by a campaign the sending engine sends.

The campaign is a system message started by central staff's launch: it is created live, with the
faculty's active news topics, sent at once (`send_at` now) by `newsletters.sending`, which checks
consent, the frequency cap and suppression and adds the unsubscribe links as for any campaign.
No workflow: nobody drafts it. A faculty is told at most once (`LaunchNotice`), whichever of its
sections (one per language) launches first.
"""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wagtail.rich_text import RichText

from newsletters.models import Campaign, Topic, TopicKind

from .models import LaunchNotice


def news_topics(faculty):
    return Topic.objects.active().filter(kind=TopicKind.NEWS, faculty=faculty)


def _render(name: str, language: str, context: dict) -> str:
    with translation.override(language):
        return render_to_string(f"figures/mail/{name}", context).strip()


def announce_launch(section, now=None) -> Campaign | None:
    """Create the launch campaign for `section`'s faculty; None when the faculty has no news
    topic or was told before."""
    faculty = section.faculty
    topics = list(news_topics(faculty))
    if not topics:
        return None
    now = now or timezone.now()
    try:
        with transaction.atomic():
            notice = LaunchNotice.objects.create(
                faculty=faculty, launch_state=section.launch_state, created_at=now
            )
            context = {"faculty": faculty, "section": section, "url": section.full_url or ""}
            campaign = Campaign(
                title=_render("launch_title.txt", "nb", context),
                faculty=faculty,
                subject_nb=_render("launch_subject.txt", "nb", context),
                subject_en=_render("launch_subject.txt", "en", context),
                body_nb=[("paragraph", RichText(_render("launch_body.html", "nb", context)))],
                body_en=[("paragraph", RichText(_render("launch_body.html", "en", context)))],
                send_at=now,
                live=True,
            )
            campaign.save()
            campaign.topics.set(topics)
            campaign.save()
            # The revision keeps what was sent, as for any campaign.
            revision = campaign.save_revision(log_action=False)
            campaign.live_revision = revision
            campaign.save(update_fields=["live_revision"])
            notice.campaign = campaign
            notice.save(update_fields=["campaign"])
    except IntegrityError:
        return None  # another section of the faculty launched at the same moment
    return campaign
