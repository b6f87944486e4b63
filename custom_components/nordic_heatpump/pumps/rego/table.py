"""Read the Rego 6xx register table (registers.csv, options.csv) into rows.

One row of registers.csv is one channel. Columns, blank meaning "none" or the default
named here (the columns from unit on are read as every family's table reads them, see
../tables.py):

key           channel key, stable forever: the openHAB channel name in snake_case
openhab       the openHAB channel (group#name) the row stands for
kind          measurement, status, counter, timestamp, flag or setting
command       the read command: 0x00 front panel, 0x02 system register, 0x40 last
              error-log entry (a setting is read with 0x02 and written with 0x03)
address       the address on Rego 600-635 and 637
address_636   the address on Rego 636; a second address is the reading a user may pick
              where the sources dispute it, the one followed by default first
type          int16 or uint16 for a number; blank for a flag, a status or a moment
scale         divisor (raw / scale) of a number
no_sensor     raw values (signed) meaning "no sensor fitted", read as unknown
unit … note   see ../tables.py
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final

from ..model import Codec, Kind
from ..tables import OptionSets, TableError, channel, natural, rows
from .frames import Command
from .register import RegoChannel, RegoRegister

READ_COMMANDS: Final = frozenset(
    {Command.READ_PANEL, Command.READ_REGISTER, Command.READ_LAST_ERROR}
)
"""The commands a row may be read with."""
_SIGNED: Final = {"int16": True, "uint16": False}
_NUMBERS: Final = frozenset({Kind.MEASUREMENT, Kind.COUNTER, Kind.SETTING})
"""Kinds whose value is a 16-bit number; the others are a flag, a code or a moment."""
KINDS: Final = _NUMBERS | {Kind.FLAG, Kind.STATUS, Kind.TIMESTAMP}
"""What a Rego channel may be: nothing on the controller is a choice, a switch or a button."""


@dataclass(frozen=True, slots=True)
class RegoRow:
    """One channel of the table, and where it lives on each controller layout.

    `channel.where` is its register on Rego 600-635/637. `addresses_636` lists its
    address on Rego 636: one where the sources agree; two where they dispute it, the
    reading followed by default first.
    """

    channel: RegoChannel
    openhab: str
    addresses_636: tuple[int, ...]

    @property
    def disputed(self) -> bool:
        """Whether the sources give two addresses on Rego 636."""
        return len(self.addresses_636) > 1

    def on_636(self, *, alternative: bool = False) -> RegoChannel:
        """The channel on Rego 636: the default reading, or the disputed alternative."""
        address = self.addresses_636[-1 if alternative else 0]
        return replace(self.channel, where=replace(self.channel.where, address=address))


def read_table(text: str, option_sets: OptionSets) -> tuple[RegoRow, ...]:
    """Rows from registers.csv, in file order; a key appears once."""
    found: list[RegoRow] = []
    keys: set[str] = set()
    for line, row in rows(text):
        try:
            rego_row = _row(row, option_sets)
        except (KeyError, ValueError) as err:
            msg = f"registers line {line} ({row.get('key', '?')}): {err}"
            raise TableError(msg) from err
        if rego_row.channel.key in keys:
            msg = f"registers line {line}: {rego_row.channel.key} twice"
            raise TableError(msg)
        keys.add(rego_row.channel.key)
        found.append(rego_row)
    return tuple(found)


def _row(row: Mapping[str, str], option_sets: OptionSets) -> RegoRow:
    kind = Kind(row["kind"])
    if kind not in KINDS:
        msg = f"a Rego channel is not a {kind}"
        raise ValueError(msg)
    command = Command(natural(row["command"]))
    if command not in READ_COMMANDS:
        msg = f"{command.name} is not a read command of the table"
        raise ValueError(msg)
    codec = _codec(row, kind, option_sets)
    addresses_636 = tuple(natural(address) for address in row["address_636"].split())
    if not 1 <= len(addresses_636) <= 2:  # noqa: PLR2004 - the agreed address, or two readings
        msg = f"address_636 {row['address_636']!r} is one address, or two where disputed"
        raise ValueError(msg)
    where = RegoRegister(command, natural(row["address"]))
    return RegoRow(channel(row, kind, codec, where), row["openhab"], addresses_636)


def _codec(row: Mapping[str, str], kind: Kind, option_sets: OptionSets) -> Codec:
    missing = frozenset(int(raw) for raw in row["no_sensor"].split())
    if kind in _NUMBERS:
        if row["options"]:
            msg = f"a {kind} has no options"
            raise ValueError(msg)
        scale = int(row["scale"])
        if scale < 1:
            msg = f"scale {row['scale']!r} is not a positive divisor"
            raise ValueError(msg)
        return Codec(scale=scale, signed=_SIGNED[row["type"]], missing=missing)
    if row["type"] or row["scale"] or missing:
        msg = f"a {kind} has no type, scale or no-sensor value"
        raise ValueError(msg)
    if (kind is Kind.STATUS) != bool(row["options"]):
        msg = "options for, and only for, a status"
        raise ValueError(msg)
    return Codec(options=option_sets[row["options"]]) if row["options"] else Codec()
