"""What the build files of a repository and its sub-projects say about code standards (F16) and
container images (F19): linter configurations, and Maven or Gradle plugins that build an image.

Sub-projects are found by file name up to :data:`~.context.NESTED_DEPTH` folders down, never in
vendored or build folders (``node_modules``, ``vendor``, ``target``, ...). Build files are read as
text (never run); at most :data:`MAX_BUILD_FILES` of each kind are read.
"""

from __future__ import annotations

import re

from programkontor.evaluation.repository.context import _Context
from programkontor.evaluation.repository.sources import Unreadable

MAX_BUILD_FILES = 40

#: Linter and formatter configuration files, by name.
LINTER_FILES = (
    r"\.editorconfig", r"\.eslintrc(\.[a-z]+)?", r"eslint\.config\.[a-z]+", r"\.prettierrc(\.[a-z]+)?",
    r"prettier\.config\.[a-z]+", r"\.flake8", r"\.pylintrc", r"pylintrc", r"ruff\.toml", r"\.ruff\.toml",
    r"\.rubocop\.yml", r"checkstyle[^/]*\.xml", r"phpcs\.xml(\.dist)?", r"\.php-cs-fixer(\.dist)?\.php",
    r"phpstan\.neon(\.dist)?", r"\.stylelintrc(\.[a-z]+)?", r"stylelint\.config\.[a-z]+",
    r"\.pre-commit-config\.yaml", r"\.golangci\.ya?ml", r"rustfmt\.toml", r"\.rustfmt\.toml", r"clippy\.toml",
    r"\.clang-format", r"\.clang-tidy", r"tslint\.json", r"biome\.jsonc?", r"\.swiftlint\.yml",
    r"detekt\.ya?ml", r"\.scalafmt\.conf", r"stylecop\.json", r"\.markdownlint(\.[a-z]+)?",
    r"\.hadolint\.ya?ml",
)  # fmt: skip

#: Build files whose contents may configure a linter: file name → (pattern, what it is).
LINTER_SETTINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pyproject.toml", re.compile(r"^\[tool\.(ruff|black|flake8|pylint|isort|mypy|pyright)\b", re.MULTILINE)),
    ("setup.cfg", re.compile(r"^\[(flake8|pylint|isort|mypy|pycodestyle|pydocstyle)\b", re.MULTILINE)),
    ("tox.ini", re.compile(r"^\[(flake8|pylint|isort|pycodestyle)\]", re.MULTILINE)),
    ("package.json", re.compile(r"\"(eslintConfig|prettier|stylelint)\"\s*:|\"lint\"\s*:")),
    (
        "pom.xml",
        re.compile(
            r"<artifactId>\s*(maven-checkstyle-plugin|spotless-maven-plugin|maven-pmd-plugin|"
            r"spotbugs-maven-plugin|fmt-maven-plugin|ktlint-maven-plugin|detekt-maven-plugin)\s*</artifactId>"
        ),
    ),
    (
        "build.gradle",
        re.compile(r"\b(checkstyle|com\.diffplug\.spotless|spotless|pmd|spotbugs|ktlint|detekt)\b"),
    ),
    (
        "build.gradle.kts",
        re.compile(r"\b(checkstyle|com\.diffplug\.spotless|spotless|pmd|spotbugs|ktlint|detekt)\b"),
    ),
    (
        "composer.json",
        re.compile(r"\"(squizlabs/php_codesniffer|friendsofphp/php-cs-fixer|phpstan/phpstan|vimeo/psalm)\""),
    ),
)

#: Build files whose plugins may build a container image: file name → (pattern, what it is).
IMAGE_BUILDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pom.xml",
        re.compile(
            r"<artifactId>\s*(jib-maven-plugin|dockerfile-maven-plugin|docker-maven-plugin|"
            r"quarkus-container-image-(?:jib|docker|buildpack|podman))\s*</artifactId>"
            r"|<goal>\s*(build-image(?:-no-fork)?)\s*</goal>"
        ),
    ),
    (
        "build.gradle",
        re.compile(
            r"(com\.google\.cloud\.tools\.jib|com\.bmuschko\.docker[\w.-]*|com\.palantir\.docker|bootBuildImage)"
        ),
    ),
    (
        "build.gradle.kts",
        re.compile(
            r"(com\.google\.cloud\.tools\.jib|com\.bmuschko\.docker[\w.-]*|com\.palantir\.docker|bootBuildImage)"
        ),
    ),
)

_CONTAINER_FILES = r"(dockerfile|containerfile)(\.[a-z0-9_.-]+)?|[a-z0-9_.-]+\.(dockerfile|containerfile)"


def _settings(ctx: _Context, rules: tuple[tuple[str, re.Pattern[str]], ...]) -> list[tuple[str, str]]:
    """``(path, what)`` for each build file (root and sub-projects) whose text matches its rule."""
    found: list[tuple[str, str]] = []
    for name, pattern in rules:
        for path in ctx.find_nested(re.escape(name))[:MAX_BUILD_FILES]:
            try:
                text = ctx.read(path) or ""
            except Unreadable:
                continue
            match = pattern.search(text)
            if match:
                found.append((path, next((group for group in match.groups() if group), match.group(0))))
    return sorted(found, key=lambda pair: (pair[0].count("/"), pair[0].lower()))


def linter_configurations(ctx: _Context) -> list[tuple[str, str]]:
    """Linter configurations: ``(path, tool)``, the tool "" for a configuration file of its own."""
    files = [(path, "") for pattern in LINTER_FILES for path in ctx.find_nested(pattern)]
    found = sorted(files, key=lambda pair: (pair[0].count("/"), pair[0].lower())) + _settings(
        ctx, LINTER_SETTINGS
    )
    return sorted(found, key=lambda pair: pair[0].count("/"))


def container_builds(ctx: _Context) -> list[tuple[str, str]]:
    """Files that build a container image: ``(path, how)`` — a Dockerfile or Containerfile, or a
    Maven or Gradle plugin (Jib, the Docker plugins, Spring Boot's ``build-image``, Quarkus)."""
    files = [(path, path.rsplit("/", 1)[-1]) for path in ctx.find_nested(_CONTAINER_FILES)]
    found = files + _settings(ctx, IMAGE_BUILDS)
    return sorted(found, key=lambda pair: pair[0].count("/"))
