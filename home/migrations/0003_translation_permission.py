"""Editors and faculty coordinators may translate pages (wagtail.contrib.simple_translation)."""

from django.db import migrations

GROUPS = [
    "Editors",
    "Moderators",
    "Fakultetskoordinator HH",
    "Fakultetskoordinator HS",
    "Fakultetskoordinator HIU",
    "Fakultetskoordinator TNM",
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="simple_translation", model="simpletranslation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_reference_data"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
