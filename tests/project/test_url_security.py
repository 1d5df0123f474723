"""SECURITY.md S4-S7 across every URL pattern of ours, and C1's coverage: every object URL has a
stranger test.

The demo site (`seed_demo`, a few members) gives each pattern real arguments: Kari's
conversations, a group she owns, a job posting, a mentorship, an event registration's tokens…
Each pattern is requested with GET as a visitor and as Kari, in Norwegian and in English. A new
pattern fails `test_every_pattern_is_requested_or_explained` until someone gives it arguments
here or says why it cannot be requested."""

import importlib
import io

from django.core.management import call_command
from django.db.models import Q
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

import pytest

from tests.project.url_walk import our_routes

KARI = "kari.nordmann@example.no"
DEMO_PASSWORD = "alumni-demo-2026"

# Patterns not requested with GET, each with the reason.
NOT_REQUESTED = {
    "wagtailcore_authenticate_with_password": "POST only (Wagtail's password-protected pages)",
    "account_confirm_login_code": "login by code is off (ACCOUNT_LOGIN_BY_CODE_ENABLED)",
    "account_request_reauthentication_code": "login by code is off",
    "account_confirm_reauthentication_code": "login by code is off",
    "openid_connect_login": "needs a configured OIDC provider (none in tests)",
    "openid_connect_callback": "needs a configured OIDC provider and its state",
}


def _is_machine_endpoint(route) -> bool:
    """Webhooks and the CRM API answer JSON or nothing; they are requested but carry no HTML."""
    return route.name.startswith(("anymail:", "crm:"))


@pytest.fixture
def demo(settings, tmp_path, db):
    """The demo site with four generated members, plus what the demo builds no rows for."""
    from django.contrib.auth import get_user_model

    from community.factories import GroupFactory, GroupReplyFactory, GroupThreadFactory
    from community.models import Notification

    settings.VAR_DIR = tmp_path
    # The webhooks as production configures them (without these keys Mailgun's views cannot start).
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": "hook:secret",
        "MAILGUN_API_KEY": "key-test",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "signing-test",
    }
    call_command("seed_demo", members=4, stdout=io.StringIO())
    kari = get_user_model().objects.get(email=KARI)
    group = GroupFactory(owner=kari)
    thread = GroupThreadFactory(group=group, author=kari)
    GroupReplyFactory(thread=thread, author=kari)
    if not Notification.objects.filter(recipient=kari).exists():
        Notification.objects.create(recipient=kari, kind="message", text="Hei")
    return {"kari": kari, "group": group, "thread": thread}


def _first_pk(model, *conditions, **filters):
    obj = (
        model.objects.filter(*conditions, **filters).order_by("pk").first() or model.objects.first()
    )
    return obj.pk if obj else 999_999


