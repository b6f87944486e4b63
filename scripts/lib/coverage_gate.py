"""Fail unless coverage reaches its floors, in total and module by module.

pytest-cov's own `fail_under` sees one figure (lines and branches together); this
checks lines and branches on their own, from the JSON report pytest wrote
(`--cov-report=json`), and holds the two rules of Home Assistant's quality scale that
speak of coverage: every module above 95 % (test-coverage) and the config flow fully
covered (config-flow-test-coverage).
"""

from __future__ import annotations

import json
from pathlib import Path
import sys
from typing import Any

LINE_FLOOR = 95.0
BRANCH_FLOOR = 90.0
MODULE_LINE_FLOOR = 95.0
FULLY_COVERED = ("custom_components/nordic_heatpump/config_flow.py",)
"""Modules whose every line and branch must run."""


def _percent(covered: int, total: int) -> float:
    """Covered share in percent; a module with nothing to run (an empty __init__) is whole."""
    return 100.0 * covered / total if total else 100.0


def _shortfalls(files: dict[str, Any]) -> list[str]:
    """What each module lacks: its lines below the floor, or anything missed where all must run."""
    found = []
    for name, report in sorted(files.items()):
        summary = report["summary"]
        lines = _percent(summary["covered_lines"], summary["num_statements"])
        if name in FULLY_COVERED:
            if summary["missing_lines"] or summary["missing_branches"]:
                found.append(
                    f"{name}: lines {report['missing_lines']} and "
                    f"{summary['missing_branches']} branches never run (all must)"
                )
        elif lines < MODULE_LINE_FLOOR:
            found.append(f"{name}: lines {lines:.1f} % (floor {MODULE_LINE_FLOOR:g})")
    return found


def main(report: str) -> int:
    """Print the figures; return 1 if any is below its floor."""
    data = json.loads(Path(report).read_text())
    totals = data["totals"]
    lines = _percent(totals["covered_lines"], totals["num_statements"])
    branches = _percent(totals["covered_branches"], totals["num_branches"])
    print(f"coverage: lines {lines:.1f} % (floor {LINE_FLOOR:g}), ", end="")
    print(f"branches {branches:.1f} % (floor {BRANCH_FLOOR:g})")
    failed = lines < LINE_FLOOR or branches < BRANCH_FLOOR
    for shortfall in _shortfalls(data["files"]):
        print(f"coverage: {shortfall}")
        failed = True
    if failed:
        print("coverage: FAILED, below a floor")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
