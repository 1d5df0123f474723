"""A visitor subscribes on the public form with the keyboard alone, confirms from the link in the
mail, and later unsubscribes from the link in a campaign mail (SECURITY.md E4, E5, E6, U2, U3);
axe-core finds nothing on any page visited."""

import re

from django.core import mail

from playwright.sync_api import expect

from newsletters import consent
from newsletters.factories import TopicFactory
from newsletters.models import ConsentAction, ConsentEvent, Subscriber
from newsletters.sending import run_worker, start_campaign

from ..newsletters.sending_helpers import make_campaign
from .conftest import assert_no_axe_violations
from .test_member_journey import tab_to, type_into

EMAIL = "tastatur.abonnent@example.no"


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_visitor_subscribes_confirms_and_unsubscribes_with_the_keyboard(site_url, page):
    topic = TopicFactory(slug="evu-browser", name_nb="Etter- og videreutdanning")
    TopicFactory(slug="arrangementer-browser", name_nb="Arrangementer")

    page.goto(site_url + "/nyhetsbrev/")
    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)  # the public form
    type_into(page, "input[name=name]", "Tore Tastatur")
    type_into(page, "input[name=email]", EMAIL)
    tab_to(page, f"input[name=topics][value='{topic.pk}']")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=topics][value='{topic.pk}']")).to_be_checked()
    tab_to(page, "main form button[type=submit]")
    press_enter_and_wait(page)

    expect(page).to_have_url(re.compile(r"/nyhetsbrev/sjekk-e-posten/$"))
    expect(page.locator("[aria-live=polite]")).to_be_visible()
    assert_no_axe_violations(page)  # "check your e-mail"
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert consent.active_topic_ids(subscriber) == set()

    link = re.search(r"https?://\S+/nyhetsbrev/bekreft/\S+/", mail.outbox[-1].body).group(0)
    page.goto(site_url + path_of(link))
    assert_no_axe_violations(page)  # the confirmation page, before confirming
    assert consent.active_topic_ids(subscriber) == set()  # opening the link changed nothing
    tab_to(page, "main form button[type=submit]")
    press_enter_and_wait(page)
    expect(page.locator("[aria-live=polite]")).to_contain_text("Etter- og videreutdanning")
    assert consent.active_topic_ids(subscriber) == {topic.pk}
    assert_no_axe_violations(page)  # confirmed

    # A campaign to the topic goes out through the real sending path; the visitor follows the
    # unsubscribe link in the mail they got.
    campaign = make_campaign([topic])
    start_campaign(campaign)
    run_worker("browser-test")
    campaign_mail = mail.outbox[-1]
    assert campaign_mail.to == [f"Tore Tastatur <{EMAIL}>"]
    unsubscribe_header = campaign_mail.extra_headers["List-Unsubscribe"]
    link = re.search(r"https?://\S+/nyhetsbrev/avmeld/[^/\s>]+/", campaign_mail.body).group(0)
    assert link in unsubscribe_header
    page.goto(site_url + path_of(link))
    assert_no_axe_violations(page)  # the unsubscribe page, before unsubscribing
    assert consent.active_topic_ids(subscriber) == {topic.pk}
    tab_to(page, "main form button[type=submit]")
    press_enter_and_wait(page)
    assert consent.active_topic_ids(subscriber) == set()
    withdrawal = ConsentEvent.objects.get(subscriber=subscriber, action=ConsentAction.WITHDRAWN)
    assert withdrawal.campaign == campaign  # counted in the campaign's report
    assert_no_axe_violations(page)  # unsubscribed
