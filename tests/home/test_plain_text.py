"""Member plain text as HTML (home.plain_text): what `{{ text|urlize|linebreaksbr }}` writes,
cached by content, so a page of posts or messages runs no urlize for text seen before (X1: the
markup is always Django's escaping, never the member's)."""

from django.template import Context, Template

import pytest

from home.plain_text import plain_text_html_many

TEXTS = [
    "Hei!\nSe https://www.usn.no/alumni og skriv til post@usn.no.",
    '<script>alert("x")</script> <img src=x onerror=alert(1)>',
    "javascript:alert(1) og www.example.no/sti?a=1&b=2",
    "",
    "Linje én\r\n\r\nLinje to <b>fet</b>",
]


def filtered(text):
    return Template("{{ text|urlize|linebreaksbr }}").render(Context({"text": text}))


@pytest.mark.parametrize("text", TEXTS)
def test_the_html_is_what_djangos_filters_write_cold_and_cached(text):
    cold = plain_text_html_many([text])[0]
    warm = plain_text_html_many([text])[0]

    assert cold == warm == filtered(text)


def test_member_markup_is_escaped_and_links_are_clickable():
    html = plain_text_html_many([TEXTS[0], TEXTS[1]])

    assert '<a href="https://www.usn.no/alumni" rel="nofollow">' in html[0]
    assert "<br>" in html[0]
    assert "<script" not in html[1] and "<img" not in html[1]
    assert "&lt;script&gt;" in html[1]


def test_a_changed_text_gets_its_own_html_and_the_order_is_kept():
    first = plain_text_html_many(["Første versjon", "Andre innlegg"])
    second = plain_text_html_many(["Andre innlegg", "Første versjon, rettet"])

    assert first == ["Første versjon", "Andre innlegg"]
    assert second == ["Andre innlegg", "Første versjon, rettet"]
