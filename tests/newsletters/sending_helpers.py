"""Helpers for the sending tests (rendering, sending, headers, SMTP peer, kill, bench): a
published campaign and subscribers with confirmed consent, built the way the product builds them."""

from wagtail.rich_text import RichText

from newsletters import consent
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import Campaign, CapturePoint

BODY_NB = [
    ("heading", {"text": "Nye kurs i høst", "level": "h2"}),
    (
        "paragraph",
        RichText(
            '<p>Les mer på <a href="https://www.usn.no/evu">etter- og videreutdanning ved USN</a>.'
            "</p><ul><li>Ledelse</li><li>Økonomi</li></ul>"
        ),
    ),
    ("heading", {"text": "Påmelding", "level": "h3"}),
    (
        "call_to_action",
        {
            "title": "Meld deg på",
            "text": "Fristen er 1. september.",
            "link": {"page": None, "url": "https://www.usn.no/evu/pamelding"},
            "button_label": "Gå til påmeldingen for høstens kurs",
        },
    ),
]
BODY_EN = [
    ("heading", {"text": "New courses this autumn", "level": "h2"}),
    (
        "paragraph",
        RichText(
            '<p>Read more about <a href="https://www.usn.no/evu">continuing education at USN</a>.'
            "</p>"
        ),
    ),
]


def make_campaign(topics=None, *, english=True, **fields) -> Campaign:
    """A published (approved) campaign to `topics`."""
    topics = topics or [TopicFactory(slug="evu-okonomi", name_nb="EVU økonomi")]
    defaults = {
        "title": "Høstens kurs",
        "subject_nb": "Nye kurs ved USN",
        "preheader_nb": "Etter- og videreutdanning for alumni",
        "body_nb": BODY_NB,
    }
    if english:
        defaults |= {
            "subject_en": "New courses at USN",
            "preheader_en": "Continuing education for alumni",
            "body_en": BODY_EN,
        }
    campaign = Campaign(**(defaults | fields))
    campaign.save()
    campaign.topics.set(topics)
    campaign.save()
    return campaign


def subscribed(topic, n=1, *, language="nb", **fields):
    """`n` subscribers with confirmed consent to `topic`."""
    people = []
    for _ in range(n):
        subscriber = SubscriberFactory(language=language, **fields)
        consent.request_subscription(subscriber, [topic], capture_point=CapturePoint.PUBLIC_FORM)
        consent.confirm(subscriber, [topic.pk])
        people.append(subscriber)
    return people
