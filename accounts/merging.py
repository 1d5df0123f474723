"""Merging two accounts of the same person (issue 9): everything of `source` moves to `target`,
then `source` is erased and deleted.

Every model that points at the user is found by introspection (each foreign key or one-to-one to
the user model, on the model that declares it). A model that registered a merge function with
`accounts.registry.register_merge` is merged by it; the others have their rows re-pointed in one
UPDATE. When that UPDATE would break a unique constraint (both accounts in the same group, both
registered for the same event), the rows go one by one, each in its own savepoint, and a row that
still clashes is a true duplicate: the target's is kept and the source's dropped.

Every one-to-one to the user needs a registered merge (a test enforces it): "keep one of the two"
is a decision about that feature's data, not something to guess here.

Not carried over: the source's Wagtail groups, permissions and staff flags. Rights in the admin are
granted deliberately, never picked up by merging a member's duplicate account.

The whole merge is one transaction; it ends with an `AuditAction.MERGE` entry naming the source's
former id (the source's own account is gone).
"""

import logging

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction

from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress

from .audit import AuditAction, record
from .models import AuditEvent, OutgoingMail
from .registry import erase_user, merge_functions, register_merge

logger = logging.getLogger(__name__)


def user_relations() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) where `field` is a foreign key or one-to-one to the user model,
    counting fields inherited through multi-table inheritance once (on the parent)."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and (field.many_to_one or field.one_to_one)
                and field.related_model is user_model
                and field.model is model
            ):
                found.append((model, field))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1].name))


# Privileges are never merged (see the module docstring): the auto-created tables of the user's
# groups and permissions are left to be deleted with the source.
SKIPPED_TABLES = {"groups", "user_permissions"}


def _skipped(model) -> bool:
    user_model = get_user_model()
    return model._meta.auto_created is not False and any(
        model is getattr(user_model, name).through for name in SKIPPED_TABLES
    )


def move_rows(model, field_name, source, target) -> dict:
    """Re-point `model.field_name` from source to target; clashing rows of the source are
    dropped. Returns {"moved": n, "dropped": n}."""
    manager = model._base_manager
    rows = manager.filter(**{field_name: source})
    try:
        with transaction.atomic():
            moved = rows.update(**{field_name: target})
        return {"moved": moved, "dropped": 0}
    except IntegrityError:
        pass
    moved = dropped = 0
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                manager.filter(pk=pk).update(**{field_name: target})
            moved += 1
        except IntegrityError:
            # A true duplicate: the target already has this row (same group, same event…).
            manager.filter(pk=pk).delete()
            dropped += 1
    return {"moved": moved, "dropped": dropped}


def merge_users(source, target, *, actor=None) -> dict:
    """Move everything of `source` to `target`, erase and delete `source`. Returns a summary
    {model label: {"moved": n, "dropped": n}} of the generic moves."""
    if source.pk == target.pk:
        raise ValueError("An account cannot be merged into itself")
    source_id = source.pk
    summary = {}
    with transaction.atomic():
        custom = merge_functions()
        for model in sorted(custom, key=lambda m: m._meta.label):
            custom[model](source, target)
        for model, field in user_relations():
            if model in custom or _skipped(model):
                continue
            result = move_rows(model, field.name, source, target)
            if result["moved"] or result["dropped"]:
                summary[f"{model._meta.label}.{field.name}"] = result
        # Nothing is left to erase but the account itself; erasure also ends its sessions and
        # forgets it wherever a feature keeps traces outside foreign keys.
        erase_user(source)
        source.delete()
        record(AuditAction.MERGE, actor=actor, subject=target, source_id=source_id)
    logger.info("merged account %s into %s: %s", source_id, target.pk, summary)
    return summary


def keep_targets_one(model, field_name="user"):
    """A merge for a one-to-one that needs nothing combined: the source's row moves when the
    target has none; otherwise the target's is kept and the source's is left to erasure."""

    def merge(source, target):
        manager = model._base_manager
        if not manager.filter(**{field_name: target}).exists():
            manager.filter(**{field_name: source}).update(**{field_name: target})

    return merge


def merge_email_addresses(source, target):
    """The source's addresses become the target's secondary addresses (verified stays
    verified), so the person can still be recognised by them; duplicates are dropped."""
    known = {address.lower() for address in target.emailaddress_set.values_list("email", flat=True)}
    for address in EmailAddress.objects.filter(user=source):
        if address.email.lower() in known:
            address.delete()
            continue
        EmailAddress.objects.filter(pk=address.pk).update(user=target, primary=False)
        known.add(address.email.lower())


def merge_audit_events(source, target):
    """The audit log is append-only: entries about the source stay as they were and lose the
    source on erasure; the MERGE entry links the two (its detail names the source's id)."""


def merge_outgoing_mail(source, target):
    """Queued mail stays as it is: it is addressed to an address, not to an account, and was
    written for the person who asked for it (a reset link, a confirmation); sending it to the
    source's address after a merge is what that person expects."""


register_merge(EmailAddress, merge_email_addresses)
register_merge(AuditEvent, merge_audit_events)
register_merge(OutgoingMail, merge_outgoing_mail)
# The admin's preferences (language, theme): the target's own are kept.
register_merge(UserProfile, keep_targets_one(UserProfile))