def arguments_for(demo) -> dict:
    """Real arguments for every pattern with arguments, from the demo site."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    from careers.models import (
        JobPosting,
        MemberBenefit,
        MentoringProgramme,
        MentoringRequest,
        MentorProfile,
        Mentorship,
        SavedJobSearch,
    )
    from community.models import (
        Conversation,
        GroupMembership,
        GroupReply,
        Message,
        Notification,
        Profile,
    )
    from events.models import CalendarFeedToken, EventPage, EventRegistration
    from events.tokens import feedback_token, visitor_confirmation_token
    from newsletters.models import CampaignLink, Subscriber
    from newsletters.tokens import confirmation_token, manage_token, unsubscribe_token

    kari, group, thread = demo["kari"], demo["group"], demo["thread"]
    conversation = Conversation.objects.filter(participants__user=kari).order_by("pk").first()
    message = Message.objects.filter(conversation=conversation).order_by("pk").first()
    other = Profile.objects.exclude(user=kari).order_by("pk").first()
    membership = GroupMembership.objects.filter(group=group).first()
    registration = EventRegistration.objects.order_by("pk").first()
    subscriber = Subscriber.objects.order_by("pk").first()
    meetup = EventPage.objects.order_by("pk").first()
    address = EmailAddress.objects.get(user=kari, primary=True)
    mine = Q(mentor=kari) | Q(mentee=kari)
    return {
        "account_confirm_email": {"key": EmailConfirmationHMAC(address).key},
        "account_reset_password_from_key": {"uidb36": "1", "key": "set-password-made-up"},
        "mfa_remove_webauthn": {"pk": 999_999},
        "mfa_edit_webauthn": {"pk": 999_999},
        "community:profile_detail": {"pk": other.pk},
        "community:member_block": {"pk": other.pk},
        **{
            f"community:{name}": {"pk": conversation.pk}
            for name in [
                "conversation",
                "conversation_new_messages",
                "conversation_action",
                "conversation_add",
            ]
        },
        "community:message_edit": {"pk": message.pk},
        "community:message_delete": {"pk": message.pk},
        "community:message_report": {"pk": message.pk},
        **{
            f"community:group_{name}": {"pk": group.pk}
            for name in [
                "about",
                "edit",
                "join",
                "leave",
                "decline_invitation",
                "members",
                "invite",
                "notifications",
                "archive",
                "detail",
                "thread_new",
                "reports",
            ]
        },
        "community:group_member_action": {"pk": group.pk, "membership_pk": membership.pk},
        **{
            f"community:group_thread{suffix}": {"pk": thread.pk}
            for suffix in ["", "_edit", "_action", "_report"]
        },
        **{
            f"community:group_reply_{name}": {"pk": GroupReply.objects.get(thread=thread).pk}
            for name in ["edit", "action", "report"]
        },
        "community:notification_mark_read": {"pk": _first_pk(Notification, recipient=kari)},
        "meetups:list": {"group_pk": group.pk},
        "meetups:create": {"group_pk": group.pk},
        "meetups:edit": {"group_pk": group.pk, "pk": meetup.pk},
        "meetups:cancel": {"group_pk": group.pk, "pk": meetup.pk},
        "events:cancel": {"token": registration.cancel_token},
        "events:visitor_confirm": {"token": visitor_confirmation_token(registration)},
        "events:feedback": {"token": feedback_token(registration)},
        "calendars:faculty_feed": {"code": "hh"},
        "calendars:personal_feed": {"token": CalendarFeedToken.objects.for_user(kari).token},
        "careers:job_alert_delete": {"pk": _first_pk(SavedJobSearch, user=kari)},
        **{
            f"careers:job_{name}": {"pk": _first_pk(JobPosting, posted_by=kari)}
            for name in ["detail", "edit", "renew", "close", "report"]
        },
        "careers:mentor_detail": {"pk": _first_pk(MentorProfile)},
        **{
            f"careers:mentoring_request{suffix}": {"pk": _first_pk(MentoringRequest, mine)}
            for suffix in ["", "_accept", "_decline", "_withdraw"]
        },
        **{
            f"careers:mentorship{suffix}": {"pk": _first_pk(Mentorship, mine)}
            for suffix in ["", "_end", "_feedback"]
        },
        "careers:mentoring_programme": {"pk": _first_pk(MentoringProgramme)},
        "careers:benefit_detail": {"pk": _first_pk(MemberBenefit)},
        "careers:benefit_redeem": {"pk": _first_pk(MemberBenefit)},
        "newsletters:confirm": {"token": confirmation_token(subscriber, [])},
        "newsletters:manage": {"token": manage_token(subscriber)},
        "newsletters:unsubscribe": {"token": unsubscribe_token(subscriber)},
        "newsletters:link": {"token": CampaignLink.objects.order_by("pk").first().token},
    }


def urls_to_request(demo) -> list[tuple[str, str]]:
    arguments = arguments_for(demo)
    urls = []
    for route in our_routes():
        if route.name in NOT_REQUESTED:
            continue
        if route.name == "wagtail.views.serve" or route.name == "wagtail_serve":
            for language in ("nb", "en"):
                with translation.override(language):
                    urls.append((route.name, "/" if language == "nb" else "/en/"))
            continue
        if not route.name or "." in route.name.split(":")[-1]:
            # Unnamed patterns (allauth's old /social/ redirects) are reached by their route.
            urls.append((route.name, "/" + route.route.replace("^", "").replace("$", "")))
            continue
        for language in ("nb", "en"):
            with translation.override(language):
                urls.append((route.name, reverse(route.name, kwargs=arguments.get(route.name))))
    return sorted(set(urls))


def assert_security_headers(response, url):
    """S4 and S5 on an HTML response."""
    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy, url
    assert "base-uri 'none'" in policy, url
    assert "frame-ancestors" in policy, url
    script_src = next(
        (part for part in policy.split(";") if part.strip().startswith("script-src")), ""
    )
    assert "'unsafe-inline'" not in script_src, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response.get("Referrer-Policy"), url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def request_every_url(client, demo):
    """GET every URL; return (name, url, status) of each, and check the headers on the way."""
    from allauth.account.models import EmailAddress

    unexplained = [
        route.name
        for route in our_routes()
        if route.arguments
        and route.name not in NOT_REQUESTED
        and route.name not in arguments_for(demo)
    ]
    assert unexplained == [], "give these patterns arguments or a reason in NOT_REQUESTED"
    urls = urls_to_request(demo)
    # Signing out or confirming an address last, so the other pages see the member signed in.
    urls.sort(key=lambda item: item[0] in {"account_logout", "account_confirm_email"})
    seen = []
    for name, url in urls:
        response = client.get(url)
        seen.append((name, url, response.status_code))
        assert response.status_code < 500, (name, url, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_security_headers(response, url)
    # Visiting the confirmation link by GET must not have confirmed anything it should not.
    assert EmailAddress.objects.filter(user=demo["kari"], verified=True).exists()
    return seen


@pytest.mark.django_db
def test_every_url_as_a_visitor_has_the_security_headers_and_no_500(demo):
    seen = request_every_url(Client(), demo)
    html_pages = [item for item in seen if item[2] == 200]
    assert len(html_pages) > 40  # the visitor really reached pages, not just redirects
    requested = {name for name, _, _ in seen}
    assert {route.name for route in our_routes()} - requested == set(NOT_REQUESTED)


@pytest.mark.django_db
def test_every_url_as_a_member_has_the_security_headers_and_no_500(demo):
    client = Client()
    client.force_login(demo["kari"])
    seen = request_every_url(client, demo)
    reached = {name for name, _, status in seen if status == 200}
    # Kari really saw her own things, not a login redirect.
    assert {
        "community:inbox",
        "community:conversation",
        "community:group_detail",
        "community:group_thread",
        "careers:mentorship",
        "accounts:my_data",
    } <= reached


# S7: pages with personal data are never stored by a browser or proxy.
NO_STORE = [
    ("community:inbox", None),
    ("community:conversation", "conversation"),
    ("community:profile_edit", None),
    ("accounts:my_data", None),
    ("accounts:my_data_export", None),
    ("newsletters:preferences", None),
    ("newsletters:manage", "manage"),
    ("accounts:delete_account", None),
]


@pytest.mark.django_db
def test_pages_with_personal_data_are_not_stored(demo):
    arguments = arguments_for(demo)
    client = Client()
    client.force_login(demo["kari"])
    for name, _ in NO_STORE:
        url = reverse(name, kwargs=arguments.get(name))
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert "no-store" in response.get("Cache-Control", ""), name


# As usn_alumni/settings/production.py sets them (test_settings_and_headers.py holds it to these).
PRODUCTION_COOKIES = {
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}


@pytest.mark.django_db
def test_production_cookies_are_secure_samesite_and_httponly(member):
    """S6: a sign-in sets the session and CSRF cookies Secure and SameSite, the session HttpOnly."""
    from django.conf import settings

    from allauth.account.models import EmailAddress

    member.set_password(DEMO_PASSWORD)
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    with override_settings(**PRODUCTION_COOKIES):
        client = Client()
        login_url = reverse("account_login")
        client.get(login_url, secure=True)
        response = client.post(
            login_url, {"login": member.email, "password": DEMO_PASSWORD}, secure=True
        )
        assert response.status_code == 302, response.content.decode()[:500]
        assert "_auth_user_id" in client.session
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] is True and session["httponly"] is True
        assert session["samesite"] in {"Lax", "Strict"}
        csrf = client.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf["secure"] is True and csrf["samesite"] in {"Lax", "Strict"}


# --- C1: every object URL of ours has a stranger test ---------------------------------------------

OUR_APPS = ("accounts.", "community.", "events.", "careers.", "newsletters.", "home.", "crm.")

CM = "tests/community/test_messaging.py::"
GD = "tests/community/test_groups_discussions.py::"
GM = "tests/community/test_groups_membership.py::"
ST = "tests/project/test_strangers.py::"
MT = "tests/events/test_meetups.py::"
JV = "tests/careers/test_jobs_views.py::"
MV = "tests/careers/test_mentoring_views.py::"

# Each object URL pattern → the tests that prove a stranger's view: 404 or 403, nothing changed.
STRANGER_TESTS = {
    "community:profile_detail": [
        ST + "test_stranger_gets_404_on_a_members_profile_and_sees_nothing"
    ],
    "community:member_block": [CM + "test_blocking_needs_post_and_a_visible_profile"],
    **{
        f"community:{name}": [CM + "test_stranger_gets_404_for_a_conversation_and_nothing_changes"]
        for name in [
            "conversation",
            "conversation_new_messages",
            "conversation_action",
            "conversation_add",
        ]
    },
    "community:message_edit": [CM + "test_stranger_gets_404_for_a_message"],
    "community:message_delete": [CM + "test_stranger_gets_404_for_a_message"],
    "community:message_report": [
        "tests/community/test_moderation.py::test_a_stranger_gets_404_and_nothing_is_reported"
    ],
    **{
        f"community:group_{name}": [
            ST + "test_stranger_gets_404_on_a_hidden_group_and_nothing_changes"
        ]
        for name in ["about", "members", "join"]
    },
    **{
        f"community:group_{name}": [
            GM + "test_a_stranger_to_a_hidden_group_gets_404_for_its_member_actions"
        ]
        for name in ["edit", "leave", "decline_invitation", "invite", "notifications", "archive"]
    },
    "community:group_member_action": [
        GM + "test_a_stranger_to_a_hidden_group_gets_404_for_its_member_actions",
        GM + "test_a_membership_of_another_group_is_a_404_and_nothing_changes",
    ],
    "community:group_detail": [GD + "test_a_stranger_to_a_hidden_group_gets_404_on_its_page"],
    **{
        f"community:group_{name}": [
            GD + "test_a_stranger_gets_404_on_every_object_url_and_nothing_changes"
        ]
        for name in [
            "thread_new",
            "reports",
            "thread",
            "thread_edit",
            "thread_action",
            "thread_report",
            "reply_edit",
            "reply_action",
            "reply_report",
        ]
    },
    "community:notification_mark_read": [
        "tests/community/test_notifications.py::"
        "test_stranger_gets_404_marking_anothers_notification_and_nothing_changes"
    ],
    "meetups:list": [MT + "test_stranger_gets_404_for_the_schedule_form_of_a_closed_group"],
    "meetups:create": [MT + "test_stranger_gets_404_for_the_schedule_form_of_a_closed_group"],
    "meetups:edit": [MT + "test_meetup_of_another_group_is_404_in_this_groups_urls"],
    "meetups:cancel": [MT + "test_plain_member_cannot_call_a_meetup_off"],
    **{
        name: [
            ST + "test_an_altered_registration_token_gets_404_and_nothing_changes",
            "tests/events/test_event_pages_views.py::test_bad_confirmation_and_cancel_links_are_404",
        ]
        for name in ["events:cancel", "events:visitor_confirm", "events:feedback"]
    },
    "calendars:faculty_feed": ["tests/events/test_calendars.py::test_unknown_faculty_feed_is_404"],
    "calendars:personal_feed": [
        "tests/events/test_calendars.py::test_unknown_token_is_404",
        "tests/events/test_calendars.py::test_deactivated_members_feed_is_404",
    ],
    "careers:job_alert_delete": [JV + "test_a_member_deletes_their_alert_and_a_stranger_gets_404"],
    "careers:job_detail": [JV + "test_an_unpublished_posting_is_404_for_strangers_and_visitors"],
    **{
        f"careers:job_{name}": [
            JV + "test_a_stranger_gets_404_on_another_members_posting_and_nothing_changes"
        ]
        for name in ["edit", "renew", "close"]
    },
    "careers:job_report": [JV + "test_a_posting_that_cannot_be_seen_cannot_be_reported"],
    "careers:mentor_detail": [MV + "test_an_unknown_request_or_mentorship_is_404"],
    "careers:mentoring_programme": [MV + "test_an_unknown_request_or_mentorship_is_404"],
    **{
        f"careers:mentoring_request{suffix}": [
            MV + "test_a_stranger_gets_404_on_every_request_url_and_nothing_changes"
        ]
        for suffix in ["", "_accept", "_decline", "_withdraw"]
    },
    **{
        f"careers:mentorship{suffix}": [
            MV + "test_a_stranger_gets_404_on_every_mentorship_url_and_nothing_changes"
        ]
        for suffix in ["", "_end", "_feedback"]
    },
    **{
        name: ["tests/careers/test_benefits.py::test_a_benefit_that_is_off_or_out_of_date_is_404"]
        for name in ["careers:benefit_detail", "careers:benefit_redeem"]
    },
    "newsletters:confirm": [
        "tests/newsletters/test_subscribe.py::test_e4_a_tampered_confirmation_link_is_refused"
    ],
    "newsletters:manage": [
        "tests/newsletters/test_preferences.py::"
        "test_c1_a_manage_link_with_a_bad_token_shows_nothing_and_changes_nothing"
    ],
    "newsletters:unsubscribe": [
        "tests/newsletters/test_unsubscribe.py::"
        "test_e6_c1_a_tampered_or_foreign_token_is_refused_and_changes_nothing"
    ],
    "newsletters:link": ["tests/newsletters/test_clicks.py::test_an_unknown_token_is_404"],
}


def object_routes_of_ours():
    return [
        route
        for route in our_routes()
        if route.object_arguments and route.lookup.startswith(OUR_APPS)
    ]


def test_every_object_url_of_ours_has_a_stranger_test():
    missing = [route.name for route in object_routes_of_ours() if route.name not in STRANGER_TESTS]
    assert missing == [], "write a stranger test (tests/project/test_strangers.py) and map it"


def test_the_map_names_no_pattern_that_is_gone():
    assert set(STRANGER_TESTS) <= {route.name for route in object_routes_of_ours()}


def test_every_mapped_stranger_test_exists():
    absent = []
    for name, tests in STRANGER_TESTS.items():
        assert tests, name
        for test in tests:
            path, function = test.split("::")
            module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
            if not callable(getattr(module, function.split("[")[0], None)):
                absent.append((name, test))
    assert absent == []
