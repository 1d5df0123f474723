"""The health endpoint (SECURITY.md R4): what a load balancer and monitoring read."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

import pytest

pytestmark = pytest.mark.django_db


def test_r4_health_reports_database_cache_and_task_queue(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert body["checks"]["task_queue"]["ok"] is True
    assert body["checks"]["task_queue"]["backend"] == "immediate"


def test_r4_health_needs_no_login_and_has_no_language_prefix(client):
    assert client.get("/en/health/").status_code == 404
    assert client.get("/health/").status_code == 200


def test_r4_a_broken_cache_answers_503_so_the_balancer_stops_sending_traffic(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}


def _enqueue_ready_task(enqueued_at):
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="community.tasks.notify_new_thread",
        backend_name="default",
        run_after=enqueued_at,
    )
    # auto_now_add ignores a given value: set the enqueue time afterwards.
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=enqueued_at)


def test_r4_a_database_queue_with_old_ready_tasks_is_reported_stalled(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    body = client.get("/health/").json()
    assert body["checks"]["task_queue"]["backend"] == "database"
    assert body["checks"]["task_queue"]["ready"] == 0
    assert body["status"] == "ok"

    _enqueue_ready_task(timezone.now() - timedelta(minutes=2))
    body = client.get("/health/").json()
    assert body["checks"]["task_queue"]["ready"] == 1
    assert body["status"] == "ok"  # a fresh task is normal

    _enqueue_ready_task(timezone.now() - timedelta(minutes=30))
    response = client.get("/health/")
    assert response.status_code == 200  # pages can still be served
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["task_queue"]["stalled"] is True
    assert body["checks"]["task_queue"]["ready"] == 2
