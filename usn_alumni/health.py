"""The health endpoint (SECURITY.md R4): database, cache and task queue, for load balancers and
monitoring.

`/health/` answers 200 when this app server can serve (database and cache answer) and 503 when
not, so a load balancer takes it out of rotation. The task queue is reported but does not fail the
check: a stuck worker is for monitoring to alert on, not a reason to stop serving pages. The body
names no host, version or secret. With the database backend the queue is the task table; with RQ
it is the Redis list, and the workers RQ has seen registered for it are counted too.
"""

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

# A ready task older than this means no worker is taking them.
TASK_QUEUE_MAX_AGE = timedelta(minutes=10)


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check()
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1), **(detail or {})}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def _task_queue():
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.endswith("ImmediateBackend"):
        return {"backend": "immediate"}
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.ready()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        age = (timezone.now() - oldest) if oldest else timedelta(0)
        return {
            "backend": "database",
            "ready": ready.count(),
            "oldest_ready_seconds": int(age.total_seconds()),
            "stalled": age > TASK_QUEUE_MAX_AGE,
        }
    if backend == "django_tasks_rq.RQBackend":
        return _rq_queue()
    return {"backend": backend.rsplit(".", 1)[-1]}


def _rq_queue():
    """The RQ queues in Redis: tasks waiting, the age of the oldest, and the workers listening.
    No worker listening is reported stalled: tasks enqueued now would wait for ever."""
    import django_rq
    from rq import Worker

    ready, oldest, workers = 0, None, set()
    for name in settings.TASKS["default"].get("QUEUES", ["default"]):
        queue = django_rq.get_queue(name)
        ready += queue.count
        for job_id in queue.get_job_ids(0, 1):  # the head of the queue is its oldest
            job = queue.fetch_job(job_id)
            if job and job.enqueued_at and (oldest is None or job.enqueued_at < oldest):
                oldest = job.enqueued_at
        workers.update(worker.name for worker in Worker.all(queue=queue))
    age = (timezone.now() - oldest) if oldest else timedelta(0)
    return {
        "backend": "rq",
        "ready": ready,
        "oldest_ready_seconds": int(age.total_seconds()),
        "workers": len(workers),
        "stalled": age > TASK_QUEUE_MAX_AGE or not workers,
    }


@never_cache
def health(request):
    checks = {"database": _timed(_database), "cache": _timed(_cache)}
    checks["task_queue"] = _timed(_task_queue) if checks["database"]["ok"] else {"ok": False}
    serving = checks["database"]["ok"] and checks["cache"]["ok"]
    healthy = serving and checks["task_queue"]["ok"] and not checks["task_queue"].get("stalled")
    status = "ok" if healthy else ("degraded" if serving else "failing")
    return JsonResponse({"status": status, "checks": checks}, status=200 if serving else 503)
