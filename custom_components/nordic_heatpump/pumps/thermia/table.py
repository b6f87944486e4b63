"""Read Thermia's register table (registers.csv, options.csv) into channels.

One row of registers.csv is one register (a 32-bit pair is one row at its lower
address). Columns, blank meaning "none" or the default named here:

key           channel key, stable forever
kind          measurement, status, counter, flag, setting, choice, toggle or action
space         coil, discrete_input, input or holding
address       0-based wire address
type          int16, uint16, int32 or uint32; blank for a coil or discrete input
word_order    big (most significant word first) or little; only for a 32-bit type
scale         divisor (raw / scale); further values are alternatives a user may pick
              where the sources dispute the scale, the documented one first
no_sensor     raw values meaning "no sensor fitted", read as unknown at any scale
models        the model families that have the register

then the columns every family's table has, from unit to note, described and read in
../tables.py (options name a set in options.csv).

A key may have several rows with disjoint model sets where the models differ (a
range, enabled by default); everything else about them is the same register.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..model import BIT, Codec, Kind
from ..tables import OptionSets, TableError, channel, natural, read_option_sets, rows
from .register import ModbusChannel, Register, Space

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

__all__ = ["Table", "TableError", "read_option_sets", "read_table"]

_TYPES: dict[str, tuple[bool, Literal[1, 2]]] = {
    "int16": (True, 1),
    "uint16": (False, 1),
    "int32": (True, 2),
    "uint32": (False, 2),
}
_WORD_ORDERS: dict[str, Literal["big", "little"]] = {"big": "big", "little": "little"}


@dataclass(frozen=True, slots=True)
class Table:
    """Every channel of the table, and the scales a user may choose instead."""

    channels: tuple[ModbusChannel, ...]
    disputed_scales: Mapping[str, tuple[int, ...]]


def read_table(text: str, option_sets: OptionSets, models: Collection[str]) -> Table:
    """Channels from registers.csv, in file order."""
    channels: list[ModbusChannel] = []
    disputed: dict[str, tuple[int, ...]] = {}
    seen: set[tuple[str, str]] = set()
    for line, row in rows(text):
        try:
            channel, scales = _channel(row, option_sets, models)
        except (KeyError, ValueError) as err:
            msg = f"registers line {line} ({row.get('key', '?')}): {err}"
            raise TableError(msg) from err
        for model in channel.models:
            if (channel.key, model) in seen:
                msg = f"registers line {line}: {channel.key} twice for {model}"
                raise TableError(msg)
            seen.add((channel.key, model))
        channels.append(channel)
        if len(scales) > 1:
            disputed[channel.key] = scales
    return Table(tuple(channels), disputed)


def _channel(
    row: Mapping[str, str], option_sets: OptionSets, models: Collection[str]
) -> tuple[ModbusChannel, tuple[int, ...]]:
    kind = Kind(row["kind"])
    space = Space(row["space"])
    codec, scales = _codec(row, option_sets, space)
    where = Register(space, natural(row["address"]), codec.words)
    row_models = frozenset(row["models"].split())
    if not row_models or not row_models <= set(models):
        msg = f"models {row['models']!r} are not among {sorted(models)}"
        raise ValueError(msg)
    return channel(row, kind, codec, where, row_models), scales


def _codec(
    row: Mapping[str, str], option_sets: OptionSets, space: Space
) -> tuple[Codec, tuple[int, ...]]:
    if space.is_bit:
        if any(row[column] for column in ("type", "word_order", "scale", "options")):
            msg = "a bit has no type, word order, scale or options"
            raise ValueError(msg)
        return BIT, ()
    signed, words = _TYPES[row["type"]]
    scales = tuple(int(scale) for scale in row["scale"].split())
    if not scales or min(scales) < 1:
        msg = f"scale {row['scale']!r} is not one or more positive divisors"
        raise ValueError(msg)
    if (words == 1) != (not row["word_order"]):
        msg = "a word order is given for, and only for, a 32-bit type"
        raise ValueError(msg)
    return (
        Codec(
            scale=scales[0],
            signed=signed,
            words=words,
            word_order=_WORD_ORDERS[row["word_order"] or "big"],
            missing=frozenset(int(raw) for raw in row["no_sensor"].split()),
            options=option_sets[row["options"]] if row["options"] else None,
        ),
        scales,
    )
