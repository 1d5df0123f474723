"""The load of `manage.py throughput`: every simulated visitor asks for one path, as fast as it
is answered (no think time), without cookies, as an anonymous visitor does. The path comes from
THROUGHPUT_PATH so that every scenario runs the same user class with the same settings."""

import os

from locust import FastHttpUser, constant, task


class AnonymousVisitor(FastHttpUser):
    wait_time = constant(0)
    path = os.environ.get("THROUGHPUT_PATH", "/")

    @task
    def visit(self):
        self.client.get(self.path, name=self.path)
