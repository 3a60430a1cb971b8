"""Licence identification as GitHub's licensee does it: the real SPDX texts, the FSF's own files, and
the variants projects make of them (a copyright header, reflowed lines, CRLF, Markdown, a notice
above the text, the "How to apply" appendix kept or dropped)."""

from __future__ import annotations

import datetime
import itertools
import re
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.evaluation import scoring
from programkontor.evaluation.repository import checks, licence_text, licences, publiccode
from programkontor.evaluation.repository.sources import MemorySource
from tests.conftest import os2_shared
from tests.evaluation.repositories import GOOD_FILES, LICENCE_FILES
from tests.evaluation.repositories import licence_text as spdx_text

NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
GPL_NOTICE = (
    "OS2minapp - kommunernes app\nCopyright (C) 2024 Testby Kommune\n\n"
    "This program is free software: you can redistribute it and/or modify it under the terms of the GNU "
    "General Public License as published by the Free Software Foundation, either version 3 of the "
    "License, or (at your option) any later version.\n\n"
)


def identified(text: str) -> licences.LicenceMatch:
    match = licences.identify(text)
    assert match is not None
    return match


def licence_finding(files: dict[str, str], **source: Any) -> checks.Finding:
    contents = {"README.md": "# X\n\nX hjælper kommuner med at holde styr på deres data.\n", **files}
    result = checks.run_checks(MemorySource(label="memory", contents=contents, **source), now=NOW)
    return next(finding for finding in result.findings if finding.check == "licence")


# The shipped texts and the thresholds


@pytest.mark.parametrize("spdx", sorted(licence_text.known_texts()))
def test_every_shipped_text_is_identified_as_itself(spdx: str) -> None:
    match = identified(spdx_text(spdx))
    assert (match.spdx, match.method, match.percent) == (spdx, licences.TEXT, 100)


def test_no_two_shipped_licences_are_close_enough_to_be_mistaken_for_each_other() -> None:
    """The thresholds rest on this: the most similar pair of different licences (GPL-3.0 and
    AGPL-3.0) stays below CLOSE, so neither is ever claimed, or called close, for the other."""
    known = licence_text.known_texts()
    pairs = {(a, b): known[a].similarity(known[b]) for a, b in itertools.combinations(sorted(known), 2)}
    closest = max(pairs, key=lambda pair: pairs[pair])
    assert closest == ("AGPL-3.0-only", "GPL-3.0-only")
    assert 90 < pairs[closest] < licences.CLOSE < licences.IDENTIFIED
    assert pairs[("EUPL-1.1", "EUPL-1.2")] < licences.CLOSE
    assert pairs[("BSD-2-Clause", "BSD-3-Clause")] < licences.CLOSE
    assert pairs[("MIT", "MIT-0")] < licences.CLOSE


# Real files as projects ship them


def test_the_canonical_gpl_3_text_is_gpl_not_agpl_although_section_13_names_the_affero_licence() -> None:
    text = (LICENCE_FILES / "COPYING-GPL-3.0").read_text(encoding="utf-8")
    assert "GNU Affero General Public License" in text  # what made a phrase search call it AGPL
    match = identified(text)
    assert (match.spdx, match.method) == ("GPL-3.0-only", licences.TEXT)
    assert match.confidence >= licences.IDENTIFIED
    assert match.runner_up is not None and match.runner_up[0] == "AGPL-3.0-only"
    assert match.runner_up[1] < licences.CLOSE
    agpl = identified(spdx_text("AGPL-3.0-only"))
    assert agpl.spdx == "AGPL-3.0-only" and agpl.runner_up is not None and agpl.runner_up[0] == "GPL-3.0-only"


@pytest.mark.parametrize(
    ("name", "spdx"),
    [
        ("COPYING-GPL-3.0", "GPL-3.0-only"),
        ("COPYING-GPL-2.0", "GPL-2.0-only"),
        ("COPYING.LESSER-LGPL-3.0", "LGPL-3.0-only"),
        ("LICENSE-Apache-2.0", "Apache-2.0"),
    ],
)
def test_the_foundations_own_files_are_identified_despite_their_own_layout(name: str, spdx: str) -> None:
    text = (LICENCE_FILES / name).read_text(encoding="utf-8")
    assert text != spdx_text(spdx)  # other line breaks, indentation and quotes
    match = identified(text)
    assert (match.spdx, match.method) == (spdx, licences.TEXT)
    assert match.confidence >= 99


def test_os2s_own_cc_by_sa_text_is_identified_with_its_notices() -> None:
    match = identified(os2_shared("reference", "LICENSE-CC-BY-SA-4.0.txt").read_text(encoding="utf-8"))
    assert (match.spdx, match.method) == ("CC-BY-SA-4.0", licences.TEXT)


# Variants


