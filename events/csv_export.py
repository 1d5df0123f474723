"""The participant list of an event as CSV, written with `csv` so every cell is under our control.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which some of them
skip before looking) as a formula; such cells get a leading apostrophe (SECURITY.md X6, the helper
lives in home.spreadsheets). Every cell goes through `neutralise`.
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from home.spreadsheets import FORMULA_STARTS, neutralise  # noqa: F401  (moved to home, X6)


def answer_text(answer) -> str:
    if isinstance(answer, bool):
        return _("Yes") if answer else _("No")
    if answer is None:
        return ""
    return str(answer)


def answers_by_question(registration, questions) -> list[str]:
    """The registration's answers in the order of the event's questions (matched by the
    question's id, or by its wording for answers given before a question was re-created)."""
    by_pk, by_label = {}, {}
    for item in registration.answers or []:
        if isinstance(item, dict):
            by_pk[item.get("question")] = item.get("answer")
            by_label[item.get("label")] = item.get("answer")
    return [answer_text(by_pk[q.pk] if q.pk in by_pk else by_label.get(q.label)) for q in questions]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def participants_csv(registrations, questions) -> str:
    """One row per registration: who, status, guests, when, attended, then one column per
    question."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    header = [
        _("Name"),
        _("E-mail address"),
        _("Status"),
        _("Waitlist number"),
        _("Guests"),
        _("Registered"),
        _("Attended"),
        *[q.label for q in questions],
    ]
    writer.writerow([neutralise(cell) for cell in header])
    for registration, position in registrations:
        row = [
            registration.display_name,
            registration.email,
            registration.get_status_display(),
            position or "",
            registration.guests,
            local(registration.created_at),
            local(registration.attended_at),
            *answers_by_question(registration, questions),
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
