"""Figures as tables: one per topic, each goal next to its figure with "met" or "NOT met"."""

from __future__ import annotations

from collections.abc import Sequence
import statistics


def verdict(met: bool) -> str:
    """How a figure stands against its goal."""
    return "met" if met else "NOT met"


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a titled table with aligned columns (numbers right, words left)."""
    cells = [[str(cell) for cell in header], *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [
        any(row[i] for row in cells[1:]) and all(_is_number(row[i]) for row in cells[1:] if row[i])
        for i in range(len(header))
    ]

    def line(row: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(row, widths, numeric, strict=True)
        ).rstrip()

    print(f"\n{title}")
    print(line(cells[0]))
    print("  ".join("-" * width for width in widths))
    for row in cells[1:]:
        print(line(row))


def spread(seconds: Sequence[float]) -> str:
    """Median, 95th percentile and maximum in milliseconds."""
    ms = sorted(x * 1000 for x in seconds)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return f"{statistics.median(ms):.1f} / {p95:.1f} / {ms[-1]:.1f}"


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").removesuffix("x").removesuffix("%"))
    except ValueError:
        return False
    return True
