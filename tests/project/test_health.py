"""The health endpoint (SECURITY.md R4): what a load balancer and monitoring read."""

import uuid
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


@pytest.fixture
def rq_queue(settings):
    """The RQ backend on the test Redis database, with a queue of this test's own (so an RQ
    worker of another test listening on "default" takes nothing from it); removed afterwards."""
    import django_rq

    from tests.project.services import TEST_REDIS_URL, require_redis

    require_redis()
    name = f"health-{uuid.uuid4().hex}"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    settings.RQ_QUEUES = {name: {"URL": TEST_REDIS_URL}}
    # The test runs inside a transaction: push jobs at once, not at a commit that never comes.
    queue = django_rq.get_queue(name, commit_mode="auto")
    yield queue
    queue.delete(delete_jobs=True)


def test_r4_an_rq_queue_reports_its_length_age_and_workers(client, rq_queue):
    from django_tasks_rq import Job
    from rq import Worker

    body = client.get("/health/").json()
    assert body["checks"]["task_queue"] == {
        **body["checks"]["task_queue"],
        "backend": "rq",
        "ready": 0,
        "workers": 0,
        "stalled": True,  # nobody would run a task enqueued now
    }
    assert body["status"] == "degraded"

    worker = Worker([rq_queue], connection=rq_queue.connection, job_class=Job)
    worker.register_birth()
    try:
        old = rq_queue.enqueue("community.tasks.notify_new_thread", 1)
        rq_queue.enqueue("community.tasks.notify_new_thread", 2)
        old.enqueued_at = timezone.now() - timedelta(minutes=3)
        old.save()
        body = client.get("/health/").json()
        check = body["checks"]["task_queue"]
        assert (check["ready"], check["workers"], check["stalled"]) == (2, 1, False)
        assert 180 <= check["oldest_ready_seconds"] < 240
        assert body["status"] == "ok"

        old.enqueued_at = timezone.now() - timedelta(minutes=30)
        old.save()
        response = client.get("/health/")
        assert response.status_code == 200  # pages can still be served
        assert response.json()["status"] == "degraded"
        assert response.json()["checks"]["task_queue"]["stalled"] is True
    finally:
        worker.register_death()
        rq_queue.connection.delete(worker.key)  # dead workers linger for a minute otherwise
