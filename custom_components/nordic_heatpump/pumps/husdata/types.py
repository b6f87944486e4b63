"""The data-type digit of an H1 id (its first hex digit): what a value of each type is.

The type gives a row of ids.csv its defaults (unit, scale, signedness, "no sensor" raws)
and the kinds and units the row may have; a row may still set its own scale or unit
within them. Sources: the H1 manual's type table as stampzilla's husdata node quotes
it, which openHAB's HusdataHandler follows; Husdata's own H60 firmware and Homey app
where they differ (reference B.5, B.9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from ..model import Kind

NO_SENSOR: Final = -32768
"""0x8000: "no sensor connected" (Husdata's H60 firmware shows it as 0)."""
DEAD: Final = -8531
"""0xDEAD: the indoor value of an H60 without a room sensor (stampzilla #224, -853.1 °C)."""
NOT_INSTALLED: Final = 32758
"""0x7FF6: "sensor not installed" on NIBE EB100 (Husdata's Homey app)."""
REGO_NO_SENSOR: Final = -483
"""-48.3 °C: a Rego 600 sensor that is not fitted (Husdata's Homey app, GT3)."""

_SIGNED_MISSING: Final = frozenset({NO_SENSOR, DEAD, NOT_INSTALLED})


@dataclass(frozen=True, slots=True)
class DataType:
    """What the type digit says about a value.

    `units` are the units a row of this type may have, the default first ("" for none);
    `kinds` likewise, the default first. `scale` is the default divisor, `missing` the
    raws (as the codec compares them, after the sign) that decode to unknown.
    `disputed` marks a type whose scale the sources disagree on.
    """

    digit: int
    meaning: str
    units: tuple[str, ...]
    kinds: tuple[Kind, ...]
    scale: int
    signed: bool
    missing: frozenset[int]
    disputed: bool = False

    @property
    def unit(self) -> str:
        """The default unit ("" for none)."""
        return self.units[0]

    @property
    def kind(self) -> Kind:
        """The default kind."""
        return self.kinds[0]


TYPES: Final[Mapping[int, DataType]] = {
    # ÷10 in every source; a curve number or an offset is a type-0 value too (no unit, K).
    0x0: DataType(
        0x0,
        "degrees",
        ("°C", "K", ""),
        (Kind.MEASUREMENT,),
        10,
        signed=True,
        missing=_SIGNED_MISSING | {REGO_NO_SENSOR},
    ),
    # 0 or 1; a flag reads its bit, so no raw means "no sensor".
    0x1: DataType(0x1, "on/off", ("",), (Kind.FLAG,), 1, signed=True, missing=frozenset()),
    # H1 manual and openHAB ÷10; Husdata's firmware reads it as is (÷10 only on NIBE
    # Styr 2002 and Rego 600's 2205).
    0x2: DataType(
        0x2,
        "number",
        ("", "%"),
        (Kind.MEASUREMENT,),
        10,
        signed=True,
        missing=_SIGNED_MISSING,
        disputed=True,
    ),
    0x3: DataType(
        0x3, "percent", ("%",), (Kind.MEASUREMENT,), 10, signed=True, missing=_SIGNED_MISSING
    ),
    0x4: DataType(
        0x4, "ampere", ("A",), (Kind.MEASUREMENT,), 10, signed=True, missing=_SIGNED_MISSING
    ),
    # kWh ÷10 in every source; a row may read it as power (5104, see its note).
    0x5: DataType(
        0x5,
        "kWh",
        ("kWh", "kW"),
        (Kind.COUNTER, Kind.MEASUREMENT),
        10,
        signed=True,
        missing=_SIGNED_MISSING,
    ),
    # Hours and minutes as is; unsigned, as a count past 32767 is real (reference C).
    # A counter by default; a remaining time (6209) is a measurement.
    0x6: DataType(
        0x6,
        "hours",
        ("h",),
        (Kind.COUNTER, Kind.MEASUREMENT),
        1,
        signed=False,
        missing=frozenset(),
    ),
    0x7: DataType(
        0x7,
        "minutes",
        ("min",),
        (Kind.COUNTER, Kind.MEASUREMENT),
        1,
        signed=False,
        missing=frozenset(),
    ),
    # H1 manual and openHAB as is; Husdata's firmware ÷10. Home Assistant has no
    # degree-minute unit.
    0x8: DataType(
        0x8,
        "degree minutes",
        ("",),
        (Kind.MEASUREMENT,),
        1,
        signed=True,
        missing=_SIGNED_MISSING,
        disputed=True,
    ),
    # H1 manual and openHAB as is; Husdata's firmware and Homey app ÷10.
    0x9: DataType(
        0x9,
        "kW",
        ("kW",),
        (Kind.MEASUREMENT,),
        1,
        signed=True,
        missing=_SIGNED_MISSING,
        disputed=True,
    ),
    # S0 pulses as is, unsigned: 0x8000 pulses is a count, not a missing sensor. Shown
    # as kWh once divided by the meter's pulses per kWh (an option, not the table's).
    0xA: DataType(0xA, "pulses", ("kWh",), (Kind.COUNTER,), 1, signed=False, missing=frozenset()),
}
"""Every type digit the H1 uses; B to F are not defined."""


def type_of(id_: int) -> DataType:
    """The data type of an H1 id; an undefined type digit is an error."""
    digit = id_ >> 12
    if digit not in TYPES:
        msg = f"type digit {digit:X} of id {id_:04X} is not an H1 data type"
        raise ValueError(msg)
    return TYPES[digit]
