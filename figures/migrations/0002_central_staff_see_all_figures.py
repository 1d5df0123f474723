"""Central staff see every faculty's figures: the editors, and the communications group where
the site has one. Coordinators get no such permission; they see their own faculties'."""

from django.db import migrations

CENTRAL_GROUPS = ["Editors", "Communications", "Kommunikasjon"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="figures", model="figuresnapshot")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_all_figures",
        defaults={"name": "Can see the figures of every faculty"},
    )
    for group in Group.objects.filter(name__in=CENTRAL_GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("figures", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
