"""Faculty coordinators may see and decide verification claims (their own faculty's only: the admin
views scope them), and editors curate the interests vocabulary.

The permissions may not exist yet while migrating (Django creates them after the last migration),
so they are created here the way home/migrations/0002_reference_data.py does.
"""

from django.db import migrations

# (model, verbose name as Django names its permissions, actions)
COORDINATOR_PERMISSIONS = [("verificationclaim", "verification claim", ["view", "change"])]
EDITOR_PERMISSIONS = [("interesttag", "interest", ["add", "change", "delete"])]


def _permissions(apps, grants):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    permissions = []
    for model, verbose_name, actions in grants:
        content_type, _ = ContentType.objects.get_or_create(app_label="community", model=model)
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
    Group = apps.get_model("auth.Group")
    coordinator_permissions = _permissions(apps, COORDINATOR_PERMISSIONS)
    for group in _coordinator_groups(apps):
        group.permissions.add(*coordinator_permissions)
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps, EDITOR_PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    coordinator_permissions = _permissions(apps, COORDINATOR_PERMISSIONS)
    for group in _coordinator_groups(apps):
        group.permissions.remove(*coordinator_permissions)
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*_permissions(apps, EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("home", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
