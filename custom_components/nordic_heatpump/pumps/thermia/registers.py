"""The Thermia Genesis register table, loaded once from registers.csv and options.csv.

Source: Thermia "Modbus protocol for Genesis platform" v10.0 section 3, plus the
registers that v12 (Mega) and v13 (Atlas/Calibra/Diplomat Inverter) add. Addresses are
the 0-based wire addresses. A 32-bit value is one row at its lower address.

A few input registers come from newer or unofficial sources and say so in their note:
157/158 from the Genesis 17.1 domestic protocol, 331-334 from community findings. The
model sets follow the v10 address list; where other documents disagree, the note says.

The files are read at import: Home Assistant imports an integration's modules in an
executor, so this never blocks the event loop. table.py describes the columns.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ..model import ClimateRoles, ModeRole, WaterHeaterRoles
from ..plausibility import Plausible
from .register import ModbusChannel, Space
from .table import read_option_sets, read_table

if TYPE_CHECKING:
    from collections.abc import Mapping

MEGA: Final = "mega"
INVERTER: Final = "inverter"
MODELS: Final = (MEGA, INVERTER)

_HERE = Path(__file__).parent
OPTION_SETS: Final = read_option_sets((_HERE / "options.csv").read_text(encoding="utf-8"))
"""Named option sets (raw value -> option name) the table's rows refer to."""
_TABLE: Final = read_table(
    (_HERE / "registers.csv").read_text(encoding="utf-8"), OPTION_SETS, MODELS
)

ALL_CHANNELS: Final[tuple[ModbusChannel, ...]] = _TABLE.channels
"""Every row of the table, in file order. A key has more than one row where models
differ (disjoint model sets); `channels_for` gives one model's channels."""

DISPUTED_SCALES: Final[Mapping[str, tuple[int, ...]]] = _TABLE.disputed_scales
"""Channels whose scale the sources dispute: the documented scale first (the default),
then the alternatives a user may choose for their pump."""

PLAUSIBLE: Final[Mapping[str, Plausible]] = {
    # A lived-in room; input 121 is x10 in the PDF and v13, x100 per infradom.
    "input_room_temperature_sensor": Plausible(5.0, 40.0),
    # A valve opening; input 137 is x1 in the PDF, x100 per CJNE/thermiagenesis#284.
    "input_mix_valve_cooling_opening_degree": Plausible(0.0, 100.0),
}
"""What each channel of DISPUTED_SCALES can really read: a value only another of its
scales brings within this range suggests that scale (a repair issue, never a write).
Every disputed channel has one (tests/test_plausibility.py)."""

REGISTER_RANGES: Final[Mapping[str, Mapping[Space, tuple[tuple[int, int], ...]]]] = {
    INVERTER: {
        Space.COIL: ((3, 41),),
        Space.DISCRETE_INPUT: ((0, 3), (9, 45), (46, 83), (199, 247)),
        Space.INPUT: ((0, 174),),
        Space.HOLDING: ((0, 115), (116, 116), (199, 217), (239, 257), (299, 305)),
    },
    MEGA: {
        Space.COIL: ((3, 28), (28, 59)),
        Space.DISCRETE_INPUT: ((0, 3), (9, 83), (199, 247)),
        Space.INPUT: ((0, 100), (100, 174)),
        Space.HOLDING: ((0, 115), (116, 116), (199, 217), (239, 257), (299, 321)),
    },
}
"""Address ranges a single read may span, per model (inclusive [first, last]).

From the reference library's field-proven read blocks (notes §9): a read that starts
and ends on documented registers may cross undocumented addresses only inside one of
these ranges. Holding 116 is a block of its own (it errors unless coil 41 is on).
Registers outside every range (e.g. input 311-334, discrete input 4 and 84-87) have
no field evidence for block reads: read them on their own.
"""


def channels_for(model: str, scales: Mapping[str, int] | None = None) -> tuple[ModbusChannel, ...]:
    """Every channel the given model family has, with any disputed scale the user chose."""
    chosen = {
        key: scale for key, scale in (scales or {}).items() if scale in DISPUTED_SCALES.get(key, ())
    }
    return tuple(
        replace(channel, codec=replace(channel.codec, scale=chosen[channel.key]))
        if channel.key in chosen
        else channel
        for channel in ALL_CHANNELS
        if model in channel.models
    )


CLIMATE: Final = ClimateRoles(
    mode=ModeRole("holding_operational_mode", off="off", auto="auto"),
    target="holding_comfort_wheel_setting",
    current="input_room_temperature_sensor",
    demand="input_first_prioritised_demand",
    # The heating entity heats; tap water, pool and anti-legionella runs are idle for it.
    action_of={
        "heat": "heating",
        "active_cooling": "cooling",
        "passive_cooling": "cooling",
        "defrost": "defrosting",
        "hot_water": "idle",
        "pool": "idle",
        "anti_legionella": "idle",
        "manual_operation": "idle",
        "standby": "idle",
        "no_demand": "idle",
        "off": "off",
    },
)

WATER_HEATER: Final = WaterHeaterRoles(
    current=("input_tap_water_weighted_temperature", "input_tap_water_top_temperature"),
    target="holding_stop_temperature_tap_water",
    target_low="holding_start_temperature_tap_water",
)
