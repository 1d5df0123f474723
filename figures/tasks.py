"""Background work of the figures app (django-tasks); safe to run twice."""

from django_tasks import task

from . import computing


@task()
def compute_figures(months: int = 2) -> int:
    """Recompute the snapshot rows of the current month and the months before it."""
    return computing.compute(months)
