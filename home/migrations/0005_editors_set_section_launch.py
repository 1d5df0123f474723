"""Editors (central staff) decide when a faculty section launches; coordinators do not."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="home", model="facultysectionpage"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="set_section_launch",
        defaults={"name": "Can set a faculty section's faculty and launch state"},
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("home", "0004_section_launch_permission")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
