"""A real SMTP peer in its own process for the fault drills: aiosmtpd on 127.0.0.1:PORT that
appends one line per accepted recipient to LOG (so counts survive the peer being stopped and
started again). `python -m ops.smtp_peer PORT LOG`; SIGTERM stops it. `SMTPPeer` runs it."""

import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class _Recorder:
    def __init__(self, log_path):
        self.log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - open for the peer's life
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.log.write(f"{rcpt}\n")
            self.log.flush()
        return "250 OK"


def serve(port: int, log_path: str) -> None:
    from aiosmtpd.controller import Controller

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller = Controller(_Recorder(log_path), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    while not stop.wait(0.2):
        pass
    controller.stop()


class SMTPPeer:
    """The peer process: start() and stop() to simulate a mail-server outage; `received()`
    counts what it accepted per recipient over all its lives."""

    def __init__(self, port: int, log_path):
        self.port, self.log_path = port, Path(log_path)
        self.log_path.touch()
        self.process = None

    def start(self, timeout: float = 15) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ops.smtp_peer", str(self.port), str(self.log_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.stdout.readline().strip() == "ready":
                return
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("the SMTP peer did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def received(self) -> Counter:
        return Counter(line for line in self.log_path.read_text().splitlines() if line)


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2])