HOLDERS = st.sampled_from(["Magenta ApS", "Testby Kommune", "OS2 - Offentligt Digitaliseringsfællesskab"])


@settings(max_examples=60, deadline=None)
@given(
    spdx=st.sampled_from(sorted(licence_text.known_texts())),
    holder=HOLDERS,
    year=st.integers(1990, 2030),
    width=st.integers(30, 120),
    crlf=st.booleans(),
    heading=st.booleans(),
)
def test_a_copyright_header_reflowed_lines_crlf_and_markdown_change_nothing(
    spdx: str, holder: str, year: int, width: int, crlf: bool, heading: bool
) -> None:
    original = spdx_text(spdx).replace("<year>", str(year)).replace("<copyright holders>", holder)
    paragraphs = [  # an editor reflows the text, but neither breaks words nor joins copyright lines
        part
        if part.lstrip().startswith("Copyright")
        else textwrap.fill(" ".join(part.split()), width, break_long_words=False, break_on_hyphens=False)
        for part in original.split("\n\n")
    ]
    text = f"Copyright (c) {year} {holder}\nAll rights reserved.\n\n" + "\n\n".join(paragraphs)
    if heading:
        text = "# License\n\n" + text
    if crlf:
        text = text.replace("\n", "\r\n")
    match = identified(text)
    assert (match.spdx, match.method) == (spdx, licences.TEXT), match


def test_the_how_to_apply_appendix_may_be_kept_dropped_or_replaced() -> None:
    gpl = (LICENCE_FILES / "COPYING-GPL-3.0").read_text(encoding="utf-8")
    body = gpl[: gpl.index("END OF TERMS AND CONDITIONS")]
    ours = (
        "END OF TERMS AND CONDITIONS\n\nSådan bruger du licensen i et OS2-produkt\n\n"
        "Skriv en notits i hver fil.\n"
    )
    for text in (gpl, body, body + ours):
        assert identified(text).spdx == "GPL-3.0-only"
    apache = spdx_text("Apache-2.0")
    assert identified(apache[: apache.index("END OF TERMS AND CONDITIONS")]).spdx == "Apache-2.0"


def test_a_projects_notice_above_the_text_is_allowed_and_decides_or_later() -> None:
    gpl = (LICENCE_FILES / "COPYING-GPL-3.0").read_text(encoding="utf-8")
    text = GPL_NOTICE + gpl
    match = identified(text)
    assert (match.spdx, match.method) == ("GPL-3.0-only", licences.TEXT)
    assert match.start_line == GPL_NOTICE.count("\n") + 1
    notice = licences.notice_of(text, match)
    assert "any later version" in notice
    assert licences.gnu_variant(match.spdx, [notice]) == "GPL-3.0-or-later"
    # Without a notice the bare text is SPDX's "only" (the appendix's own example notice does not count).
    plain = identified(gpl)
    assert licences.notice_of(gpl, plain) == ""
    assert licences.gnu_variant(plain.spdx, [licences.notice_of(gpl, plain)]) == "GPL-3.0-only"
    assert licences.gnu_variant("GPL-2.0-only", ["Licensed under GPLv2+."]) == "GPL-2.0-or-later"
    assert licences.gnu_variant("MIT", ["any later version"]) == "MIT"


def test_a_changed_text_is_close_but_never_claimed_and_a_title_alone_is_no_licence() -> None:
    changed = (
        spdx_text("MIT")
        .replace("free of charge", "for a fee of 100 kroner")
        .replace("sublicense, and/or sell", "and/or share")
    )
    match = identified(changed)
    assert (match.spdx, match.method, match.identified) == ("MIT", licences.NEAR, False)
    assert licences.CLOSE <= match.confidence < licences.IDENTIFIED
    title = identified("Mozilla Public License Version 2.0\n==================================\n")
    assert (title.spdx, title.method, title.identified) == ("MPL-2.0", licences.TITLE, False)
    assert title.percent < 5


# SPDX expressions and OSI approval


@pytest.mark.parametrize(
    ("expression", "ids"),
    [
        ("MPL-2.0", ["MPL-2.0"]),
        ("MIT OR Apache-2.0", ["MIT", "Apache-2.0"]),
        ("(MIT OR Apache-2.0) AND BSD-3-Clause", ["MIT", "Apache-2.0", "BSD-3-Clause"]),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", ["GPL-2.0-or-later"]),
        ("GPL-3.0+", ["GPL-3.0+"]),
        ("LicenseRef-OS2-egen", ["LicenseRef-OS2-egen"]),
        ("GPL v3", None),
        ("MPL 2.0", None),
        ("MIT OR", None),
        ("(MIT", None),
        ("MIT Apache-2.0", None),
        ("", None),
    ],
)
def test_an_spdx_expression_names_known_licences(expression: str, ids: list[str] | None) -> None:
    assert licences.expression_ids(expression) == ids


