"""What every family's register table shares: CSV rows, option sets, ranges, presentation.

A family's table is a CSV file with one row per channel and a header naming its
columns; a blank cell means "none" or the default. The columns every family uses mean
the same everywhere:

unit          unit of measurement
device_class  only where it differs from what the kind and unit imply (model.py)
state_class   likewise
precision     likewise
options       name of an option set (status and choice)
min, max      the range a setting accepts
step          its step; default one raw unit (1 / scale)
range_source  where the range comes from
category      config or diagnostic
enabled       yes: the entity is enabled by default
note          sources and caveats

An option set file has the columns set, raw, option: one row per (set, raw value,
option name).
"""

from __future__ import annotations

from collections.abc import Mapping
import csv
import io
from typing import Final

from .model import Category, Channel, Codec, Kind, Limits, implied_presentation

type OptionSets = Mapping[str, Mapping[int, str]]

YES: Final = "yes"


class TableError(ValueError):
    """A row of a register table cannot be read."""


def rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV text, the header being line 1."""
    reader = csv.DictReader(io.StringIO(text), restval="", strict=True)
    found = [(index + 2, dict(row)) for index, row in enumerate(reader)]
    for line, row in found:
        if None in row:
            msg = f"line {line} has more cells than the header"
            raise TableError(msg)
    return found


def read_option_sets(text: str) -> dict[str, dict[int, str]]:
    """Option sets from an options CSV: one row per (set, raw value, option name)."""
    sets: dict[str, dict[int, str]] = {}
    for line, row in rows(text):
        try:
            options = sets.setdefault(row["set"], {})
            raw = int(row["raw"])
            if raw in options or row["option"] in options.values() or not row["option"]:
                msg = f"{row['set']}: raw {raw} or option {row['option']!r} twice or blank"
                raise TableError(msg)
            options[raw] = row["option"]
        except (KeyError, ValueError) as err:
            msg = f"options line {line}: {err}"
            raise TableError(msg) from err
    return sets


def channel[Where](
    row: Mapping[str, str],
    kind: Kind,
    codec: Codec,
    where: Where,
    models: frozenset[str] = frozenset(),
) -> Channel[Where]:
    """The channel a row describes, once the family has read where it lives and its codec.

    The presentation is what the unit implies unless the row says otherwise.
    """
    unit = row["unit"] or None
    implied = implied_presentation(kind, unit, codec.scale)
    return Channel(
        key=row["key"],
        kind=kind,
        where=where,
        codec=codec,
        models=models,
        unit=unit,
        device_class=row["device_class"] or implied.device_class,
        state_class=row["state_class"] or implied.state_class,
        enabled_default=flag(row["enabled"]),
        category=Category(row["category"]) if row["category"] else None,
        precision=int(row["precision"]) if row["precision"] else implied.precision,
        limits=limits(row, kind, codec.scale),
        note=row["note"],
    )


def limits(row: Mapping[str, str], kind: Kind, scale: int) -> Limits | None:
    """The range of a setting; any other kind has none."""
    given = [row[column] for column in ("min", "max", "step", "range_source")]
    if kind is not Kind.SETTING:
        if any(given):
            msg = f"only a setting has a range, not a {kind}"
            raise ValueError(msg)
        return None
    if not (row["min"] and row["max"] and row["range_source"]):
        msg = "a setting needs min, max and range_source"
        raise ValueError(msg)
    return Limits(
        minimum=float(row["min"]),
        maximum=float(row["max"]),
        step=float(row["step"]) if row["step"] else 1 / scale,
        source=row["range_source"],
    )


def natural(text: str) -> int:
    """A whole number that is not negative (decimal, or hexadecimal with 0x)."""
    number = int(text, 0)
    if number < 0:
        msg = f"{text} is negative"
        raise ValueError(msg)
    return number


def flag(text: str) -> bool:
    """The enabled column: yes or blank."""
    if text not in ("", YES):
        msg = f"enabled is {YES!r} or blank, not {text!r}"
        raise ValueError(msg)
    return text == YES
