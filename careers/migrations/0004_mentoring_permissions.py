"""Faculty coordinators may run mentoring programmes: add, see and change them (their own
faculty's only: the admin views scope them, SECURITY.md C3). Deleting is for administrators.

The permissions may not exist yet while migrating (Django creates them after the last migration),
so they are created here the way community/migrations/0002_admin_permissions.py does.
"""

from django.db import migrations

# (model, verbose name as Django names its permissions, actions)
GRANTS = [("mentoringprogramme", "mentoring programme", ["add", "view", "change"])]


def _permissions(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    permissions = []
    for model, verbose_name, actions in GRANTS:
        content_type, _ = ContentType.objects.get_or_create(app_label="careers", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            permissions.append(permission)
    return permissions


def _coordinator_groups(apps):
    Faculty = apps.get_model("home.Faculty")
    Group = apps.get_model("auth.Group")
    return Group.objects.filter(
        pk__in=Faculty.objects.exclude(coordinator_group=None).values("coordinator_group")
    )


def grant(apps, schema_editor):
    permissions = _permissions(apps)
    for group in _coordinator_groups(apps):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = _permissions(apps)
    for group in _coordinator_groups(apps):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0003_benefits_admin_permissions"),
        ("home", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
