"""Free-text redaction on erasure (SECURITY.md P2).

When a member is erased, text that others keep — the member's own messages and posts that stay
from a "former member", other members' messages, report comments, mentoring notes, event
answers — may still spell out the member's name or e-mail address, typed by anyone. Each app
registers, next to its personal-data entries, the free-text fields it keeps for others
(`register_free_text`); `redact_mentions_of(user)` replaces every mention in them with
`MARKER` and runs in the erasure transaction before the entries detach the author.

The rule (docs/privacy.md):
- every e-mail address of the account (the login address and each allauth address), anywhere
  in the text, compared without regard to case;
- the full name ("first last", and "last, first") and the profile's display name, as whole
  words compared without regard to case, with any white space between the words;
- a name is only matched when it has at least two words and at least four characters: a first
  name alone ("Ola") or a short nickname would wipe the same word written about somebody else.
"""

import json
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Q

from allauth.account.models import EmailAddress

# Language-neutral, so the stored text needs no translation.
MARKER = "[…]"
# Shorter names are too likely to be ordinary words.
MIN_NAME_LENGTH = 4

_free_text: dict[type[models.Model], tuple[str, ...]] = {}


def register_free_text(model, *fields) -> None:
    """Declare free-text fields of `model` that are kept for others after an erasure and may
    mention the erased member. CharField, TextField and JSONField (string values) are supported."""
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, models.CharField | models.TextField | models.JSONField):
            raise TypeError(f"{model._meta.label}.{name} is not a text or JSON field")
    _free_text[model] = tuple(dict.fromkeys((*_free_text.get(model, ()), *fields)))


def free_text_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, name)
        for model in sorted(_free_text, key=lambda model: model._meta.label)
        for name in _free_text[model]
    ]


def _display_name(user) -> str:
    # The profile lives in a higher app (community): read it by its relation's name, fresh from
    # the database (the user object may carry a stale cached profile).
    try:
        users = get_user_model()._base_manager.filter(pk=user.pk)
        names = users.values_list("profile__display_name", flat=True)
        return next(iter(names), "") or ""
    except FieldError:
        return ""


def identifying_strings(user) -> tuple[list[str], list[list[str]]]:
    """The member's e-mail addresses and their names (each a list of words) that the rule
    matches."""
    emails = {user.email.strip().lower()} if user.email else set()
    emails.update(
        address.strip().lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    names = []
    first, last = user.first_name.split(), user.last_name.split()
    candidates = [first + last, _display_name(user).split()]
    if first and last:
        candidates.append([*last[:-1], last[-1] + ",", *first])
    for words in candidates:
        if len(words) >= 2 and len(" ".join(words)) >= MIN_NAME_LENGTH and words not in names:
            names.append(words)
    return sorted(e for e in emails if e), names


def mention_pattern(emails, names) -> re.Pattern | None:
    """One case-insensitive pattern for every e-mail address and name, longest first."""
    parts = []
    for email in sorted(emails, key=len, reverse=True):
        # Not a part of a longer address: nothing address-like before, no more domain after.
        parts.append(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.[\w-])")
    for words in sorted(names, key=lambda words: len(" ".join(words)), reverse=True):
        parts.append(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)")
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def redact(value, pattern: re.Pattern):
    """`value` with every mention replaced by MARKER; lists and dicts (JSON) are walked and
    their string values redacted, keys left as they are."""
    if isinstance(value, str):
        return pattern.sub(MARKER, value)
    if isinstance(value, list):
        return [redact(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: redact(item, pattern) for key, item in value.items()}
    return value


def _probes(emails, names) -> list[str]:
    """Substrings a matching text must contain, for an `icontains` pre-filter in SQL: each
    address and the longest word of each name (the pattern allows any white space between
    words, which a LIKE cannot)."""
    probes = list(emails)
    for words in names:
        probes.append(max((word.rstrip(",") for word in words), key=len))
    return list(dict.fromkeys(probes))


def _candidates_filter(field, probes) -> Q:
    condition = Q()
    for probe in probes:
        condition |= Q(**{f"{field.name}__icontains": probe})
        if isinstance(field, models.JSONField):
            # SQLite keeps JSON with non-ASCII characters escaped ("\u00f8").
            escaped = json.dumps(probe)[1:-1]
            if escaped != probe:
                condition |= Q(**{f"{field.name}__icontains": escaped})
    return condition


def redact_mentions_of(user) -> int:
    """Replace every mention of `user` in the registered free-text fields; returns how many
    values changed. Run inside the erasure transaction, before the registry's entries."""
    emails, names = identifying_strings(user)
    pattern = mention_pattern(emails, names)
    if pattern is None:
        return 0
    probes = _probes(emails, names)
    changed = 0
    for model, name in free_text_fields():
        field = model._meta.get_field(name)
        manager = model._base_manager
        # SQL narrows to the few rows that may match; Python decides, case-insensitively.
        rows = manager.filter(_candidates_filter(field, probes)).values_list("pk", field.attname)
        for pk, value in list(rows):
            redacted = redact(value, pattern)
            if redacted != value:
                manager.filter(pk=pk).update(**{field.attname: redacted})
                changed += 1
    return changed
