"""Read the fields of an HTML form the way a browser would submit it, for the simulated members
of the load run: the CSRF token, hidden inputs, the first choice of radio buttons and selects,
textareas. Standard library only (the locust process does not load Django)."""

import re
from html.parser import HTMLParser

LINK = re.compile(r'href="([^"#?]*)[^"]*"')


class _FormParser(HTMLParser):
    def __init__(self, action_contains: str):
        super().__init__(convert_charrefs=True)
        self.action_contains = action_contains
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            wanted = self.action_contains in action if self.action_contains else not action
            if wanted:
                self._current = {"action": action, "fields": {}, "textareas": []}
            return
        if self._current is None:
            return
        fields = self._current["fields"]
        if tag == "option":
            if self._select and fields.get(self._select) is None and attrs.get("value"):
                fields[self._select] = attrs["value"]
            return
        name = attrs.get("name")
        if not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                # A browser sends the checked one; the load run answers with the first choice.
                fields.setdefault(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value", "")
        elif tag == "textarea":
            fields[name] = ""
            self._textarea = name
            self._current["textareas"].append(name)
        elif tag == "select":
            fields[name] = None
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._current is not None and self._textarea:
            self._current["fields"][self._textarea] += data


def find_form(html: str, action_contains: str = "") -> dict | None:
    """The first form whose action contains `action_contains` (or, with "", the first form
    without an action, which posts to its own page): {"action", "fields", "textareas"}."""
    parser = _FormParser(action_contains)
    parser.feed(html)
    parser.close()
    return parser.forms[0] if parser.forms else None


def links(html: str, pattern: str) -> list[str]:
    """Distinct link targets (without query or fragment) matching the regular expression
    `pattern`, in page order."""
    wanted = re.compile(pattern)
    seen: dict[str, None] = {}
    for href in LINK.findall(html):
        if wanted.fullmatch(href):
            seen.setdefault(href, None)
    return list(seen)
