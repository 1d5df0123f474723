"""A campaign as mail: accessible HTML and a plain-text part, rendered once per campaign and
language, then personalised per recipient by a string replacement of two links (the send budget
is 300 mails/s, DESIGN.md §7).

The HTML is a simple table layout with inline styles: `<html lang>`, a title, the subject as the one
h1, block headings at their levels, alt text on every image, no script, no external CSS and no
tracking pixel (DESIGN.md §5). Links in the body become first-party redirects (`CampaignLink`, one
row per campaign and address) that count clicks and record nobody. The text part is built from
the blocks themselves: headings, paragraphs, lists and links as "text (address)".
"""

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import override

from wagtail.rich_text import RichText

from .models import CampaignLink
from .tokens import absolute

# Stand-ins for the two links that differ per recipient; replaced by `personalise`.
UNSUBSCRIBE_PLACEHOLDER = "%%NL_UNSUBSCRIBE_URL%%"
PREFERENCES_PLACEHOLDER = "%%NL_PREFERENCES_URL%%"

IMAGE_WIDTH = 560
LINK_COLOUR = "#00706a"
HREF = re.compile(r'href="([^"]*)"')


@dataclass(frozen=True)
class Rendered:
    """One campaign in one language, with placeholders for the recipient's own links."""

    language: str
    subject: str
    preheader: str
    html: str
    text: str

    def personalise(self, *, unsubscribe_url: str, preferences_url: str) -> tuple[str, str]:
        """(html, text) for one recipient."""
        html = self.html.replace(UNSUBSCRIBE_PLACEHOLDER, escape(unsubscribe_url)).replace(
            PREFERENCES_PLACEHOLDER, escape(preferences_url)
        )
        text = self.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url).replace(
            PREFERENCES_PLACEHOLDER, preferences_url
        )
        return html, text


def one_line(value: str) -> str:
    """A header value on one line: no CR or LF can smuggle in another header (SECURITY.md X5)."""
    return " ".join(str(value).split())


