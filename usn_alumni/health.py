"""The health endpoint (SECURITY.md R4): database, cache and task queue, for load balancers and
monitoring.

`/health/` answers 200 when this app server can serve (database and cache answer) and 503 when
not, so a load balancer takes it out of rotation. The task queue is reported but does not fail the
check: a stuck worker is for monitoring to alert on, not a reason to stop serving pages. The body
names no host, version or secret.
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
    return {"backend": backend.rsplit(".", 1)[-1]}


@never_cache
def health(request):
    checks = {"database": _timed(_database), "cache": _timed(_cache)}
    checks["task_queue"] = _timed(_task_queue) if checks["database"]["ok"] else {"ok": False}
    serving = checks["database"]["ok"] and checks["cache"]["ok"]
    healthy = serving and checks["task_queue"]["ok"] and not checks["task_queue"].get("stalled")
    status = "ok" if healthy else ("degraded" if serving else "failing")
    return JsonResponse({"status": status, "checks": checks}, status=200 if serving else 503)
