"""The personal-data registry (DESIGN.md §5, SECURITY.md P1/P2).

Every app registers each model that holds data about a person, with how to export it and how to
erase it. Lower layers do not know the higher ones: `community` and the feature apps register their
own models from their AppConfig.ready(). A test walks every installed model and fails for any model
that points at the user model and is not registered here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    label: str
    # Returns JSON-ready data about `user` held in `model`.
    export: Callable
    # Erases or anonymises it. Runs inside the erasure transaction.
    erase: Callable
    # The URL name of the page where the member corrects this data ("My data" links to it).
    edit_url: str = ""


_registry: dict[type[models.Model], PersonalData] = {}


def register(model, *, label, export, erase, edit_url=""):
    """Register `model`; registering the same model twice is a programming error. `edit_url`
    names the URL where the member corrects the data, if there is one."""
    if model in _registry:
        raise ValueError(f"{model._meta.label} is already in the personal-data registry")
    _registry[model] = PersonalData(
        model=model, label=label, export=export, erase=erase, edit_url=edit_url
    )


def registered_models() -> set[type[models.Model]]:
    return set(_registry)


def entries() -> list[PersonalData]:
    return sorted(_registry.values(), key=lambda entry: entry.model._meta.label)


def export_user(user) -> dict:
    """Everything held about `user`, grouped by model label."""
    return {entry.model._meta.label: entry.export(user) for entry in entries()}


def erase_user(user) -> None:
    for entry in entries():
        entry.erase(user)


# Small helpers for the common cases.


def rows_of(model, user_field="user", fields=None):
    """An exporter returning the rows of `model` that belong to the user."""

    def export(user):
        return list(model.objects.filter(**{user_field: user}).values(*(fields or ())))

    return export


def delete_rows(model, user_field="user"):
    def erase(user):
        model.objects.filter(**{user_field: user}).delete()

    return erase


def detach_rows(model, user_field="user"):
    """Keep the rows (others rely on them) but forget who they belonged to."""

    def erase(user):
        model.objects.filter(**{user_field: user}).update(**{user_field: None})

    return erase


# Merging duplicate accounts (issue 9, accounts.merging). A model whose rows cannot simply be
# re-pointed from one account to the other registers how to merge them: func(source, target).
# Every one-to-one to the user needs one (a test says so); plain foreign keys are moved for free.
_merge_functions: dict[type[models.Model], Callable] = {}


def register_merge(model, func):
    """Merge `model`'s rows of `source` into `target` with `func(source, target)`."""
    if model in _merge_functions:
        raise ValueError(f"{model._meta.label} already has a merge function")
    _merge_functions[model] = func


def merge_functions() -> dict[type[models.Model], Callable]:
    return dict(_merge_functions)
