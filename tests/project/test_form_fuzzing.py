"""Fuzzing the forms members and visitors fill in (issue 12): random and hostile text in every
text field, posted through the test client, never gives a 500; and a refused form saved nothing.

Each form is read from its own page (every field with the value the page gives it), then the text
fields are filled with what hypothesis draws and the form is posted back."""

from html.parser import HTMLParser

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers.models import JobPosting
from community.messaging import service as messaging
from community.models import Group, Message, Profile
from newsletters.factories import TopicFactory
from newsletters.models import Subscriber
from tests.community.conftest import make_member

from .test_xss_corpus import PAYLOADS

pytestmark = pytest.mark.django_db

# Formset bookkeeping, not something a person types.
HIDDEN_NAMES = ("_FORMS", "-id", "-profile", "-page", "-group")
TEXT_TYPES = {"text", "email", "url", "search", "tel", "password", "number", "date", None}
HOSTILE = [
    *PAYLOADS,
    "\x00",
    "a\x00b",
    "\u202e\ufeff\u200b",
    "ø" * 5000,
    " ",
    "\r\nBcc: x@example.org",
    '" OR 1=1 --',
    "-1",
    "9" * 30,
    "https://example.no/",
    "javascript:alert(1)",
]
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class FormFields(HTMLParser):
    """The fields of the first POST form on a page holding `marker`, as the browser would send
    them unchanged; `text_fields` are the ones a person types into."""

    def __init__(self, html, marker):
        super().__init__(convert_charrefs=True)
        self.marker, self.fields, self.text_fields = marker, {}, []
        self._form_depth, self._found, self._textarea, self._select = 0, False, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self._found and (attrs.get("method") or "").lower() == "post":
            self._form_depth, self.fields, self.text_fields = 1, {}, []
            return
        if not self._form_depth:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image"):
                self.fields[name] = [attrs.get("value", "")]
                if kind in TEXT_TYPES and not name.endswith(HIDDEN_NAMES):
                    self.text_fields.append(name)
        elif tag == "textarea" and name:
            self.fields[name], self._textarea = [""], name
            self.text_fields.append(name)
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form_depth:
            self._form_depth = 0
            self._found = self._found or self.marker in self.fields
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data


def form_on(client, url, marker):
    response = client.get(url)
    assert response.status_code == 200
    form = FormFields(response.content.decode(), marker)
    assert form._found and form.text_fields, f"no form with {marker} on {url}"
    return form


def fuzz(client, url, marker, values, count_saved):
    """Post the form on `url` with the drawn values in its text fields; never a 500, and
    `count_saved()` unchanged unless the form was accepted (a redirect)."""
    cache.clear()  # the throttles count per test, not per example
    form = form_on(client, url, marker)
    data = {name: list(value) for name, value in form.fields.items()}
    for name, value in zip(form.text_fields, values, strict=False):
        data[name] = [value]
    before = count_saved()

    response = client.post(url, data)

    assert response.status_code < 500, f"{url}: {response.status_code} for {data}"
    if response.status_code != 302:
        assert count_saved() == before, f"{url}: refused ({response.status_code}) but saved"


@pytest.fixture(autouse=True)
def norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def alumnus(db):
    return make_member("fuzz@example.no", programme_code="MØA", display_name="Fie Fuzz")


values = st.lists(text, min_size=24, max_size=24)


@FUZZ
@given(values=values)
def test_sign_up_form(client, db, values):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    fuzz(client, reverse("account_signup"), "email", values, users.count)


@FUZZ
@given(values=values)
def test_profile_form(client, alumnus, values):
    client.force_login(alumnus)

    def profile_state():
        return tuple(Profile.objects.filter(user=alumnus).values_list().get())

    fuzz(client, reverse("community:profile_edit"), "profile-display_name", values, profile_state)


@FUZZ
@given(values=values)
def test_message_form(client, alumnus, values):
    other = Profile.objects.get(user__email="annen@example.no")
    message = messaging.start_conversation(alumnus, [other], "Hei!")
    client.force_login(alumnus)
    url = reverse("community:conversation", args=[message.conversation_id])

    fuzz(client, url, "body", values, Message.objects.count)


@pytest.fixture
def _other(db):
    return make_member("annen@example.no", programme_code="MØA", display_name="Anne Annen")


test_message_form = pytest.mark.usefixtures("_other")(test_message_form)


@FUZZ
@given(values=values)
def test_group_form(client, alumnus, values):
    client.force_login(alumnus)
    fuzz(client, reverse("community:group_create"), "name", values, Group.objects.count)


@FUZZ
@given(values=values)
def test_job_posting_form(client, alumnus, values):
    client.force_login(alumnus)
    fuzz(client, reverse("careers:job_create"), "title", values, JobPosting.objects.count)


@FUZZ
@given(values=values)
def test_public_newsletter_form(client, db, values):
    TopicFactory(slug="evu", name_nb="Etter- og videreutdanning")
    fuzz(client, reverse("newsletters:subscribe"), "email", values, Subscriber.objects.count)


def test_the_form_reader_finds_the_profile_fields(client, alumnus):
    client.force_login(alumnus)

    form = form_on(client, reverse("community:profile_edit"), "profile-display_name")

    assert {"profile-display_name", "profile-bio", "links-0-label"} <= set(form.text_fields)
    assert form.fields["profile-display_name"] == ["Fie Fuzz"]


def test_a_refused_group_form_is_caught(client, alumnus):
    """The fuzz check itself: a group form with an empty name is refused, nothing saved."""
    client.force_login(alumnus)
    groups_before = Group.objects.count()

    fuzz(client, reverse("community:group_create"), "name", [""] * 24, Group.objects.count)

    assert Group.objects.count() == groups_before
