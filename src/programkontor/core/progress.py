"""A progress bar for management commands: a ``core.jobs.Progress`` that draws on the terminal."""

from __future__ import annotations

from django.core.management.base import OutputWrapper

BAR_WIDTH = 30


class ProgressBar:
    """A ``core.jobs.Progress`` for the terminal: one line, rewritten in place (new lines elsewhere)."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.label = ""

    def __call__(self, done: int, total: int, message: str = "") -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {message}"
        if self.live:
            self.stream.write(f"\r{line:<{BAR_WIDTH + 60}}", ending="")
        elif message != self.label:  # a log file gets a line per kind, not per batch
            self.stream.write(line)
        self.label = message
        self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write("", ending="\n")
