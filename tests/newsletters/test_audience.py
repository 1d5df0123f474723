"""Who a campaign reaches (SECURITY.md E1, C3): the active subscribers of its topics, narrowed by
faculty, programme, graduation years (on the same education record), interests, country and
language; never suppressed addresses, inactive accounts, pending or withdrawn consent."""

import pytest

from accounts.factories import UserFactory
from community.members import ensure_profile
from community.models import EducationRecord, InterestTag
from home.models import Programme
from newsletters import consent
from newsletters.audience import audience, audience_count
from newsletters.factories import SubscriberFactory, TopicFactory
from newsletters.models import (
    Campaign,
    CaptureMethod,
    CapturePoint,
    Suppression,
    SuppressionReason,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return TopicFactory(slug="evu")


def subscribed(subscriber, *topics):
    consent.request_subscription(subscriber, list(topics), capture_point=CapturePoint.PREFERENCES)
    consent.confirm(subscriber, [t.pk for t in topics])
    return subscriber


def alumnus(email, topic, *, faculty, year=2015, programme=None, country="", interests=(), **kw):
    user = UserFactory(email=email, **kw)
    profile = ensure_profile(user)
    if country:
        profile.country = country
        profile.save()
    if interests:
        for name in interests:
            tag = InterestTag.objects.get_or_create(name=name, slug=name.lower())[0]
            profile.interests.add(tag)
        profile.save()  # a cluster taggable manager writes on save
    EducationRecord.objects.create(
        profile=profile, faculty=faculty, graduation_year=year, programme=programme
    )
    return subscribed(consent.subscriber_for_user(user), topic)


def campaign(topics, **fields):
    c = Campaign(title="Test", subject_nb="Emne", **fields)
    c.topics.set(topics)
    return c


def emails(c):
    return set(audience(c).values_list("email", flat=True))


def test_only_active_subscribers_of_the_topics_are_in_the_audience(topic):
    other = TopicFactory(slug="annet")
    active = subscribed(SubscriberFactory(email="aktiv@example.org"), topic)
    pending = SubscriberFactory(email="venter@example.org")
    consent.request_subscription(pending, [topic], capture_point=CapturePoint.PUBLIC_FORM)
    withdrawn = subscribed(SubscriberFactory(email="meldt.av@example.org"), topic)
    consent.withdraw(
        withdrawn,
        [topic],
        capture_point=CapturePoint.UNSUBSCRIBE_PAGE,
        method=CaptureMethod.EMAIL_LINK,
    )
    subscribed(SubscriberFactory(email="annet@example.org"), other)
    assert emails(campaign([topic])) == {active.email}


def test_several_topics_reach_the_union_once_each(topic):
    other = TopicFactory(slug="annet")
    subscribed(SubscriberFactory(email="a@example.org"), topic)
    subscribed(SubscriberFactory(email="b@example.org"), other)
    subscribed(SubscriberFactory(email="c@example.org"), topic, other)
    c = campaign([topic, other])
    assert emails(c) == {"a@example.org", "b@example.org", "c@example.org"}
    assert audience_count(c) == 3


def test_suppressed_addresses_and_inactive_members_are_left_out(topic, faculties):
    subscribed(SubscriberFactory(email="ok@example.org"), topic)
    subscribed(SubscriberFactory(email="Sperret@example.org"), topic)
    Suppression.suppress("sperret@example.org", SuppressionReason.BOUNCED)
    inactive = alumnus("borte@example.no", topic, faculty=faculties["HH"])
    inactive.user.is_active = False
    inactive.user.save()
    assert emails(campaign([topic])) == {"ok@example.org"}


def test_faculty_narrowing_reaches_that_faculty_s_members_and_no_public_form_subscribers(
    topic, faculties
):
    subscribed(SubscriberFactory(email="skjema@example.org"), topic)
    alumnus("hh@example.no", topic, faculty=faculties["HH"])
    alumnus("hs@example.no", topic, faculty=faculties["HS"])
    assert emails(campaign([topic], faculty=faculties["HH"])) == {"hh@example.no"}
    assert emails(campaign([topic])) == {"skjema@example.org", "hh@example.no", "hs@example.no"}


def test_programme_narrowing(topic, faculties):
    programmes = list(Programme.objects.filter(faculty=faculties["HH"])[:2])
    alumnus("p1@example.no", topic, faculty=faculties["HH"], programme=programmes[0])
    alumnus("p2@example.no", topic, faculty=faculties["HH"], programme=programmes[1])
    c = campaign([topic])
    c.programmes.set([programmes[0]])
    assert emails(c) == {"p1@example.no"}


def test_graduation_years_and_faculty_must_hold_on_the_same_education_record(topic, faculties):
    old_hh = alumnus("gammel.hh@example.no", topic, faculty=faculties["HH"], year=2005)
    # The same member also has a recent degree from another faculty.
    EducationRecord.objects.create(
        profile=old_hh.user.profile, faculty=faculties["HS"], graduation_year=2020
    )
    alumnus("ny.hh@example.no", topic, faculty=faculties["HH"], year=2019)
    c = campaign(
        [topic], faculty=faculties["HH"], graduation_year_from=2015, graduation_year_to=2022
    )
    assert emails(c) == {"ny.hh@example.no"}
    assert emails(campaign([topic], graduation_year_to=2010)) == {"gammel.hh@example.no"}


def test_interest_narrowing(topic, faculties):
    alumnus("leder@example.no", topic, faculty=faculties["HH"], interests=["Ledelse"])
    alumnus("annet@example.no", topic, faculty=faculties["HH"], interests=["Fotball"])
    c = campaign([topic])
    c.interests.set([InterestTag.objects.get(name="Ledelse")])
    assert emails(c) == {"leder@example.no"}


def test_country_narrowing_and_it_leaves_out_public_form_subscribers(topic, faculties):
    subscribed(SubscriberFactory(email="skjema@example.org"), topic)
    alumnus("norge@example.no", topic, faculty=faculties["HH"], country="NO")
    alumnus("sverige@example.no", topic, faculty=faculties["HH"], country="SE")
    assert emails(campaign([topic], countries=["SE"])) == {"sverige@example.no"}


def test_language_narrowing_applies_to_everyone(topic, faculties):
    subscribed(SubscriberFactory(email="en@example.org", language="en"), topic)
    subscribed(SubscriberFactory(email="nb@example.org", language="nb"), topic)
    assert emails(campaign([topic], language="en")) == {"en@example.org"}
    assert emails(campaign([topic], language="nb")) == {"nb@example.org"}


def test_an_unsaved_campaign_from_the_form_counts_like_a_saved_one(topic):
    subscribed(SubscriberFactory(email="a@example.org"), topic)
    draft = campaign([topic])
    assert draft.pk is None
    assert audience_count(draft) == 1
    draft.save()
    assert audience_count(Campaign.objects.get(pk=draft.pk)) == 1


def test_c3_a_coordinator_s_count_never_includes_other_faculties_members(
    client, coordinator_hh, topic, faculties
):
    from django.urls import reverse

    alumnus("hh@example.no", topic, faculty=faculties["HH"])
    alumnus("hs1@example.no", topic, faculty=faculties["HS"])
    alumnus("hs2@example.no", topic, faculty=faculties["HS"])
    subscribed(SubscriberFactory(email="skjema@example.org"), topic)
    client.force_login(coordinator_hh)
    url = reverse("wagtailsnippets_newsletters_campaign:audience_count")
    response = client.post(url, {"topics": [topic.pk], "faculty": faculties["HH"].pk})
    assert response.json()["count"] == 1
    assert (
        client.post(url, {"topics": [topic.pk], "faculty": faculties["HS"].pk}).json()["count"]
        is None
    )
    assert client.post(url, {"topics": [topic.pk]}).json()["count"] is None
