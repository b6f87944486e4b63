"""Read the H1 id table (ids.csv) into rows.

One row of ids.csv is one id, hence one channel. Columns, blank meaning "none" or the
default named here (the columns from unit on are read as every family's table reads
them, see ../tables.py):

key           channel key, stable forever: the openHAB channel name in snake_case where
              openHAB maps the id (shared with the Rego family), else a descriptive name
id            the H1 id, 4 hex digits: type digit (types.py) + 3-digit register
openhab       the openHAB channel (group#name) the id stands for, or blank
kind          measurement, counter or flag: the H1 family writes nothing, so a setting
              is a measurement too
scale         divisor (raw / scale); blank: the type's default. Blank for a pulse
              counter: its divisor is the pulses-per-kWh option (ids.py), 1000 here
no_sensor     raw values (signed, as the codec compares them) meaning "no sensor";
              blank: the type's default
unit … note   see ../tables.py; the unit must be one the type allows
source        where the id comes from (openHAB, stampzilla/H60, epideme, ...)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import re
from typing import Final

from ..model import Category, Channel, Codec, Kind
from ..tables import TableError, channel, rows
from .types import DataType, type_of

KINDS: Final = frozenset({Kind.MEASUREMENT, Kind.COUNTER, Kind.FLAG})
"""What an H1 channel may be: every value is read only."""
_ID = re.compile(r"[0-9A-F]{4}")
_OPENHAB = re.compile(r"[a-z][A-Za-z]*#[a-z][A-Za-z0-9]*")
PULSES: Final = 0xA
"""The type digit of an S0 pulse counter, scaled by the pulses-per-kWh option."""
DEFAULT_PULSES_PER_KWH: Final = 1000
"""A pulse counter's divisor until an option says otherwise: the usual S0 meter."""


@dataclass(frozen=True, slots=True)
class H1Row:
    """One id of the table: its channel, where it comes from, and what its type says.

    `precision` is the row's own precision, or None where the unit and scale imply it
    (so a changed scale changes it too).
    """

    channel: Channel[int]
    openhab: str
    source: str
    type: DataType
    precision: int | None

    @property
    def id(self) -> int:
        """The H1 id."""
        return self.channel.where


def read_table(text: str) -> tuple[H1Row, ...]:
    """Rows from ids.csv, in file order; an id and a key appear once."""
    found: list[H1Row] = []
    keys: set[str] = set()
    ids: set[int] = set()
    for line, row in rows(text):
        try:
            h1_row = _row(row)
        except (KeyError, ValueError) as err:
            msg = f"ids line {line} ({row.get('key', '?')}): {err}"
            raise TableError(msg) from err
        key = h1_row.channel.key
        if key in keys or h1_row.id in ids:
            msg = f"ids line {line}: key {key} or id {h1_row.id:04X} twice"
            raise TableError(msg)
        keys.add(key)
        ids.add(h1_row.id)
        found.append(h1_row)
    return tuple(found)


def _row(row: Mapping[str, str]) -> H1Row:
    if not _ID.fullmatch(row["id"]):
        msg = f"id {row['id']!r} is not 4 upper-case hex digits"
        raise ValueError(msg)
    id_ = int(row["id"], 16)
    data_type = type_of(id_)
    kind = Kind(row["kind"])
    if kind not in KINDS:
        msg = f"an H1 channel is not a {kind}"
        raise ValueError(msg)
    if kind not in data_type.kinds:
        msg = f"a type {data_type.digit:X} ({data_type.meaning}) id is not a {kind}"
        raise ValueError(msg)
    if row["unit"] not in data_type.units:
        msg = f"unit {row['unit']!r} is not one of type {data_type.digit:X}: {data_type.units}"
        raise ValueError(msg)
    if row["options"]:
        msg = "an H1 channel has no options"
        raise ValueError(msg)
    if row["category"] == Category.CONFIG:
        msg = "an H1 channel is read only: a setting is diagnostic, not config"
        raise ValueError(msg)
    if row["openhab"] and not _OPENHAB.fullmatch(row["openhab"]):
        msg = f"openhab {row['openhab']!r} is not a group#channel name"
        raise ValueError(msg)
    if not row["source"]:
        msg = "every id names its source"
        raise ValueError(msg)
    codec = _codec(row, kind, data_type)
    precision = int(row["precision"]) if row["precision"] else None
    return H1Row(
        channel(row, kind, codec, id_), row["openhab"], row["source"], data_type, precision
    )


def _codec(row: Mapping[str, str], kind: Kind, data_type: DataType) -> Codec:
    if kind is Kind.FLAG:
        if row["scale"] or row["no_sensor"]:
            msg = "a flag has no scale or no-sensor value"
            raise ValueError(msg)
        return Codec()
    if data_type.digit == PULSES and row["scale"]:
        msg = "a pulse counter's scale is the pulses-per-kWh option, not the table's"
        raise ValueError(msg)
    if data_type.digit == PULSES:
        scale = DEFAULT_PULSES_PER_KWH
    else:
        scale = int(row["scale"]) if row["scale"] else data_type.scale
    if scale < 1:
        msg = f"scale {row['scale']!r} is not a positive divisor"
        raise ValueError(msg)
    missing = (
        frozenset(int(raw) for raw in row["no_sensor"].split())
        if row["no_sensor"]
        else data_type.missing
    )
    return Codec(scale=scale, signed=data_type.signed, missing=missing)
