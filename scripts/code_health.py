#!/usr/bin/env python3
"""Counts that may only go down, checked by `make lint`.

* modules over 600 lines (migrations aside): none allowed;
* uses of ``Any`` and of ``type: ignore`` in ``src/``: no more than the committed baseline
  (``scripts/code_health.json``). When a count goes down, the script says so; lower the baseline
  in the same commit (``--update``) so the gain is kept.

Exit status 1 when a rule is broken.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "programkontor"
BASELINE = Path(__file__).with_suffix(".json")
MAX_LINES = 600
ANY = re.compile(r"\bAny\b")
TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore")


def modules() -> list[Path]:
    return sorted(path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts)


def measure() -> tuple[dict[str, int], list[tuple[str, int]]]:
    counts = {"Any": 0, "type: ignore": 0}
    too_long = []
    for path in modules():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_LINES:
            too_long.append((str(path.relative_to(ROOT)), lines))
        code = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        counts["Any"] += sum(len(ANY.findall(line.split("#", 1)[0])) for line in code)
        counts["type: ignore"] += sum(len(TYPE_IGNORE.findall(line)) for line in text.splitlines())
    return counts, too_long


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="write the current counts as the baseline")
    options = parser.parse_args()
    counts, too_long = measure()
    if options.update:
        BASELINE.write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
        print(f"Baseline written: {counts}")
        return 0
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    failed = False
    for path, lines in too_long:
        print(f"{path}: {lines} lines (at most {MAX_LINES}); split it along its seams")
        failed = True
    for name, count in counts.items():
        allowed = baseline.get(name, 0)
        if count > allowed:
            print(f"'{name}' is used {count} times in src/, more than the baseline {allowed}")
            failed = True
        elif count < allowed:
            print(f"'{name}': {count} (baseline {allowed}); run scripts/code_health.py --update to keep the gain")
        else:
            print(f"'{name}': {count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
