"""The member's own view of everything held about them ("My data", SECURITY.md P1).

Everything comes through the personal-data registry: accounts knows no higher app. Each registry
entry becomes one section; its export is turned into something a person can read (lists of rows as
tables, dicts as definition lists, dates in the local format) instead of raw JSON. The same export,
as JSON, is the download.
"""

import datetime
import decimal
import json
import uuid
from dataclasses import dataclass, field

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .registry import entries

# Readable headings for the keys most exports use; others are made readable from the key itself.
KEY_LABELS = {
    "created_at": _("Created"),
    "updated_at": _("Changed"),
    "email": _("E-mail address"),
    "verified": _("Verified"),
    "primary": _("Primary"),
    "status": _("Status"),
    "title": _("Title"),
    "body": _("Text"),
    "name": _("Name"),
    "kind": _("Kind"),
    "language": _("Language"),
    "time": _("Time"),
    "topic": _("Topic"),
    "action": _("What"),
    "where": _("Where"),
    "how": _("How"),
    "consent_text": _("Consent text"),
    "consent_text_version": _("Consent text version"),
    "subscriptions": _("Subscriptions"),
    "consent_history": _("Consent history"),
    "campaign_mails": _("Newsletters sent to you"),
    "requested_at": _("Requested"),
    "confirmed_at": _("Confirmed"),
    "cancelled_at": _("Cancelled"),
    "attended_at": _("Attended"),
    "read_at": _("Read"),
    "emailed_at": _("E-mailed"),
    "joined_at": _("Joined"),
    "left_at": _("Left"),
    "event__title": _("Event"),
    "event__start": _("Starts"),
    "group__name": _("Group"),
    "answers": _("Answers"),
    "guests": _("Guests"),
    "url": _("Address"),
    "frequency": _("How often"),
    "education": _("Education"),
    "links": _("Links"),
    "skills": _("Skills"),
    "interests": _("Interests"),
    "photo": _("Photo"),
    "ip": _("IP address"),
    "user_agent": _("Browser"),
    "last_seen_at": _("Last seen"),
    "comment": _("Comment"),
    "rating": _("Rating"),
    "role": _("Role"),
    "sent": _("Sent"),
    "received": _("Received"),
}


def model_field(model, key):
    """The model field an exported key names, following `a__b` lookups; None if it names none."""
    field = None
    for part in str(key).split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except Exception:  # FieldDoesNotExist, or a key that is not a field at all
            return None
        model = field.related_model
    return field if getattr(field, "concrete", False) else None


def key_label(key, model=None) -> str:
    """A heading for an exported key: the model field's own (translated) name where there is one."""
    field = model_field(model, key) if model is not None else None
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    if field is not None and not field.is_relation:
        text = str(field.verbose_name)
    else:
        text = str(key).replace("__", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def display_value(value, key=None, model=None) -> str:
    """A value as shown, using the label of a choice ("members" → "Verified members")."""
    field = model_field(model, key) if model is not None and key is not None else None
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, format_value(value)))
    return format_value(value)


def is_empty(value) -> bool:
    """Nothing held: no row, an empty list, or only zero counts (e.g. "pages you own: 0")."""
    if value is None or value == "" or value == [] or value == {}:
        return True
    if isinstance(value, dict):
        return all(is_empty(item) or (type(item) is int and item == 0) for item in value.values())
    return False


def format_value(value) -> str:
    """One value as a person reads it: local dates and times, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, decimal.Decimal | float):
        return formats.number_format(value)
    if isinstance(value, FieldFile):
        return value.name or "–"
    if isinstance(value, list | tuple | set):
        return ", ".join(format_value(item) for item in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {format_value(v)}" for k, v in value.items()) or "–"
    return str(value)


def present(value, model=None, key=None) -> dict:
    """A block the template `accounts/my_data_value.html` draws. `model` is the registered
    model, whose field names and choice labels make the headings and values readable."""
    if isinstance(value, dict):
        return {
            "kind": "dl",
            "items": [
                (key_label(name, model), present(item, model, name)) for name, item in value.items()
            ],
        }
    if isinstance(value, list | tuple) and value and all(isinstance(row, dict) for row in value):
        keys = list(dict.fromkeys(name for row in value for name in row))
        return {
            "kind": "table",
            "headers": [key_label(name, model) for name in keys],
            "rows": [[display_value(row.get(name), name, model) for name in keys] for row in value],
        }
    if isinstance(value, list | tuple) and value:
        return {"kind": "list", "items": [format_value(item) for item in value]}
    return {"kind": "text", "value": display_value(value, key, model)}


@dataclass
class Section:
    label: str
    anchor: str
    edit_url: str = ""
    block: dict = field(default_factory=dict)


def edit_link(entry) -> str:
    if not entry.edit_url:
        return ""
    try:
        return reverse(entry.edit_url)
    except NoReverseMatch:
        return ""


def sections_for(user) -> tuple[list[Section], list[Section]]:
    """(sections with data, sections with nothing held), in registry order."""
    held, empty = [], []
    for entry in entries():
        data = entry.export(user)
        section = Section(
            label=entry.label,
            anchor=entry.model._meta.label_lower.replace(".", "-"),
            edit_url=edit_link(entry),
        )
        if is_empty(data):
            empty.append(section)
        else:
            section.block = present(data, entry.model)
            held.append(section)
    return held, empty


class ExportEncoder(DjangoJSONEncoder):
    """JSON for the export file: dates, decimals and UUIDs as DjangoJSONEncoder writes them;
    files as their stored name; lazy translations and sets as plain values."""

    def default(self, o):
        if isinstance(o, FieldFile | File):
            return o.name or ""
        if isinstance(o, Promise):
            return str(o)
        if isinstance(o, set | frozenset):
            return sorted(o, key=str)
        if isinstance(o, uuid.UUID | decimal.Decimal):
            return str(o)
        return super().default(o)


def export_json(data: dict) -> str:
    return json.dumps(data, cls=ExportEncoder, ensure_ascii=False, indent=2)
