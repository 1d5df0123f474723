"""Choices for faculty, programme and campus fields, cached per language.

Reference data changes a few times a year, yet every search form would otherwise query all three
tables on every request; the cache is cleared whenever one of them is saved or deleted.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from .models import Campus, Faculty, Programme

CACHE_SECONDS = 3600
MODELS = (Faculty, Programme, Campus)


def _key(kind):
    return f"reference-choices:{kind}:{get_language()}"


def faculty_choices():
    key = _key("faculty")
    choices = cache.get(key)
    if choices is None:
        choices = [(faculty.pk, faculty.name) for faculty in Faculty.objects.all()]
        cache.set(key, choices, CACHE_SECONDS)
    return choices


def programme_choices():
    """Programmes grouped by faculty, as <optgroup>s."""
    key = _key("programme")
    choices = cache.get(key)
    if choices is None:
        groups = {}
        for programme in Programme.objects.select_related("faculty"):
            groups.setdefault(programme.faculty.name, []).append((programme.pk, programme.name))
        choices = list(groups.items())
        cache.set(key, choices, CACHE_SECONDS)
    return choices


def campus_choices():
    key = _key("campus")
    choices = cache.get(key)
    if choices is None:
        choices = [(campus.pk, campus.name) for campus in Campus.objects.all()]
        cache.set(key, choices, CACHE_SECONDS)
    return choices


@receiver(post_save)
@receiver(post_delete)
def forget_reference_choices(sender, **kwargs):
    if sender in MODELS:
        from django.conf import settings

        cache.delete_many(
            [
                f"reference-choices:{kind}:{code}"
                for kind in ("faculty", "programme", "campus")
                for code, _name in settings.LANGUAGES
            ]
        )
