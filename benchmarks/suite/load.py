"""The load run: gunicorn with the production configuration against the benchmark database.

gunicorn is started with ``programkontor.gunicorn_conf`` (its worker count from the number of cores)
and the suite's settings (PROGRAMKONTOR_TESTING, DEBUG off, the benchmark database), so the session of
the secretariat's login made by Django's test client is valid in it. A small driver - one thread per
client, each with its own keep-alive ``http.client`` connection and the session cookie - requests the
heaviest pages in turn for a fixed time, first with 16 clients, then with 1. Measured: requests per
second, p50/p95/p99 latency, errors (anything but 200) and the workers' resident set at the end.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import Progress
from benchmarks.suite.imports import rss_mib


@dataclass
class Run:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    failures: dict[str, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


@dataclass
class Load:
    workers: int
    pages: list[str]
    runs: list[Run]
    worker_rss_mib: float


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start within a minute")


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def _drive(port: int, cookie: str, urls: list[str], clients: int, seconds: float) -> Run:
    run = Run(clients, seconds)
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Cookie": cookie, "Host": "localhost"}
        index = offset
        while time.perf_counter() < stop:
            url = urls[index % len(urls)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                failure = f"{url}: HTTP {response.status}"
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                ok, failure = False, f"{url}: {type(error).__name__}"
                connection.close()
            spent = time.perf_counter() - started
            with lock:
                if ok:
                    run.latencies.append(spent)
                else:
                    run.errors += 1
                    run.failures[failure] = run.failures.get(failure, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run


def load_run(everything: Any, urls: list[str], seconds: float, progress: Progress) -> Load:
    from django.conf import settings

    from benchmarks.common import client

    browser = client(everything.users["secretariat"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = _free_port()
    environment = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "PROGRAMKONTOR_TESTING": "1",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    log = tempfile.NamedTemporaryFile(prefix="programkontor-gunicorn-", suffix=".log")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:programkontor.gunicorn_conf", "programkontor.wsgi"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        _wait(port, process)
        _drive(port, cookie, urls, 16, min(10.0, seconds / 3))  # warm every worker up
        workers = _workers(process.pid)
        progress.note(f"Load: gunicorn with {len(workers)} workers on port {port}; {len(urls)} pages")
        runs = []
        for clients in (16, 1):
            run = _drive(port, cookie, urls, clients, seconds)
            progress.note(
                f"  {clients:>2} clients: {run.throughput:.1f} requests/s, p50 {run.percentile(50):.0f} ms, "
                f"p95 {run.percentile(95):.0f} ms, p99 {run.percentile(99):.0f} ms, {run.errors} errors"
            )
            for failure, count in sorted(run.failures.items(), key=lambda item: -item[1])[:5]:
                progress.note(f"     {count} x {failure}")
            runs.append(run)
        rss = max((rss_mib(pid) for pid in _workers(process.pid)), default=0.0)
        if any(run.errors for run in runs):
            progress.note("gunicorn's log ends:\n" + Path(log.name).read_text(errors="replace")[-3000:])
        return Load(workers=len(workers), pages=urls, runs=runs, worker_rss_mib=rss)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
