"""A faculty's section launching tells the members who consented to that faculty's news."""

import pytest

from figures.models import LaunchNotice
from home.models import LaunchState
from newsletters.factories import TopicFactory
from newsletters.models import Campaign, TopicKind

pytestmark = pytest.mark.django_db


def launch(section, state=LaunchState.PILOT):
    section.launch_state = state
    section.save_revision().publish()


@pytest.fixture
def hiu_news(faculties):
    return TopicFactory(slug="hiu-nytt", kind=TopicKind.NEWS, faculty=faculties["HIU"])


def test_launching_a_planned_section_makes_one_live_campaign_to_its_news_topics(
    sections, faculties, hiu_news
):
    TopicFactory(slug="hiu-evu", kind=TopicKind.CONTINUING_EDUCATION, faculty=faculties["HIU"])
    TopicFactory(slug="hs-nytt", kind=TopicKind.NEWS, faculty=faculties["HS"])
    launch(sections["HIU"])
    campaign = Campaign.objects.get()
    assert campaign.faculty == faculties["HIU"]
    assert list(campaign.topics.all()) == [hiu_news]
    assert campaign.live
    assert campaign.send_at is not None
    assert campaign.title.startswith("Launch") or campaign.title.startswith("Lansering")
    assert campaign.subject_nb and campaign.subject_en
    assert campaign.body_nb and campaign.body_en
    assert LaunchNotice.objects.get(faculty=faculties["HIU"]).campaign == campaign


def test_republishing_without_a_change_of_state_makes_no_second_campaign(sections, hiu_news):
    launch(sections["HIU"])
    section = sections["HIU"].specific_class.objects.get(pk=sections["HIU"].pk)
    section.intro = "Nå er vi i gang."
    section.save_revision().publish()
    launch(section, LaunchState.LIVE)  # pilot → live is no new launch
    assert Campaign.objects.count() == 1


def test_a_section_already_launched_makes_none(sections, faculties):
    TopicFactory(slug="hh-nytt", kind=TopicKind.NEWS, faculty=faculties["HH"])
    section = sections["HH"]  # a pilot
    section.intro = "Oppdatert."
    section.save_revision().publish()
    assert not Campaign.objects.exists()


def test_no_campaign_when_the_faculty_has_no_news_topic(sections, faculties):
    TopicFactory(slug="hiu-evu", kind=TopicKind.CONTINUING_EDUCATION, faculty=faculties["HIU"])
    TopicFactory(slug="hiu-gammelt", kind=TopicKind.NEWS, faculty=faculties["HIU"], is_active=False)
    launch(sections["HIU"])
    assert not Campaign.objects.exists()
    assert not LaunchNotice.objects.exists()


def test_a_draft_with_a_new_state_tells_nobody_until_published(sections, hiu_news):
    section = sections["HIU"]
    section.launch_state = LaunchState.LIVE
    section.save_revision()
    assert not Campaign.objects.exists()
    section.get_latest_revision().publish()
    assert Campaign.objects.count() == 1
