"""Editors manage every member benefit; faculty coordinators manage their own faculties'
benefits (the admin views scope them: careers.benefits.policy, SECURITY.md C3).

The permissions may not exist yet while migrating (Django creates them after the last migration),
so they are created here the way community/migrations/0002_admin_permissions.py does.
"""

from django.db import migrations

MODEL, VERBOSE_NAME = "memberbenefit", "member benefit"
ACTIONS = ["add", "change", "delete", "view"]


def _permissions(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="careers", model=MODEL)
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{MODEL}",
            defaults={"name": f"Can {action} {VERBOSE_NAME}"},
        )[0]
        for action in ACTIONS
    ]


def _groups(apps):
    Faculty = apps.get_model("home.Faculty")
    Group = apps.get_model("auth.Group")
    Group.objects.get_or_create(name="Editors")
    coordinators = Faculty.objects.exclude(coordinator_group=None).values("coordinator_group")
    return Group.objects.filter(pk__in=coordinators) | Group.objects.filter(name="Editors")


def grant(apps, schema_editor):
    permissions = _permissions(apps)
    for group in _groups(apps):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = _permissions(apps)
    for group in _groups(apps):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0002_jobs_alerts_and_permissions"),
        ("home", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
