"""Background work of the job board (django-tasks), the same as its management commands. Every
task is safe to run twice."""

from django_tasks import task

from .alerts import send_job_alerts
from .service import expire_postings, send_expiry_notices


@task()
def run_job_board_schedule() -> dict:
    """Expiry first, so an alert never points at a posting that has just expired."""
    return {
        "expired": expire_postings(),
        "notices": send_expiry_notices(),
        "alerts": send_job_alerts(),
    }