def test_osi_approval_comes_from_the_spdx_list() -> None:
    assert licences.is_osi_approved("EUPL-1.2")
    assert licences.is_osi_approved("GPL-3.0-or-later")
    assert licences.is_osi_approved("MIT OR Apache-2.0")
    assert not licences.is_osi_approved("CC0-1.0")
    assert not licences.is_osi_approved("MIT AND CC-BY-SA-4.0")
    assert licences.name("EUPL-1.2") == "European Union Public License 1.2"
    assert licences.canonical("GPL-3.0") == "GPL-3.0-only"


def test_publiccode_yml_must_state_its_licence_as_spdx() -> None:
    good = publiccode.validate(GOOD_FILES["publiccode.yml"])
    assert good.valid
    loose = publiccode.validate(GOOD_FILES["publiccode.yml"].replace("license: MPL-2.0", "license: GPL v3"))
    assert loose.problems == ["legal.license (not an SPDX expression: GPL v3)"]


# The check


def test_the_check_names_the_licence_its_confidence_and_the_file() -> None:
    finding = licence_finding({"COPYING": (LICENCE_FILES / "COPYING-GPL-3.0").read_text(encoding="utf-8")})
    assert finding.light == scoring.GREEN
    assert (finding.path, finding.details["licence"], finding.details["method"]) == (
        "COPYING",
        "GPL-3.0-only",
        licences.TEXT,
    )
    assert finding.details["confidence"] >= 99.9
    assert finding.details["runner_up"]["spdx"] == "AGPL-3.0-only"
    assert re.search(
        r"^COPYING holds GPL-3.0-only \(\d+ % like the SPDX licence text\), an OSI", finding.summary
    )


def test_the_readme_or_publiccode_yml_says_or_later() -> None:
    gpl = (LICENCE_FILES / "COPYING-GPL-3.0").read_text(encoding="utf-8")
    readme = "# X\n\nX er fri software under GNU GPL version 3 or (at your option) any later version.\n"
    assert licence_finding({"COPYING": gpl, "README.md": readme}).details["licence"] == "GPL-3.0-or-later"
    stated = GOOD_FILES["publiccode.yml"].replace("license: MPL-2.0", "license: GPL-3.0-or-later")
    finding = licence_finding({"COPYING": gpl, "publiccode.yml": stated})
    assert (finding.light, finding.details["licence"]) == (scoring.GREEN, "GPL-3.0-or-later")


def test_copying_with_copying_lesser_is_the_lgpl() -> None:
    finding = licence_finding(
        {
            "COPYING": (LICENCE_FILES / "COPYING-GPL-3.0").read_text(encoding="utf-8"),
            "COPYING.LESSER": (LICENCE_FILES / "COPYING.LESSER-LGPL-3.0").read_text(encoding="utf-8"),
        }
    )
    assert (finding.light, finding.details["licence"]) == (scoring.GREEN, "LGPL-3.0-only")
    assert [file["spdx"] for file in finding.details["files"]] == ["GPL-3.0-only", "LGPL-3.0-only"]


def test_a_licence_file_that_disagrees_with_publiccode_yml_is_yellow() -> None:
    finding = licence_finding(
        {"LICENSE": spdx_text("EUPL-1.2"), "publiccode.yml": GOOD_FILES["publiccode.yml"]}
    )
    assert finding.light == scoring.YELLOW
    assert finding.details["licence"] == "EUPL-1.2"
    assert "publiccode.yml states MPL-2.0" in finding.summary


def test_a_changed_or_title_only_licence_is_yellow_and_says_so() -> None:
    changed = licence_finding(
        {"LICENSE": spdx_text("MIT").replace("free of charge", "for 100 kroner a year")}
    )
    assert changed.light == scoring.YELLOW
    assert changed.details["method"] == licences.NEAR
    assert changed.summary.startswith("LICENSE resembles MIT (")
    title = licence_finding({"LICENSE": "Mozilla Public License Version 2.0\n====\n"})
    assert title.light == scoring.YELLOW
    assert title.summary.startswith("LICENSE names MPL-2.0 but does not hold its text")


def test_reuse_licences_folder_and_spdx_tags_count() -> None:
    reuse = licence_finding({"LICENSES/EUPL-1.2.txt": "Se https://eupl.eu/1.2/da/\n"})
    assert (reuse.light, reuse.details["licence"], reuse.details["method"]) == (
        scoring.GREEN,
        "EUPL-1.2",
        licences.REUSE,
    )
    tagged = licence_finding({"LICENSE.md": "<!-- SPDX-License-Identifier: MPL-2.0 -->\nSe MPL.\n"})
    assert (tagged.light, tagged.details["licence"], tagged.details["method"]) == (
        scoring.GREEN,
        "MPL-2.0",
        licences.TAG,
    )
