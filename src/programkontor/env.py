"""Typed helpers that read the configuration from the environment.

Every setting that differs between installations is read here, with a default that is
safe for a developer's machine and a clear error when a value cannot be understood.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off (got {raw!r})")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number; with ``minimum``/``maximum``, ImproperlyConfigured for a value outside them."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r})") from exc
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        low = "" if minimum is None else f"at least {minimum}"
        high = "" if maximum is None else f"at most {maximum}"
        raise ImproperlyConfigured(f"{name} must be {' and '.join(filter(None, (low, high)))} (got {raw!r})")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret from ``NAME`` or, when that is unset, from the file named by ``NAME_FILE`` (e.g. a
    container secret in ``/run/secrets/``); surrounding whitespace and the final newline are dropped.

    Setting both is refused, and so is a ``NAME_FILE`` that cannot be read: a secret that silently
    falls back to a default is worse than a server that does not start."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE", "").strip()
    if value is not None and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read ({path}: {exc.strerror})") from exc
    return default if value is None else value
