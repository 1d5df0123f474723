"""FastSelect writes the same <select> as Django's Select, without a template per option."""

import re

from django import forms

from home.widgets import FastSelect

CHOICES = [("", "—"), ("a<b", 'x"y&'), ("Gruppe <i>", [(1, "én"), (2, "to")])]


def normalised(html):
    """Attributes sorted, whitespace between tags removed: the markup a browser reads."""
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(
        r"<(\w+)([^>]*)>",
        lambda m: (
            "<"
            + m.group(1)
            + "".join(sorted(re.findall(r' [\w-]+(?:="[^"]*")?', m.group(2))))
            + ">"
        ),
        html,
    )


def test_fast_select_renders_what_select_renders():
    attrs = {"id": "id_f", "aria-describedby": "id_f_helptext", "required": True}
    for value in (1, "a<b", None):
        slow = forms.Select(choices=CHOICES, attrs=attrs).render("f", value)
        fast = FastSelect(choices=CHOICES, attrs=attrs).render("f", value)
        assert normalised(fast) == normalised(slow)


def test_fast_select_escapes_labels_and_values():
    html = FastSelect(choices=[("<x>", "<script>alert(1)</script>")]).render("f", None)
    assert "<script>" not in html and "&lt;script&gt;" in html and 'value="&lt;x&gt;"' in html
