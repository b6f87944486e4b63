"""Checks every family's table test applies to its rows alike."""

from __future__ import annotations

from collections.abc import Mapping

from custom_components.nordic_heatpump.pumps.model import Kind, implied_presentation


def needless_overrides(row: Mapping[str, str], kind: Kind, scale: int) -> list[str]:
    """A device class, state class or precision in a row must differ from the rule."""
    implied = implied_presentation(kind, row["unit"] or None, scale)
    return [
        f"{column} says what the unit already implies"
        for column, rule in (
            ("device_class", implied.device_class),
            ("state_class", implied.state_class),
            ("precision", None if implied.precision is None else str(implied.precision)),
        )
        if row[column] and row[column] == rule
    ]
