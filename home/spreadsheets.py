"""Cells of the CSV files staff download (SECURITY.md X6), shared by every app's exports.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which some of them
skip before looking) as a formula; such cells get a leading apostrophe. Names, answers and
addresses are what people typed, so every cell goes through `neutralise`.
"""

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell as text that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = _("Yes") if value else _("No")
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
