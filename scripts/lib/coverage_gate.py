"""Fail unless both line and branch coverage reach their floors.

pytest-cov's own `fail_under` sees one figure (lines and branches together); this
checks each on its own, from the JSON report pytest wrote (`--cov-report=json`).
"""

from __future__ import annotations

import json
from pathlib import Path
import sys

LINE_FLOOR = 95.0
BRANCH_FLOOR = 90.0


def main(report: str) -> int:
    """Print both figures; return 1 if either is below its floor."""
    totals = json.loads(Path(report).read_text())["totals"]
    lines = 100.0 * totals["covered_lines"] / max(1, totals["num_statements"])
    branches = 100.0 * totals["covered_branches"] / max(1, totals["num_branches"])
    print(f"coverage: lines {lines:.1f} % (floor {LINE_FLOOR:g}), ", end="")
    print(f"branches {branches:.1f} % (floor {BRANCH_FLOOR:g})")
    if lines < LINE_FLOOR or branches < BRANCH_FLOOR:
        print("coverage: FAILED, below a floor")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
