"""Which licence a licence file holds (its SPDX id), and whether the OSI has approved it. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: OS2's default licence.
OS2_DEFAULT = "MPL-2.0"

#: Licences approved by the Open Source Initiative (the ones met in public-sector software; SPDX ids).
OSI_APPROVED = frozenset(
    {
        "0BSD", "AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0", "Artistic-2.0",
        "BSD-2-Clause", "BSD-3-Clause", "BSL-1.0", "CDDL-1.0", "CECILL-2.1", "ECL-2.0", "EPL-1.0", "EPL-2.0",
        "EUPL-1.1", "EUPL-1.2", "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only",
        "GPL-3.0-or-later", "ISC", "LGPL-2.1", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0",
        "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0", "MS-PL", "MS-RL",
        "OSL-3.0", "PostgreSQL", "UPL-1.0", "Unlicense", "Zlib",
    }
)  # fmt: skip

_SPDX_TAG = re.compile(r"SPDX-License-Identifier:\s*([A-Za-z0-9.+\-() ]+?)\s*(?:\*/|-->|$)", re.MULTILINE)


@dataclass(frozen=True)
class Signature:
    spdx: str
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()


# Checked in order: the first signature whose phrases all occur (and none of the excluded) wins.
SIGNATURES = (
    Signature("MPL-2.0", ("mozilla public license", "2.0")),
    Signature("EUPL-1.2", ("european union public licen", "1.2")),
    Signature("EUPL-1.1", ("european union public licen", "1.1")),
    Signature("AGPL-3.0", ("gnu affero general public license", "version 3")),
    Signature("LGPL-3.0", ("gnu lesser general public license", "version 3")),
    Signature("LGPL-2.1", ("gnu lesser general public license", "version 2.1")),
    Signature("GPL-3.0", ("gnu general public license", "version 3"), ("lesser", "affero")),
    Signature("GPL-2.0", ("gnu general public license", "version 2"), ("lesser", "affero")),
    Signature("Apache-2.0", ("apache license", "version 2.0")),
    Signature("EPL-2.0", ("eclipse public license", "2.0")),
    Signature("BSL-1.0", ("boost software license",)),
    Signature("Unlicense", ("this is free and unencumbered software released into the public domain",)),
    Signature("CC0-1.0", ("cc0 1.0 universal",)),
    Signature("CC-BY-SA-4.0", ("attribution-sharealike 4.0 international",)),
    Signature("CC-BY-4.0", ("attribution 4.0 international",)),
    Signature("ISC", ("permission to use, copy, modify, and/or distribute this software for any purpose",)),
    Signature("MIT", ("permission is hereby granted, free of charge", 'the software is provided "as is"')),
    Signature(
        "BSD-3-Clause",
        ("redistribution and use in source and binary forms", "neither the name of"),
    ),
    Signature(
        "BSD-2-Clause", ("redistribution and use in source and binary forms",), ("neither the name of",)
    ),
    Signature(
        "Zlib", ("this software is provided 'as-is'", "altered source versions must be plainly marked")
    ),
)


def identify(text: str) -> str | None:
    """The SPDX id of the licence ``text`` holds: an ``SPDX-License-Identifier`` tag, else its wording."""
    tag = _SPDX_TAG.search(text)
    if tag:
        return tag.group(1).strip()
    folded = " ".join(text.lower().replace("\u201c", '"').replace("\u201d", '"').split())
    for signature in SIGNATURES:
        if all(phrase in folded for phrase in signature.all_of) and not any(
            phrase in folded for phrase in signature.none_of
        ):
            return signature.spdx
    return None


def is_osi_approved(spdx: str) -> bool:
    """True when every licence of an SPDX expression joined by OR is OSI-approved (AND: all of them)."""
    parts = [part.strip(" ()") for part in re.split(r"\s+(?:OR|AND|WITH)\s+", spdx) if part.strip(" ()")]
    licences = [part for part in parts if not part.endswith("exception") and "-exception" not in part.lower()]
    return bool(licences) and all(part.removesuffix("+") in OSI_APPROVED for part in licences)
