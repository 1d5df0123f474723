"""XSS corpus (SECURITY.md X1): hostile markup stored in every field a member can edit comes back
escaped on every page and in every mail that shows it — and is still there to read.

Each payload is stored through the same services (or forms) the site uses, then every page that
shows the field is parsed with `html.parser`: no `<script>` holding a payload, no `on*` handler
attribute, no `javascript:`/`data:text/html` URL in a link, image, form or button, no
`<iframe srcdoc>` and no element a payload invented; and the payload text itself is visible."""

from html.parser import HTMLParser

from django.core import mail
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest

from careers.jobs.factories import JobPostingFactory
from careers.mentoring import service as mentoring
from careers.models import MentorProfile
from community.forms import LinkFormSet
from community.groups import discussions
from community.groups import membership as groups
from community.messaging import service as messaging
from community.models import Profile, ProfileLink, Report, Visibility
from community.moderation.service import report_content
from events.factories import EventIndexPageFactory, EventPageFactory, RegistrationQuestionFactory
from events.models import Audience
from events.registration import register
from newsletters.factories import TopicFactory
from tests.community.conftest import make_member
from tests.conftest import login_to_admin
from tests.events.conftest import oslo

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "'';!--\"<XSS>=&{()}",
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7*7 }}",
    "</textarea><script>alert(1)</script>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
]
IDS = [
    "script",
    "img-onerror",
    "js-url",
    "svg-onload",
    "xss-locator",
    "a-js-href",
    "template",
    "textarea-breakout",
    "iframe-srcdoc",
    "data-url",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
# Elements no page of ours has, which only a payload could have made.
FOREIGN_TAGS = {"xss", "iframe"}


class MarkupAudit(HTMLParser):
    """Collects what would execute in a browser, and the text a reader sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._raw = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value.startswith(("javascript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
        if tag in FOREIGN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag in ("script", "style", "textarea", "title"):
            self._raw = tag

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._raw = None

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw in ("script", "style"):
            if "alert(" in data or "XSS" in data or "7*7" in data:
                self.problems.append(f"<{self._raw}> holding {data.strip()[:40]!r}")
        else:
            self.text.append(data)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def assert_safe(html: str, payload: str, where: str) -> None:
    """No executable markup in `html`, and `payload` visible as text in it."""
    audit = MarkupAudit()
    audit.feed(html)
    audit.close()
    assert audit.problems == [], f"{where}: executable markup from {payload!r}: {audit.problems}"
    visible = squeeze("".join(audit.text))
    assert squeeze(payload) in visible, f"{where}: {payload!r} is not shown at all"


def assert_page_safe(client, url: str, payload: str, **params) -> None:
    response = client.get(url, params)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert_safe(response.content.decode(), payload, url)


def assert_mail_safe(payload: str, *, expected: int = 1) -> None:
    """Every HTML mail sent so far is safe; at least `expected` of the mails show the payload."""
    showing = 0
    for message in mail.outbox:
        for body, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                audit = MarkupAudit()
                audit.feed(body)
                assert audit.problems == [], f"mail {message.subject!r}: {audit.problems}"
                showing += squeeze(payload) in squeeze("".join(audit.text))
    assert showing >= expected, f"{payload!r} in {showing} HTML mails, {len(mail.outbox)} sent"


OPEN_PROFILE = {
    f"{part}_visibility": Visibility.MEMBERS
    for part in ("headline", "work", "location", "bio", "links", "education", "mentoring")
}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def author(db):
    return make_member("forfatter@example.no", programme_code="MØA", display_name="Frida Forfatter")


@pytest.fixture
def reader(db):
    return make_member("leser@example.no", programme_code="MØA", display_name="Lise Leser")


def signed_in(client, user):
    client.force_login(user)
    return client


# --- Profile ----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_profile_fields_are_escaped_on_profile_and_directory(client, reader, payload):
    hostile = make_member(
        "fiendtlig@example.no",
        programme_code="MØA",
        display_name=payload,
        headline=payload,
        current_position=payload,
        employer=payload,
        city=payload,
        bio=f"{payload}\n{payload}",
        **OPEN_PROFILE,
    )
    profile = Profile.objects.get(user=hostile)
    ProfileLink.objects.create(profile=profile, label=payload, url="https://example.no/side")
    signed_in(client, reader)

    assert_page_safe(client, reverse("community:profile_detail", args=[profile.pk]), payload)
    assert_page_safe(client, reverse("community:directory"), payload)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"],
)
def test_the_profile_form_refuses_a_link_that_is_not_a_web_address(url):
    form = LinkFormSet.form(data={"label": "Min side", "url": url})

    assert not form.is_valid()
    assert "url" in form.errors


# --- Messages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_messages_are_escaped_in_inbox_conversation_notifications_and_mail(
    client, author, reader, payload, django_capture_on_commit_callbacks
):
    third = make_member("tredje@example.no", programme_code="MØA", display_name="Tore Tredje")
    Profile.objects.filter(user=author).update(display_name=payload)
    profiles = list(Profile.objects.filter(user__in=[reader, third]))
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.start_conversation(author, profiles, payload, title=payload)
    signed_in(client, reader)

    assert_page_safe(client, reverse("community:inbox"), payload)
    assert_page_safe(
        client, reverse("community:conversation", args=[message.conversation_id]), payload
    )
    assert_page_safe(client, reverse("community:notification_list"), payload)
    assert_mail_safe(payload)


# --- Groups -----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_group_name_description_threads_and_replies_are_escaped(
    client, author, reader, payload, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=reader).update(display_name=payload)
    with django_capture_on_commit_callbacks(execute=True):
        group = groups.create_group(author, name=payload, description=payload, kind="open")
        groups.join(group, reader)
        thread = discussions.start_thread(author, group, payload, payload)
        discussions.reply(reader, thread, payload)
    signed_in(client, reader)

    assert_page_safe(client, reverse("community:group_directory"), payload)
    assert_page_safe(client, reverse("community:group_about", args=[group.pk]), payload)
    assert_page_safe(client, reverse("community:group_detail", args=[group.pk]), payload)
    assert_page_safe(client, reverse("community:group_thread", args=[thread.pk]), payload)
    signed_in(client, author)
    assert_page_safe(client, reverse("community:notification_list"), payload)


# --- Jobs and mentoring -----------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_job_posting_fields_are_escaped_on_list_and_posting(client, author, reader, payload):
    posting = JobPostingFactory(
        title=payload, employer=payload, location=payload, description=payload, posted_by=author
    )
    signed_in(client, reader)

    assert_page_safe(client, reverse("careers:job_list"), payload)
    assert_page_safe(client, reverse("careers:job_detail", args=[posting.pk]), payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_mentor_offer_and_request_purpose_are_escaped(client, author, reader, payload):
    Profile.objects.filter(user=author).update(display_name=payload, **OPEN_PROFILE)
    offer = mentoring.save_offer(
        author, about=payload, topics=[], capacity=2, offers_one_off=True, offers_term=True
    )
    offer = MentorProfile.objects.get(pk=offer.pk)
    request = mentoring.send_request(reader, offer, format="one_off", purpose=payload)
    signed_in(client, reader)

    assert_page_safe(client, reverse("careers:mentor_list"), payload)
    assert_page_safe(client, reverse("careers:mentor_detail", args=[offer.pk]), payload)
    signed_in(client, author)
    assert_page_safe(client, reverse("careers:mentoring_request", args=[request.pk]), payload)


# --- Events -----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_registration_answers_and_names_are_escaped_for_the_coordinator_and_in_mail(
    client, sections, coordinator_hh, payload, django_capture_on_commit_callbacks
):
    index = EventIndexPageFactory(parent=sections["HH"], title="HH-arrangementer", slug="arr")
    event = EventPageFactory(
        parent=index,
        title="Karrierekurs HH",
        slug="karrierekurs",
        start=oslo(2030, 9, 10, 12, 0),
        end=oslo(2030, 9, 10, 16, 0),
        audience=Audience.VERIFIED,
    )
    question = RegistrationQuestionFactory(page=event, label="Allergier?", sort_order=0)
    participant = make_member("deltaker@example.no", programme_code="MØA")
    participant.first_name = payload
    participant.save()
    answers = [{"question": question.pk, "label": "Allergier?", "answer": payload}]
    with django_capture_on_commit_callbacks(execute=True):
        register(event, user=participant, answers=answers)
    UserProfile.objects.update_or_create(user=coordinator_hh, defaults={"preferred_language": "nb"})
    login_to_admin(client, coordinator_hh)

    assert_page_safe(client, reverse("event_registrations:participants", args=[event.pk]), payload)
    assert_mail_safe(payload)


# --- Reports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_reported_content_and_comment_are_escaped_in_the_report_queue(
    client, author, reader, superuser, payload
):
    Profile.objects.filter(user=author).update(display_name=payload)
    message = messaging.start_conversation(author, [Profile.objects.get(user=reader)], payload)
    report = report_content(reader, message, Report.Reason.OTHER, payload)
    login_to_admin(client, superuser)

    assert_page_safe(client, reverse("reports:index"), payload)
    assert_page_safe(client, reverse("reports:review", args=[report.pk]), payload)


# --- Newsletter -------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_newsletter_name_is_escaped_in_the_confirmation_mail(client, payload):
    topic = TopicFactory(slug="evu", name_nb="Etter- og videreutdanning")
    response = client.post(
        reverse("newsletters:subscribe"),
        {"name": payload, "email": "ny@example.org", "topics": [topic.pk]},
    )

    assert response.status_code == 302
    assert_mail_safe(payload)


# --- The audit itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload", [p for p in PAYLOADS if p not in ("javascript:alert(1)", "{{ 7*7 }}")]
)
def test_the_audit_catches_each_payload_rendered_raw(payload):
    with pytest.raises(AssertionError, match="executable markup"):
        assert_safe(f"<textarea></textarea><p>{payload}</p>", payload, "raw")


@pytest.mark.parametrize("payload", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_the_audit_catches_a_hostile_url_in_a_link(payload):
    with pytest.raises(AssertionError, match="executable markup"):
        assert_safe(f'<a href="{payload}">{payload}</a>', payload, "raw")
