"""Who may do what with newsletters, and the approval workflow of campaigns (issue 8, C3).

- "Kommunikasjon" (central communications): the admin, every campaign permission including
  publish (approving), lock and unlock, the topics, viewing subscribers and the consent ledger,
  and adding to the suppression list (removing is for administrators).
- Each faculty's coordinator group: add and change campaigns (not publish: a coordinator's campaign
  goes through the workflow); the admin views scope them to their own faculties.
- "Editors": manage the topics.
- The workflow "Kampanjegodkjenning": one GroupApprovalTask for Kommunikasjon, assigned to the
  Campaign content type.

Permissions may not exist yet while migrating (Django creates them after the last migration), so
they are made here the way community/migrations/0002_admin_permissions.py does. Safe to repeat.
"""

from django.db import migrations

COMMUNICATIONS = "Kommunikasjon"
EDITORS = "Editors"
WORKFLOW = "Kampanjegodkjenning"
TASK = "Godkjenning av Kommunikasjon"

CAMPAIGN_ALL = ["add", "change", "delete", "view", "publish", "lock", "unlock"]
CAMPAIGN_COORDINATOR = ["add", "change", "view", "lock", "unlock"]
TOPIC_ALL = ["add", "change", "delete", "view"]


def _permissions(apps, model, verbose_name, actions):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="newsletters", model=model)
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {verbose_name}"},
        )[0]
        for action in actions
    ]


def _access_admin(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    return permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Faculty = apps.get_model("home.Faculty")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    topic_permissions = _permissions(apps, "topic", "newsletter topic", TOPIC_ALL)
    communications, _ = Group.objects.get_or_create(name=COMMUNICATIONS)
    communications.permissions.add(
        _access_admin(apps),
        *_permissions(apps, "campaign", "campaign", CAMPAIGN_ALL),
        *topic_permissions,
        *_permissions(apps, "subscriber", "subscriber", ["view"]),
        *_permissions(apps, "consentevent", "consent event", ["view"]),
        *_permissions(apps, "suppression", "suppressed address", ["add", "view"]),
    )
    coordinator_permissions = _permissions(apps, "campaign", "campaign", CAMPAIGN_COORDINATOR)
    for faculty in Faculty.objects.exclude(coordinator_group=None).select_related(
        "coordinator_group"
    ):
        faculty.coordinator_group.permissions.add(*coordinator_permissions)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*topic_permissions)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(communications)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    campaign_type, _ = ContentType.objects.get_or_create(app_label="newsletters", model="campaign")
    WorkflowContentType.objects.update_or_create(
        content_type=campaign_type, defaults={"workflow": workflow}
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Faculty = apps.get_model("home.Faculty")
    coordinator_permissions = _permissions(apps, "campaign", "campaign", CAMPAIGN_COORDINATOR)
    for faculty in Faculty.objects.exclude(coordinator_group=None).select_related(
        "coordinator_group"
    ):
        faculty.coordinator_group.permissions.remove(*coordinator_permissions)
    for editors in Group.objects.filter(name=EDITORS):
        editors.permissions.remove(*_permissions(apps, "topic", "newsletter topic", TOPIC_ALL))
    apps.get_model("wagtailcore.WorkflowContentType").objects.filter(
        content_type__app_label="newsletters", content_type__model="campaign"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0001_initial"),
        ("home", "0008_programme_data"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
