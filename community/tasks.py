"""Background work of the community app (django-tasks). Every task is safe to run twice."""

from django.conf import settings
from django.utils import translation

from wagtail.users.models import UserProfile

from django_tasks import task

from .graduate_import import preview, run_import
from .groups.discussions import notify_members_of_new_thread
from .models import GraduateImport


def report_language(graduate_import: GraduateImport) -> str:
    """The row messages are stored as text: write them in the uploader's admin language."""
    language = None
    if graduate_import.uploaded_by_id:
        language = (
            UserProfile.objects.filter(user_id=graduate_import.uploaded_by_id)
            .values_list("preferred_language", flat=True)
            .first()
        )
    return language or settings.LANGUAGE_CODE


@task()
def preview_graduate_import(import_id: int) -> str:
    """The dry run of an uploaded file. An import already previewed, running or done is left."""
    graduate_import = GraduateImport.objects.filter(pk=import_id).first()
    if graduate_import is None or graduate_import.status != GraduateImport.Status.UPLOADED:
        return "skipped"
    with translation.override(report_language(graduate_import)):
        preview(graduate_import)
    return graduate_import.status


@task()
def run_graduate_import(import_id: int) -> str:
    """The import itself. `run_import` claims the import atomically, so a second delivery of
    this task, or a run of a finished import, does nothing."""
    graduate_import = GraduateImport.objects.filter(pk=import_id).first()
    if graduate_import is None:
        return "skipped"
    with translation.override(report_language(graduate_import)):
        ran = run_import(graduate_import)
    return graduate_import.status if ran else "skipped"


@task()
def notify_new_thread(thread_id: int) -> int:
    """Tell a group's current members about a new thread, each at the frequency they chose for
    the group. Members who already have its notification are skipped, so a second delivery of
    this task tells nobody twice. Returns how many were told."""
    return notify_members_of_new_thread(thread_id)
