"""The ``programkontor`` console script: Django's manage.py under the project's name.

Before it hands over to Django it reads the configuration, so a command that cannot start says
why in one line on stderr (with what to set) and exits with status 1, instead of a traceback.

Help needs no configuration: ``programkontor``, ``programkontor help [COMMAND]``,
``programkontor COMMAND --help`` and ``--version`` only print text, so when nothing else is
missing than SECRET_KEY they run with a random key made for this one process. Every other
command still refuses to start without DEBUG=1 or SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Sequence

PROG = "programkontor"
HELP_SUBCOMMANDS = frozenset({"help", "version", "--help", "-h", "--version"})
HELP_OPTIONS = frozenset({"--help", "-h"})


def only_prints_help(args: Sequence[str]) -> bool:
    """Whether ``args`` ask for help or the version only, so nothing is read, written or served."""
    if not args or args[0] in HELP_SUBCOMMANDS:
        return True
    options = args[: args.index("--")] if "--" in args else args
    return any(arg in HELP_OPTIONS for arg in options)


def _settings_module_options(args: Sequence[str]) -> None:
    """Apply ``--settings`` and ``--pythonpath`` before the settings are read, as Django does."""
    from django.core.management.base import CommandError, CommandParser, handle_default_options

    parser = CommandParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--settings")
    parser.add_argument("--pythonpath")
    parser.add_argument("args", nargs="*")
    try:
        options, _ = parser.parse_known_args(list(args[1:]))
    except CommandError:
        return  # Django reports a wrong option itself.
    handle_default_options(options)


def configuration_error(args: Sequence[str]) -> str | None:
    """Read the settings; return the reason in one line when they cannot be read, else None."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    _settings_module_options(args)
    if only_prints_help(args) and not os.environ.get("SECRET_KEY"):
        # Only text is printed: a throwaway key for this process lets every command be listed.
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads the settings module
    except ImproperlyConfigured as exc:
        return " ".join(str(exc).split())
    return None


def version() -> str:
    """Programkontor's own version, and the Django it runs on."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    import django

    try:
        own = installed_version(PROG)
    except PackageNotFoundError:  # run from a source tree that was never installed
        own = "unknown"
    return f"{PROG} {own} (Django {django.get_version()})"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["--version"], ["version"]):
        sys.stdout.write(version() + "\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programkontor.settings")
    problem = configuration_error(args)
    if problem is not None:
        command = args[0] if args else "help"
        sys.stderr.write(f"{PROG} {command}: cannot start: {problem}\n")
        sys.exit(1)
    from django.core.management import execute_from_command_line

    execute_from_command_line([PROG, *args])


if __name__ == "__main__":
    main()
