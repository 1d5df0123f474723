"""The job board: where a saved search's alerts have got to in publishing order, and who may do
what with job postings in the admin.

Editors post, edit and review every job posting and decide who is a trusted poster; faculty
coordinators review the postings that name their faculty (the admin views scope them,
SECURITY.md C3). The permissions may not exist yet while migrating (Django creates them after the
last migration), so they are created here the way community/migrations/0002_admin_permissions.py
does.
"""

from django.db import migrations, models

# (model, verbose name as Django names its permissions, actions), per group kind
EDITOR_GRANTS = [
    ("jobposting", "job posting", ["add", "change", "view"]),
    ("trustedjobposter", "trusted job poster", ["add", "change", "delete", "view"]),
]
COORDINATOR_GRANTS = [("jobposting", "job posting", ["change", "view"])]


def _permissions(apps, grants):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    permissions = []
    for model, verbose_name, actions in grants:
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


def _editor_groups(apps):
    return apps.get_model("auth.Group").objects.filter(name="Editors")


def grant(apps, schema_editor):
    for groups, grants in (
        (_editor_groups(apps), EDITOR_GRANTS),
        (_coordinator_groups(apps), COORDINATOR_GRANTS),
    ):
        permissions = _permissions(apps, grants)
        for group in groups:
            group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    for groups, grants in (
        (_editor_groups(apps), EDITOR_GRANTS),
        (_coordinator_groups(apps), COORDINATOR_GRANTS),
    ):
        permissions = _permissions(apps, grants)
        for group in groups:
            group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("home", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedjobsearch",
            name="last_notified_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(grant, revoke),
    ]
