"""gunicorn's configuration for Programkontor (``gunicorn -c python:programkontor.gunicorn_conf``), from
the environment like the rest: ``BIND`` (or ``HOST`` and ``PORT``), ``WEB_CONCURRENCY``,
``GUNICORN_TIMEOUT``, ``FORWARDED_ALLOW_IPS``. ``scripts/entrypoint.sh`` starts it."""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
#: Synchronous workers, two per core and one (at most eight): the pages are short, long work is a job.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
#: Workers are replaced after this many requests (with jitter), so a slow leak cannot grow for ever.
max_requests = 1000
max_requests_jitter = 100
#: Proxies whose X-Forwarded-* headers gunicorn believes (the app itself reads TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
#: Heartbeat files in memory, not on a container's overlay file system.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "programkontor"
