"""Member plain text as HTML: escaped, links made clickable, line breaks kept — what the
templates write as `{{ text|urlize|linebreaksbr }}`, with Django's own filters, so the output is
the same; never the member's markup.

`urlize` is the costliest filter a list of posts or messages runs (about 0.1 ms a post), and a
post's HTML depends on its text alone. So the HTML is cached under a digest of the text
(content-addressed: nothing to invalidate when a post is edited, and the same text gives the same
HTML whoever looks at it), fetched for a whole page in one cache round trip.
"""

import hashlib

from django.core.cache import cache
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils.safestring import SafeString, mark_safe

# Part of every key: bump it if the filters or their order change.
KEY_PREFIX = "plain-text-html:1:"
CACHE_SECONDS = 24 * 60 * 60


def render_plain_text(text: str) -> SafeString:
    """The HTML of one text, uncached: Django's urlize and linebreaksbr with autoescaping."""
    return linebreaksbr(urlize(text, autoescape=True), autoescape=True)


def _key(text: str) -> str:
    return KEY_PREFIX + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def plain_text_html_many(texts) -> list[SafeString]:
    """The HTML of each text, in order: cached ones in one round trip, the rest rendered and
    stored."""
    texts = [text or "" for text in texts]
    keys = [_key(text) for text in texts]
    found = cache.get_many(set(keys))
    missing = {}
    result = []
    for key, text in zip(keys, texts, strict=True):
        html = found.get(key)
        if html is None:
            html = missing.get(key)
            if html is None:
                html = missing[key] = str(render_plain_text(text))
        result.append(mark_safe(html))  # noqa: S308 — escaped by urlize/linebreaksbr above
    if missing:
        cache.set_many(missing, CACHE_SECONDS)
    return result
