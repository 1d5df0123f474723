"""A campaign rendered as mail: accessible HTML, a text part built from the blocks, links as
first-party redirects made once per campaign and address."""

from django.utils import translation

import pytest

from home.factories import ImageFactory
from newsletters.models import CampaignLink
from newsletters.rendering import render_campaign

from .sending_helpers import BODY_NB, make_campaign

pytestmark = pytest.mark.django_db


def test_the_html_has_a_language_a_title_one_h1_and_headings_at_their_levels():
    rendered = render_campaign(make_campaign(), "nb")
    html = rendered.html
    assert '<html lang="nb"' in html
    assert "<title>Nye kurs ved USN</title>" in html
    assert html.count("<h1") == 1
    assert ">Nye kurs i høst</h2>" in html and ">Påmelding</h3>" in html
    assert "<script" not in html and "<link" not in html and "<style" not in html
    assert "display:none" in html.split("Etter- og videreutdanning for alumni")[0][-200:]


def test_images_have_their_alt_text_and_an_absolute_address():
    image = ImageFactory()
    body = [("image", {"image": image, "alt_text": "Campus Bø om høsten", "caption": ""})]
    html = render_campaign(make_campaign(body_nb=body), "nb").html
    assert 'alt="Campus Bø om høsten"' in html
    assert 'src="http://testserver/' in html


def test_the_text_part_has_headings_paragraphs_lists_and_links_as_text_and_address():
    campaign = make_campaign()
    text = render_campaign(campaign, "nb").text
    redirect = CampaignLink.objects.get(url="https://www.usn.no/evu")
    assert "Nye kurs i høst\n===============" in text
    assert (
        f"etter- og videreutdanning ved USN (http://testserver/nyhetsbrev/lenke/{redirect.token}/)"
        in text
    )
    assert "- Ledelse\n- Økonomi" in text
    assert "<" not in text


def test_links_become_one_redirect_per_campaign_and_address_however_often_rendered():
    campaign = make_campaign()
    render_campaign(campaign, "nb")
    render_campaign(campaign, "nb")
    render_campaign(campaign, "en")
    assert sorted(CampaignLink.objects.values_list("url", flat=True)) == [
        "https://www.usn.no/evu",
        "https://www.usn.no/evu/pamelding",
    ]
    assert "https://www.usn.no/evu" not in render_campaign(campaign, "nb").html


def test_a_preview_keeps_the_real_addresses_and_makes_no_rows():
    html = render_campaign(make_campaign(), "nb", preview=True).html
    assert 'href="https://www.usn.no/evu"' in html
    assert not CampaignLink.objects.exists()


def test_english_falls_back_to_norwegian_without_an_english_version():
    rendered = render_campaign(make_campaign(english=False), "en")
    assert rendered.language == "nb" and '<html lang="nb"' in rendered.html


def test_the_footer_says_why_and_personalise_puts_in_the_recipients_links():
    campaign = make_campaign()
    with translation.override("en"):
        rendered = render_campaign(campaign, "en")
    html, text = rendered.personalise(
        unsubscribe_url="https://x.test/u?a=1&b=2", preferences_url="https://x.test/p"
    )
    assert "because you subscribed" in text
    assert campaign.topics.get().name_en in text
    assert 'href="https://x.test/u?a=1&amp;b=2"' in html
    assert "https://x.test/u?a=1&b=2" in text and "https://x.test/p" in text
    assert len(BODY_NB) == 4
