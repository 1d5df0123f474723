"""Norwegian bokmål is complete, compiled, and what a visitor sees by default."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nb" / "LC_MESSAGES"


def po_entries(with_context=False):
    """(msgid, msgstr list, flags) for each entry of the nb catalogue, header excluded; with
    `with_context`, (msgctxt or None, msgid, msgstr list, flags)."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        fields, current = {}, None
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            strings = [v for k, v in fields.items() if k.startswith("msgstr")]
            if with_context:
                entries.append((fields.get("msgctxt"), fields["msgid"], strings, flags))
            else:
                entries.append((fields["msgid"], strings, flags))
    return entries


def unescape(value):
    return value.replace('\\"', '"').replace("\\n", "\n")


def test_every_message_has_a_norwegian_translation():
    entries = po_entries()
    assert len(entries) > 100
    untranslated = [msgid for msgid, strings, _ in entries if not all(strings)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def compiled_text(context, msgid):
        if context is None:
            return compiled.gettext(unescape(msgid))
        return compiled.pgettext(unescape(context), unescape(msgid))

    stale = [
        msgid
        for context, msgid, strings, _ in po_entries(with_context=True)
        if len(strings) == 1 and compiled_text(context, msgid) != unescape(strings[0])
    ]
    assert not stale, f"django.mo is out of date; run `make messages`: {stale[:5]}"


@pytest.mark.django_db
def test_a_visitor_gets_norwegian_by_default(client, site_tree):
    html = client.get("/").content.decode()
    assert "Hopp til hovedinnhold" in html
    assert "Tilgjengelighetserklæring" in html
    assert '<html lang="nb">' in html


@pytest.mark.django_db
def test_english_pages_keep_english_chrome(client, site_tree):
    html = client.get("/en/search/").content.decode()
    assert "Skip to main content" in html
    assert '<html lang="en">' in html
