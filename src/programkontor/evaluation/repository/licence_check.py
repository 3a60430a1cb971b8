"""The licence check (F2): which licence the repository's licence files hold, how sure that is, and
whether it agrees with publiccode.yml. Identification as GitHub's licensee does it (:mod:`.licences`)."""

from __future__ import annotations

from typing import Any

from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import gettext_noop
from programkontor.evaluation.repository import licences, publiccode
from programkontor.evaluation.repository.context import Finding, _by_preference, _Context

_LICENCE_FILES = r"(licen[cs]e|copying|unlicense)([.-][a-z0-9.-]+)?(\.(md|txt|rst))?"
_PREFERENCE = ("license", "license.md", "license.txt", "licence", "licence.md", "copying", "copying.lesser")


def publiccode_licence(ctx: _Context) -> tuple[str, str]:
    """``(path, legal.license)`` of the repository's publiccode.yml, or ``("", "")``."""
    for path, text in ctx.readable(ctx.find(r"publiccode\.ya?ml", top_level=True)):
        return path, publiccode.validate(text).licence
    return "", ""


def _evidence(ctx: _Context, match: licences.LicenceMatch) -> str:
    if match.method == licences.TAG:
        return ctx.translate(gettext_noop("by its SPDX-License-Identifier"))
    if match.method == licences.REUSE:
        return ctx.translate(gettext_noop("by its name in the REUSE folder LICENSES"))
    return ctx.translate(gettext_noop("%(confidence)d %% like the SPDX licence text")) % {
        "confidence": match.percent
    }


def _identify(path: str, text: str) -> licences.LicenceMatch | None:
    match = licences.identify(text)
    if (match is None or not match.identified) and path.lower().startswith("licenses/"):
        spdx = path.rsplit("/", 1)[-1].removesuffix(".txt")  # REUSE: LICENSES/<SPDX id>.txt
        if licences.expression_ids(spdx):
            return licences.LicenceMatch(spdx, 100.0, licences.REUSE)
    return match


def check_licence(ctx: _Context) -> Finding:
    candidates = ctx.find(_LICENCE_FILES, top_level=True) + ctx.find(r"licenses/[^/]+\.txt")
    stated_in, stated = publiccode_licence(ctx)
    if not candidates:
        if stated:
            return ctx.finding(
                "licence",
                scoring.YELLOW,
                gettext_noop(
                    "No licence file; publiccode.yml states %(licence)s. Add the licence text as LICENSE."
                ),
                path=stated_in,
                licence=stated,
            )
        return ctx.finding(
            "licence", scoring.RED, gettext_noop("No licence file (LICENSE, LICENCE or COPYING).")
        )
    ordered = _by_preference(candidates, _PREFERENCE)
    results: list[tuple[str, str, licences.LicenceMatch | None]] = [
        (path, ctx.read(path) or "", None) for path in ordered
    ]
    results = [(path, text, _identify(path, text)) for path, text, _none in results]
    files = [
        {
            "path": path,
            "spdx": match.spdx if match else None,
            "confidence": round(match.confidence, 1) if match else 0.0,
            "method": match.method if match else None,
        }
        for path, _text, match in results
    ]
    identified = [(path, text, match) for path, text, match in results if match and match.identified]
    if not identified:
        return _unidentified(ctx, results, files)
    readme_texts = [text for _path, text in ctx.readable(ctx.find(r"readme(\.[a-z.]+)?", top_level=True))]
    spdx_ids: list[str] = []
    for _path, text, match in identified:
        spdx = licences.gnu_variant(
            licences.canonical(match.spdx), [licences.notice_of(text, match), stated, *readme_texts]
        )
        spdx_ids.append(spdx)
    path, _text, first = identified[0]
    ids = sorted(set(spdx_ids))
    if any(spdx.startswith("LGPL-3.0") for spdx in ids):  # LGPL-3.0 adds to the GPL-3.0 it ships with
        ids = [spdx for spdx in ids if not spdx.startswith("GPL-3.0")]
    expression = " OR ".join(ids)
    details: dict[str, Any] = {
        "licence": expression,
        "confidence": round(first.confidence, 1),
        "method": first.method,
        "files": files,
        "evidence": _evidence(ctx, first),
    }
    if first.runner_up:
        details["runner_up"] = {"spdx": first.runner_up[0], "confidence": round(first.runner_up[1], 1)}
    if not licences.is_osi_approved(expression):
        return ctx.finding(
            "licence",
            scoring.YELLOW,
            gettext_noop(
                "%(path)s holds %(licence)s (%(evidence)s), which is not an OSI-approved licence for code."
            ),
            path=path,
            osi_approved=False,
            **details,
        )
    stated_ids = licences.expression_ids(stated) if stated else None
    if stated and (stated_ids is None or not _agree(stated_ids, ids)):
        return ctx.finding(
            "licence",
            scoring.YELLOW,
            gettext_noop("%(path)s holds %(licence)s (%(evidence)s), but publiccode.yml states %(stated)s."),
            path=path,
            stated=stated,
            osi_approved=True,
            **details,
        )
    if licences.OS2_DEFAULT in ids:
        template = gettext_noop(
            "%(path)s holds %(licence)s (%(evidence)s), OS2's default licence (OSI-approved)."
        )
    else:
        template = gettext_noop(
            "%(path)s holds %(licence)s (%(evidence)s), an OSI-approved licence (OS2's default is MPL-2.0)."
        )
    return ctx.finding("licence", scoring.GREEN, template, path=path, osi_approved=True, **details)


def _agree(stated: list[str], found: list[str]) -> bool:
    """Whether publiccode.yml's licences are those found (a GNU licence's "only"/"or later" aside)."""

    def family(spdx: str) -> str:
        return licences.canonical(spdx).removesuffix("-only").removesuffix("-or-later").removesuffix("+")

    return {family(spdx) for spdx in stated} == {family(spdx) for spdx in found}


def _unidentified(
    ctx: _Context, results: list[tuple[str, str, licences.LicenceMatch | None]], files: list[dict[str, Any]]
) -> Finding:
    close = [(path, match) for path, _text, match in results if match and match.method == licences.NEAR]
    if close:
        path, match = close[0]
        return ctx.finding(
            "licence",
            scoring.YELLOW,
            gettext_noop(
                "%(path)s resembles %(licence)s (%(confidence)d %% like the SPDX licence text) but differs "
                "from it; check what was changed before relying on it."
            ),
            path=path,
            licence=match.spdx,
            confidence=match.percent,
            method=match.method,
            files=files,
        )
    titled = [(path, match) for path, _text, match in results if match and match.method == licences.TITLE]
    if titled:
        path, match = titled[0]
        return ctx.finding(
            "licence",
            scoring.YELLOW,
            gettext_noop(
                "%(path)s names %(licence)s but does not hold its text (%(confidence)d %% like the SPDX "
                "licence text); add the whole licence text."
            ),
            path=path,
            licence=match.spdx,
            confidence=match.percent,
            method=match.method,
            files=files,
        )
    return ctx.finding(
        "licence",
        scoring.YELLOW,
        gettext_noop("The licence in %(path)s could not be identified; check that it is OSI-approved."),
        path=results[0][0],
        files=files,
    )