def absolute_url(url: str) -> str:
    """Links and images in mail must be absolute; page links from rich text are site paths."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


class _Links:
    """Maps each address in the body to its redirect; in a preview, to itself (no rows made)."""

    def __init__(self, campaign, language, preview):
        self.campaign = campaign
        self.language = language
        self.preview = preview
        self.urls: list[str] = []

    def note(self, url: str) -> str:
        url = absolute_url(unescape(url))
        if url.startswith(("http://", "https://")) and url not in self.urls:
            self.urls.append(url)
        return url

    def resolve(self) -> dict[str, str]:
        if self.preview or not self.urls:
            return {url: url for url in self.urls}
        CampaignLink.objects.bulk_create(
            [CampaignLink(campaign=self.campaign, url=url) for url in self.urls],
            ignore_conflicts=True,
        )
        tokens = dict(
            CampaignLink.objects.filter(campaign=self.campaign, url__in=self.urls).values_list(
                "url", "token"
            )
        )
        with override(self.language):
            return {
                url: absolute(reverse("newsletters:link", args=[tokens[url]])) for url in self.urls
            }


class _RichTextAsText(HTMLParser):
    """Rich text → plain text: paragraphs separated by a blank line, list items with a dash,
    headings on their own line, links as "text (address)"."""

    BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol"}

    def __init__(self, links: _Links):
        super().__init__(convert_charrefs=True)
        self.links = links
        self.parts: list[str] = []
        self.href: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.href.append(self.links.note(href) if href else None)

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            href = self.href.pop()
            if href and href.startswith(("http://", "https://")):
                self.parts.append(f" ({{link:{href}}})")
            elif href:
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if not data.strip():
            self.parts.append(" " if data else "")
            return
        lead = " " if data[0].isspace() else ""
        trail = " " if data[-1].isspace() else ""
        self.parts.append(lead + " ".join(data.split()) + trail)

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [line.strip() for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _rich_text_html(value) -> str:
    html = value.__html__() if isinstance(value, RichText) else str(value)
    html = html.replace("<p>", '<p style="margin:0 0 16px;">')
    html = re.sub(r"<p\b(?![^>]*style=)", '<p style="margin:0 0 16px;"', html)
    return re.sub(r"<a\b", f'<a style="color:{LINK_COLOUR};text-decoration:underline;"', html)


def _image_src(image):
    rendition = image.get_rendition(f"width-{IMAGE_WIDTH * 2}")
    return absolute_url(rendition.url), rendition


def _cta_url(link) -> str:
    page = link.get("page")
    if page:
        return absolute_url(page.specific.full_url or page.specific.url or "")
    return link.get("url") or ""


def _blocks(body, links: _Links):
    """(html, text) of each block of the body, in order."""
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            level = value.get("level") or "h2"
            html = render_to_string(
                "newsletters/mail/blocks/heading.html", {"text": value["text"], "level": level}
            )
            underline = "=" if level == "h2" else "-"
            yield html, f"{value['text']}\n{underline * len(value['text'])}"
        elif kind == "paragraph":
            html = _rich_text_html(value)
            parser = _RichTextAsText(links)
            parser.feed(html)
            yield (
                render_to_string("newsletters/mail/blocks/paragraph.html", {"html": html}),
                parser.text(),
            )
        elif kind == "image":
            src, rendition = _image_src(value["image"])
            context = {
                "src": src,
                "width": min(IMAGE_WIDTH, rendition.width // 2 or IMAGE_WIDTH),
                "alt": value["alt_text"],
                "caption": value.get("caption") or "",
            }
            text = f"[{value['alt_text']}]"
            if context["caption"]:
                text += f"\n{context['caption']}"
            yield render_to_string("newsletters/mail/blocks/image.html", context), text
        elif kind == "quote":
            html = render_to_string("newsletters/mail/blocks/quote.html", {"value": value})
            text = f"«{value['quote']}»"
            if value.get("attribution"):
                role = f", {value['role']}" if value.get("role") else ""
                text += f"\n– {value['attribution']}{role}"
            yield html, text
        elif kind == "call_to_action":
            url = links.note(_cta_url(value["link"]))
            html = render_to_string(
                "newsletters/mail/blocks/call_to_action.html", {"value": value, "url": url}
            )
            text = value["title"].upper()
            if value.get("text"):
                text += f"\n{value['text']}"
            text += f"\n{value['button_label']}: {{link:{url}}}"
            yield html, text


def _rewrite(html: str, text: str, redirects: dict[str, str]) -> tuple[str, str]:
    def href(match):
        url = absolute_url(unescape(match.group(1)))
        return f'href="{escape(redirects[url])}"' if url in redirects else match.group(0)

    html = HREF.sub(href, html)
    text = re.sub(r"\{link:([^}]*)\}", lambda m: redirects.get(m.group(1), m.group(1)), text)
    return html, text


def render_campaign(campaign, language: str, *, preview: bool = False) -> Rendered:
    """The campaign in `language` (Norwegian when it has no English version). Outside a preview,
    links become the campaign's redirects (rows made here, once per campaign and address)."""
    language = campaign.language_for(language)
    english = language == "en"
    body = campaign.body_en if english else campaign.body_nb
    subject = one_line(campaign.subject_for(language))
    preheader = one_line((campaign.preheader_en if english else "") or campaign.preheader_nb)
    links = _Links(campaign, language, preview)
    with override(language):
        topics = [one_line(topic.name) for topic in campaign.topics.all()] if campaign.pk else []
        parts = list(_blocks(body, links))
        redirects = links.resolve()
        context = {
            "LANGUAGE_CODE": language,
            "subject": subject,
            "preheader": preheader,
            "blocks": [mark_safe(html) for html, _text in parts],  # noqa: S308  (our templates)
            "topics": topics,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "preferences_url": PREFERENCES_PLACEHOLDER,
            "site_url": settings.WAGTAILADMIN_BASE_URL,
            "preview": preview,
        }
        html = render_to_string("newsletters/mail/campaign.html", context)
        context["body_text"] = "\n\n".join(text for _html, text in parts if text)
        text = render_to_string("newsletters/mail/campaign.txt", context)
    html, text = _rewrite(html, text, redirects)
    return Rendered(
        language=language, subject=subject, preheader=preheader, html=mark_safe(html), text=text
    )  # noqa: S308  (rendered by our templates; editor rich text is sanitised by Wagtail)
