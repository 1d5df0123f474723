"""A thread's posts, written by community.groups.post_html: what each viewer's role gives them,
and nothing of one viewer's page on the next viewer's (the posts' text is cached by content; the
buttons and the CSRF token never are)."""

import re

from django.urls import reverse
from django.utils import translation

import pytest

from community.factories import GroupReplyFactory, GroupThreadFactory
from community.models import GroupKind, GroupReply

from .group_discussion_helpers import cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def people():
    return cast(GroupKind.OPEN)


def page_of(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def csrf_inputs(html) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_a_moderators_buttons_never_show_to_the_member_who_looks_next(client, people):
    thread = GroupThreadFactory(group=people.group, author=people.owner, body="Velkommen!")
    for n in range(3):
        GroupReplyFactory(thread=thread, author=people.owner, body=f"Svar {n} https://usn.no")
    url = reverse("community:group_thread", args=[thread.pk])

    moderator_page = page_of(client, people.moderator, url)
    member_page = page_of(client, people.member, url)

    assert moderator_page.count('name="action" value="hide"') == 4  # the opening post + 3
    assert 'value="hide"' not in member_page and 'value="delete"' not in member_page
    assert member_page.count(">Report<") == 4
    assert '<a href="https://usn.no" rel="nofollow">https://usn.no</a>' in member_page
    assert not set(csrf_inputs(moderator_page)) & set(csrf_inputs(member_page))


def test_each_post_links_to_its_own_actions(client, people):
    thread = GroupThreadFactory(group=people.group, author=people.owner)
    replies = [GroupReplyFactory(thread=thread, author=people.member) for _ in range(2)]
    url = reverse("community:group_thread", args=[thread.pk])

    page = page_of(client, people.moderator, url)

    assert f'action="{reverse("community:group_thread_action", args=[thread.pk])}"' in page
    for reply in replies:
        assert f'id="svar-{reply.pk}"' in page
        assert f'action="{reverse("community:group_reply_action", args=[reply.pk])}"' in page
        report = reverse("community:group_reply_report", args=[reply.pk])
        assert f'href="{report}?next=/en/' in page


def test_a_changed_reply_shows_its_new_text_on_the_next_request(client, people):
    thread = GroupThreadFactory(group=people.group, author=people.owner)
    reply = GroupReplyFactory(thread=thread, author=people.member, body="Første utgave")
    url = reverse("community:group_thread", args=[thread.pk])
    assert "Første utgave" in page_of(client, people.member, url)

    GroupReply.objects.filter(pk=reply.pk).update(body="Rettet <utgave>")
    page = page_of(client, people.member, url)

    assert "Første utgave" not in page
    assert "Rettet &lt;utgave&gt;" in page


def test_an_erased_authors_posts_say_former_member(client, people):
    thread = GroupThreadFactory(group=people.group, author=people.owner)
    GroupReplyFactory(thread=thread, author=None, body="Gammelt svar")
    url = reverse("community:group_thread", args=[thread.pk])

    page = page_of(client, people.member, url)

    assert "Former member" in page and "Gammelt svar" in page
