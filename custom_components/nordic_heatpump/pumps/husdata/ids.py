"""The H1 id table, loaded once from ids.csv, and what an entry's options change in it.

Sources: the id map of openHAB's regoheatpump binding (HusdataHandler), every id of
which is enabled by default; the ids stampzilla's husdata node reads from an H60, and
epideme's operating mode, disabled by default (reference B.6). The data-type digit
gives each id its defaults (types.py).

Where the sources disagree on a scale (types 2, 8 and 9: the H1 manual and openHAB
against Husdata's own firmware and Homey app) the table follows its row, and the user
may read the id as is or ÷10 instead: an option per disputed id. An S0 pulse counter
(EL-meter) is divided by the meter's pulses per kWh, an option too.

The file is read at import: Home Assistant imports an integration's modules in an
executor, so this never blocks the event loop. table.py describes the columns.
"""

from __future__ import annotations

from collections.abc import Mapping
import contextlib
from dataclasses import replace
import math
from pathlib import Path
from typing import Any, Final

from ..model import Channel, ClimateRoles, implied_presentation
from ..plausibility import Plausible
from .table import DEFAULT_PULSES_PER_KWH, PULSES, H1Row, read_table

__all__ = [
    "CLIMATE",
    "DEFAULT_PULSES_PER_KWH",
    "PLAUSIBLE",
    "PULSES_PER_KWH",
    "ROWS",
    "SCALE_CHOICES",
    "SCALE_DISPUTED",
    "H1Channel",
    "channels_for",
    "scale_option",
]

type H1Channel = Channel[int]
"""A channel of a pump behind a Husdata H1: `where` is its id (type digit << 12 | register)."""

ROWS: Final = read_table((Path(__file__).parent / "ids.csv").read_text(encoding="utf-8"))
"""Every id of the table, in file order."""

SCALE_DISPUTED: Final = tuple(row.id for row in ROWS if row.type.disputed)
"""The ids whose scale the sources dispute (types 2, 8, 9), in table order."""
SCALE_CHOICES: Final = (1, 10)
"""What a scale override may be: as is, or ÷10."""
PLAUSIBLE: Final[Mapping[int, Plausible]] = {
    0x2108: Plausible(0.0, 100.0),  # compressor speed, a percentage
    0x2205: Plausible(0.0, 10.0),  # a Rego 600's heat curve, 0-10 (its own range)
}
"""What a disputed id can really read, where something bounds it: a value that only
the other scale brings within range suggests that scale (a repair issue, never a write).
The other disputed ids (influences, program and mode numbers) have no such bound."""
PULSES_PER_KWH: Final = "pulses_per_kwh"
"""The option holding the electricity meters' pulses per kWh (DEFAULT_PULSES_PER_KWH)."""


def scale_option(id_: int) -> str:
    """The option key of an id's scale override, e.g. "scale_2204"."""
    return f"scale_{id_:04X}"


def channels_for(options: Mapping[str, Any] | None = None) -> dict[str, H1Channel]:
    """Every channel, by key, with the scale overrides and pulses per kWh of `options`.

    An option not given keeps the table's scale. An override changes only the codec's
    scale and the precision it implies.
    """
    options = options or {}
    pulses = _positive(options.get(PULSES_PER_KWH, DEFAULT_PULSES_PER_KWH), PULSES_PER_KWH)
    channels: dict[str, H1Channel] = {}
    for row in ROWS:
        scale = row.channel.codec.scale
        if row.type.digit == PULSES:
            scale = pulses
        elif row.type.disputed and scale_option(row.id) in options:
            scale = _scale_choice(options[scale_option(row.id)], scale_option(row.id))
        channels[row.channel.key] = _rescaled(row, scale)
    return channels


def _rescaled(row: H1Row, scale: int) -> H1Channel:
    channel = row.channel
    if scale == channel.codec.scale:
        return channel
    implied = implied_presentation(channel.kind, channel.unit, scale)
    precision = implied.precision if row.precision is None else row.precision
    return replace(channel, codec=replace(channel.codec, scale=scale), precision=precision)


def _positive(value: object, option: str) -> int:
    """A whole number above zero from an option (a form may hand it over as text)."""
    number = _whole(value, option)
    if number < 1:
        msg = f"option {option} is {value!r}, not a positive whole number"
        raise ValueError(msg)
    return number


def _scale_choice(value: object, option: str) -> int:
    number = _whole(value, option)
    if number not in SCALE_CHOICES:
        msg = f"option {option} is {value!r}, not one of {SCALE_CHOICES}"
        raise ValueError(msg)
    return number


def _whole(value: object, option: str) -> int:
    number = math.nan
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        with contextlib.suppress(ValueError):
            number = float(value)
    if not number.is_integer():
        msg = f"option {option} is {value!r}, not a whole number"
        raise ValueError(msg)
    return int(number)


CLIMATE: Final = ClimateRoles(
    target="indoor_temp_setting", current="indoor", running="compressor_state"
)
"""The heating circuit, read only: the room setpoint (0203) as target, the room sensor
(0008) as current, heating while the compressor (1A01) runs."""
