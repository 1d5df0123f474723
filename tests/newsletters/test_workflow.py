"""A coordinator drafts, communications approves (issue 8): the data migration's groups and the
"Kampanjegodkjenning" workflow on campaigns."""

import json

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Workflow, WorkflowState

import pytest

from accounts.factories import UserFactory
from newsletters.factories import TopicFactory
from newsletters.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def communications(db):
    user = UserFactory(email="kommunikasjon@usn.example")
    user.groups.add(Group.objects.get(name="Kommunikasjon"))
    return user


@pytest.fixture
def topic(db):
    return TopicFactory(slug="evu-ledelse")


def form_data(faculty, topic, **extra):
    return {
        "title": "Ledelse for alumni",
        "subject_nb": "Nytt kurs i ledelse",
        "body_nb-count": "1",
        "body_nb-0-type": "paragraph",
        "body_nb-0-value": json.dumps(
            {
                "blocks": [
                    {
                        "key": "a1b2c",
                        "text": "Meld deg på!",
                        "type": "unstyled",
                        "depth": 0,
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    }
                ],
                "entityMap": {},
            }
        ),
        "body_nb-0-id": "",
        "body_nb-0-deleted": "",
        "body_nb-0-order": "0",
        "body_en-count": "0",
        "topics": [topic.pk],
        "faculty": faculty.pk,
        **extra,
    }


def test_the_campaign_workflow_is_assigned_to_campaigns_with_a_communications_approval_task():
    workflow = Workflow.objects.get(name="Kampanjegodkjenning")
    assert Campaign().get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Kommunikasjon"]


def test_a_coordinator_submits_a_campaign_and_communications_approves_it(
    client, coordinator_hh, communications, faculties, topic
):
    client.force_login(coordinator_hh)
    response = client.post(
        reverse("wagtailsnippets_newsletters_campaign:add"),
        form_data(faculties["HH"], topic, **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.created_by == coordinator_hh
    assert campaign.live is False
    state = WorkflowState.objects.get(object_id=str(campaign.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(communications)
    task_state = state.current_task_state
    url = reverse(
        "wagtailsnippets_newsletters_campaign:workflow_action",
        args=[campaign.pk, "approve", task_state.pk],
    )
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    campaign.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert campaign.live is True


def test_a_coordinator_has_no_publish_button_and_a_publish_post_is_not_published(
    client, coordinator_hh, faculties, topic
):
    client.force_login(coordinator_hh)
    page = client.get(reverse("wagtailsnippets_newsletters_campaign:add")).content.decode()
    assert 'name="action-publish"' not in page
    assert 'name="action-submit"' in page
    client.post(
        reverse("wagtailsnippets_newsletters_campaign:add"),
        form_data(faculties["HH"], topic, **{"action-publish": "1"}),
    )
    assert not Campaign.objects.filter(live=True).exists()


def test_communications_may_publish_directly(client, communications, faculties, topic):
    client.force_login(communications)
    page = client.get(reverse("wagtailsnippets_newsletters_campaign:add")).content.decode()
    assert 'name="action-publish"' in page
    client.post(
        reverse("wagtailsnippets_newsletters_campaign:add"),
        form_data(faculties["HH"], topic, **{"action-publish": "1"}),
    )
    assert Campaign.objects.get().live is True


def test_a_coordinator_of_another_faculty_cannot_approve(
    client, coordinator_hh, coordinator_hs, faculties, topic
):
    client.force_login(coordinator_hh)
    client.post(
        reverse("wagtailsnippets_newsletters_campaign:add"),
        form_data(faculties["HH"], topic, **{"action-submit": "1"}),
    )
    campaign = Campaign.objects.get()
    task_state = WorkflowState.objects.get(object_id=str(campaign.pk)).current_task_state
    url = reverse(
        "wagtailsnippets_newsletters_campaign:workflow_action",
        args=[campaign.pk, "approve", task_state.pk],
    )
    for user in (coordinator_hs, coordinator_hh):
        client.force_login(user)
        assert client.post(url, {"comment": ""}).status_code in (302, 403)
    campaign.refresh_from_db()
    assert campaign.live is False
