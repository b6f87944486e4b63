"""The register table: every row valid, and the table against the documents' fixtures.

The fixtures were written from Thermia's documents, independently of the table; each
lists what the documents say of every register of its model (`_documented`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
import json
from pathlib import Path
import re
from typing import Any

import pytest

from custom_components.nordic_heatpump.pumps.model import (
    UNIT_RULES,
    Category,
    Channel,
    Codec,
    Kind,
    Limits,
)
from custom_components.nordic_heatpump.pumps.thermia import registers
from custom_components.nordic_heatpump.pumps.thermia.register import Register, Space
from custom_components.nordic_heatpump.pumps.thermia.registers import (
    ALL_CHANNELS,
    DISPUTED_SCALES,
    INVERTER,
    MEGA,
    MODELS,
    OPTION_SETS,
    channels_for,
)
from custom_components.nordic_heatpump.pumps.thermia.table import (
    TableError,
    read_option_sets,
    read_table,
)

from ..simulators.thermia import fixture_path
from .table_rules import needless_overrides

TABLE_DIR = Path(registers.__file__).parent
COLUMNS = [
    "key",
    "kind",
    "space",
    "address",
    "type",
    "word_order",
    "scale",
    "no_sensor",
    "models",
    "unit",
    "device_class",
    "state_class",
    "precision",
    "options",
    "min",
    "max",
    "step",
    "range_source",
    "category",
    "enabled",
    "note",
]
# What each Modbus space holds: the kinds its rows may have, and the key prefix.
SPACE_KINDS = {
    Space.COIL: {Kind.TOGGLE, Kind.ACTION},
    Space.DISCRETE_INPUT: {Kind.FLAG},
    Space.INPUT: {Kind.MEASUREMENT, Kind.STATUS, Kind.COUNTER},
    Space.HOLDING: {Kind.SETTING, Kind.CHOICE},
}
KEY_PREFIX = {
    Space.COIL: "coil_",
    Space.DISCRETE_INPUT: "dinput_",
    Space.INPUT: "input_",
    Space.HOLDING: "holding_",
}
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
# Home Assistant device classes the rows may name for on/off values and readings.
FLAG_DEVICE_CLASSES = {"problem", "running"}
# What rows sharing a key may differ in (their models never overlap).
PER_MODEL_COLUMNS = {"models", "min", "max", "step", "range_source", "enabled", "note"}


def _rows() -> list[dict[str, str]]:
    with (TABLE_DIR / "registers.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == COLUMNS
        return list(reader)


ROWS = _rows()


def _by_key(model: str) -> dict[str, Channel[Register]]:
    return {channel.key: channel for channel in channels_for(model)}


# ---------------------------------------------------------------- the schema


def _problems(row: dict[str, str]) -> list[str]:  # noqa: C901, PLR0912 - one check per rule
    """What is wrong with one row of registers.csv, in words."""
    problems: list[str] = []
    key = row["key"]
    if row["kind"] not in set(Kind) or row["space"] not in set(Space):
        return [f"unknown kind {row['kind']!r} or space {row['space']!r}"]
    kind, space = Kind(row["kind"]), Space(row["space"])
    if not SNAKE_CASE.fullmatch(key) or key.endswith(("_msb", "_lsb")):
        problems.append("key is not snake_case without _msb/_lsb")
    if not key.startswith(KEY_PREFIX[space]):
        problems.append(f"key does not start with {KEY_PREFIX[space]}")
    if kind not in SPACE_KINDS[space]:
        problems.append(f"a {kind} cannot live in a {space} space")
    if not row["address"].isdigit():
        problems.append("address is not a natural number")
    if not row["models"].split() or not set(row["models"].split()) <= set(MODELS):
        problems.append(f"models {row['models']!r}")
    if row["enabled"] not in {"", "yes"}:
        problems.append("enabled is yes or blank")
    if row["category"] not in {"", *Category} or (
        kind.writable and row["category"] != Category.CONFIG
    ):
        problems.append("category unknown, or not config on a writable row")
    if space.is_bit:
        if any(row[column] for column in ("type", "word_order", "scale", "unit")):
            problems.append("a bit has no type, word order, scale or unit")
        if row["device_class"] not in {"", *FLAG_DEVICE_CLASSES}:
            problems.append(f"device class {row['device_class']!r} for a bit")
    else:
        if row["type"] not in {"int16", "uint16", "int32", "uint32"}:
            problems.append(f"type {row['type']!r}")
        if row["word_order"] not in ({"big", "little"} if "32" in row["type"] else {""}):
            problems.append("word order: big or little for, and only for, a 32-bit type")
        if not row["scale"] or not all(
            scale.isdigit() and int(scale) >= 1 for scale in row["scale"].split()
        ):
            problems.append(f"scale {row['scale']!r}")
        if row["unit"] not in {"", *UNIT_RULES}:
            problems.append(f"unit {row['unit']!r} has no rule in model.py")
    if (row["options"] != "") != (kind in {Kind.STATUS, Kind.CHOICE}):
        problems.append("options for, and only for, a status or a choice")
    if row["options"] not in {"", *OPTION_SETS}:
        problems.append(f"no option set {row['options']!r}")
    if (row["range_source"] != "") != (kind is Kind.SETTING):
        problems.append("a range with its source for, and only for, a setting")
    if not all(raw.isdigit() for raw in row["no_sensor"].split()):
        problems.append("no_sensor values are raw natural numbers")
    return problems + needless_overrides(row, kind, _scale(row))


def _scale(row: dict[str, str]) -> int:
    return int(row["scale"].split()[0]) if row["scale"][:1].isdigit() else 1


def test_every_row_is_valid() -> None:
    assert {row["key"]: _problems(row) for row in ROWS if _problems(row)} == {}


GOOD_ROW = next(row for row in ROWS if row["key"] == "input_outdoor_temperature")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "gauge"}, "unknown kind 'gauge' or space 'input'"),
        ({"key": "input_outdoor_temperature_msb"}, "key is not snake_case without _msb/_lsb"),
        ({"key": "holding_outdoor_temperature"}, "key does not start with input_"),
        ({"kind": "setting"}, "a setting cannot live in a input space"),
        ({"models": "mega atlas"}, "models 'mega atlas'"),
        ({"enabled": "no"}, "enabled is yes or blank"),
        ({"type": "float32"}, "type 'float32'"),
        ({"word_order": "little"}, "word order: big or little for, and only for, a 32-bit type"),
        ({"scale": "0"}, "scale '0'"),
        ({"unit": "°F"}, "unit '°F' has no rule in model.py"),
        ({"options": "demand"}, "options for, and only for, a status or a choice"),
        ({"range_source": "a guess"}, "a range with its source for, and only for, a setting"),
        ({"no_sensor": "-1"}, "no_sensor values are raw natural numbers"),
        ({"device_class": "temperature"}, "device_class says what the unit already implies"),
        ({"precision": "1"}, "precision says what the unit already implies"),
    ],
)
def test_the_schema_names_what_is_wrong(change: dict[str, str], problem: str) -> None:
    assert _problems(GOOD_ROW) == []
    assert problem in _problems({**GOOD_ROW, **change})


def test_rows_of_one_key_are_one_register_with_disjoint_models() -> None:
    by_key: dict[str, list[dict[str, str]]] = {}
    for row in ROWS:
        by_key.setdefault(row["key"], []).append(row)
    shared = {key: rows for key, rows in by_key.items() if len(rows) > 1}
    for key, rows in shared.items():
        models = [model for row in rows for model in row["models"].split()]
        assert len(models) == len(set(models)), key
        columns = set(COLUMNS) - PER_MODEL_COLUMNS
        assert len({tuple(row[column] for column in sorted(columns)) for row in rows}) == 1, key
    # The rows that differ per model: gear limits (b) and the Mega electric meter (c).
    assert sorted(shared) == sorted(
        [
            *(
                f"holding_{bound}_allowed_gear_in_{use}"
                for bound in ("minimum", "maximum")
                for use in ("heating", "tap_water", "pool", "cooling")
            ),
            "input_electric_meter_l1_power",
            "input_electric_meter_l2_power",
            "input_electric_meter_l3_power",
            "input_electric_meter_kwh_total",
        ]
    )


@pytest.mark.parametrize("model", MODELS)
def test_a_model_has_each_key_and_each_address_once(model: str) -> None:
    channels = channels_for(model)
    keys = [channel.key for channel in channels]
    assert len(keys) == len(set(keys))
    words = [
        (channel.where.space, channel.where.address + offset)
        for channel in channels
        for offset in range(channel.where.count)
    ]
    assert len(words) == len(set(words))


def test_counts_per_space() -> None:
    def keys(space: Space) -> set[str]:
        return {channel.key for channel in ALL_CHANNELS if channel.where.space is space}

    # The reference list's rows (a 32-bit pair is one key) plus what newer documents add.
    assert len(keys(Space.INPUT)) == 136 + 14
    assert len(keys(Space.DISCRETE_INPUT)) == 106 + 1
    assert len(keys(Space.COIL)) == 54 + 3
    assert len(keys(Space.HOLDING)) == 139 + 8
    assert [len(channels_for(model)) for model in MODELS] == [441, 352]


def test_writable_rows_are_safe() -> None:
    for channel in ALL_CHANNELS:
        assert channel.writable == channel.where.space.is_writable, channel.key
        if channel.kind is not Kind.SETTING:
            assert channel.limits is None, channel.key
            continue
        limits = channel.require_limits()
        assert limits.minimum < limits.maximum, channel.key
        assert limits.step > 0, channel.key
        assert limits.source, channel.key
        # Both ends are on the step grid and fit the register.
        assert limits.refusal(limits.minimum) is None, channel.key
        assert limits.refusal(limits.maximum) is None, channel.key
        channel.codec.encode(limits.minimum)
        channel.codec.encode(limits.maximum)


def test_readings_have_state_classes_that_fit_their_kind() -> None:
    for channel in ALL_CHANNELS:
        if channel.kind is Kind.COUNTER:
            assert channel.state_class == "total_increasing", channel.key
        elif channel.kind is Kind.MEASUREMENT:
            assert channel.state_class in {None, "measurement"}, channel.key
        else:
            assert channel.state_class is None, channel.key


def test_every_input_temperature_has_the_no_sensor_value() -> None:
    temperatures = [
        channel
        for channel in ALL_CHANNELS
        if channel.where.space is Space.INPUT and channel.unit == "°C"
    ]
    assert len(temperatures) == 57
    assert all(20000 in channel.codec.missing for channel in temperatures)


def test_enabled_by_default_is_a_curated_few() -> None:
    def enabled(model: str, *spaces: Space) -> list[str]:
        return sorted(
            channel.key
            for channel in channels_for(model)
            if channel.enabled_default and channel.where.space in spaces
        )

    readings = (Space.INPUT, Space.DISCRETE_INPUT)
    assert (len(enabled(INVERTER, *readings)), len(enabled(MEGA, *readings))) == (31, 25)
    # Of the readings both have, the Mega leaves only its electric meter off, which exists
    # only from v12 firmware.
    both = _by_key(MEGA).keys() & _by_key(INVERTER).keys()
    mega, inverter = set(enabled(MEGA, *readings)) & both, set(enabled(INVERTER, *readings)) & both
    assert sorted(inverter - mega) == [
        "input_electric_meter_kwh_total",
        "input_electric_meter_l1_power",
        "input_electric_meter_l2_power",
        "input_electric_meter_l3_power",
    ]
    assert mega <= inverter
    settings = enabled(MEGA, Space.COIL, Space.HOLDING)
    assert settings == enabled(INVERTER, Space.COIL, Space.HOLDING)
    assert settings == sorted(
        [
            "coil_enable_heat",
            "coil_enable_tap_water",
            "holding_operational_mode",
            "holding_comfort_wheel_setting",
            *(f"holding_set_point_heat_curve_y_{n}" for n in range(1, 8)),
            "holding_heating_season_stop_temperature",
            "holding_start_temperature_tap_water",
            "holding_stop_temperature_tap_water",
        ]
    )


# ---------------------------------------------------------- Thermia corrections


def test_energy_meter_row() -> None:
    energy = _by_key(INVERTER)["input_electric_meter_kwh_total"]
    assert (energy.where.address, energy.where.count, energy.codec.word_order) == (83, 2, "little")
    assert (energy.unit, energy.device_class, energy.state_class) == (
        "kWh",
        "energy",
        "total_increasing",
    )
    assert energy.codec.scale == 10
    assert not energy.codec.signed


def test_mega_electric_meter_is_disabled_by_default() -> None:
    meter = [key for key in _by_key(MEGA) if key.startswith("input_electric_meter_")]
    assert len(meter) == 14
    assert [key for key in meter if _by_key(MEGA)[key].enabled_default] == []
    assert [key for key in meter if _by_key(INVERTER)[key].enabled_default] == [
        "input_electric_meter_l1_power",
        "input_electric_meter_l2_power",
        "input_electric_meter_l3_power",
        "input_electric_meter_kwh_total",
    ]


GEAR_LIMITS = [
    f"holding_{bound}_allowed_gear_in_{use}"
    for bound in ("minimum", "maximum")
    for use in ("heating", "tap_water", "pool", "cooling")
]


@pytest.mark.parametrize("key", GEAR_LIMITS)
def test_gear_limits_allow_ten_gears_on_mega_only(key: str) -> None:
    mega = _by_key(MEGA)[key].require_limits()
    inverter = _by_key(INVERTER)[key].require_limits()
    assert (mega.minimum, mega.maximum, mega.step) == (1, 10, 1)
    assert (inverter.minimum, inverter.maximum, inverter.step) == (1, 9, 1)
    assert mega.refusal(10) is None
    assert inverter.refusal(10) == "out_of_range"
    assert _by_key(MEGA)[key].where == _by_key(INVERTER)[key].where


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("scale", [10, 100])
@pytest.mark.parametrize("raw", [2000, 20000])
def test_room_sensor_absent_at_either_scale(model: str, scale: int, raw: int) -> None:
    # Raw 2000 (200 °C at the documented /10) and 20000 both mean "no room sensor"; at /100
    # 2000 would otherwise be a made-up 20.0 °C.
    room = {
        channel.key: channel
        for channel in channels_for(model, {"input_room_temperature_sensor": scale})
    }["input_room_temperature_sensor"]
    assert room.codec.scale == scale
    assert room.decode([raw]) is None
    assert room.decode([215]) == 215 / scale


def test_disputed_scales_only_take_the_documented_alternatives() -> None:
    assert DISPUTED_SCALES == {
        "input_room_temperature_sensor": (10, 100),
        "input_mix_valve_cooling_opening_degree": (1, 100),
    }

    def room(scales: dict[str, int]) -> int:
        return _by_key_scaled(INVERTER, scales)["input_room_temperature_sensor"].codec.scale

    assert room({}) == 10
    assert room({"input_room_temperature_sensor": 100}) == 100
    assert room({"input_room_temperature_sensor": 7}) == 10
    # A scale for a channel nobody disputes is ignored.
    outdoor = _by_key_scaled(INVERTER, {"input_outdoor_temperature": 10})
    assert outdoor["input_outdoor_temperature"].codec.scale == 100


def _by_key_scaled(model: str, scales: dict[str, int]) -> dict[str, Channel[Register]]:
    return {channel.key: channel for channel in channels_for(model, scales)}


# ------------------------------------------------ the table against the fixtures

FIXTURE_KINDS = {
    "coils": Space.COIL,
    "discrete_inputs": Space.DISCRETE_INPUT,
    "input_registers": Space.INPUT,
    "holding_registers": Space.HOLDING,
}
ONLY_IN_TABLE = "only in the table"
ONLY_IN_FIXTURE = "only in the fixture"


@dataclass(frozen=True)
class Disagreement:
    """Where the table knowingly differs from what the fixture's documents say."""

    models: tuple[str, ...]
    space: Space
    addresses: tuple[int, ...]
    what: str
    why: str


KNOWN_DISAGREEMENTS = [
    Disagreement(
        MODELS,
        Space.COIL,
        (60, 61),
        ONLY_IN_TABLE,
        "current-limiter coils: v12/v13 print address 62/63 beside de facto 61/62; the "
        "table follows Genesis 17.1 (60/61), the fixtures the address column (notes §7)",
    ),
    Disagreement(MODELS, Space.COIL, (62, 63), ONLY_IN_FIXTURE, "the same two coils"),
    Disagreement(
        (MEGA,),
        Space.INPUT,
        (*range(69, 82), 83, 84),
        ONLY_IN_TABLE,
        "electric meter: v10 lists it for the inverter family only, the Mega fixture "
        "follows v10; v12 lists it for Mega (v12 firmware on), hence disabled by default",
    ),
    Disagreement(
        (MEGA,),
        Space.INPUT,
        (311, 312, 313),
        ONLY_IN_TABLE,
        "control software version: v12 adds it; the Mega fixture is a pump that answers "
        "only the older 57-59, which the client falls back to",
    ),
    Disagreement(
        (INVERTER,),
        Space.INPUT,
        (57, 58, 59),
        ONLY_IN_TABLE,
        "software version: v10 lists it for both, v13 drops it for the inverter family "
        "and the fixture follows v13; older inverter firmware still has it",
    ),
    Disagreement(
        (INVERTER,),
        Space.INPUT,
        (157, 158),
        ONLY_IN_TABLE,
        "thermal and electrical power: Genesis 17.1 only (renaatdb), not in v10-v13",
    ),
    Disagreement(
        (INVERTER,),
        Space.HOLDING,
        (124, 125),
        ONLY_IN_TABLE,
        "power consumption control and input power limit: Genesis 17.1 only (renaatdb)",
    ),
    Disagreement(
        (INVERTER,),
        Space.INPUT,
        (331, 332, 333, 334),
        ONLY_IN_TABLE,
        "daily energy and COP: undocumented, community findings (infradom)",
    ),
    Disagreement(
        (INVERTER,),
        Space.INPUT,
        (81,),
        "type",
        "meter value: int16 in the documents; a counter that only grows is read unsigned",
    ),
    Disagreement(
        MODELS,
        Space.INPUT,
        (127, 128),
        "unit",
        "pressures: the documents say bar(g) (gauge); Home Assistant's unit is bar",
    ),
    Disagreement(
        MODELS,
        Space.HOLDING,
        (5,),
        "unit",
        "comfort wheel: no unit in v12/v13; the table shows it in °C like the climate "
        "entity's target it drives",
    ),
]


def _documented(model: str) -> dict[tuple[Space, int], dict[str, Any]]:
    """What the fixture's documents say of each register of the model."""
    image = json.loads(fixture_path(model).read_text(encoding="utf-8"))
    documented: dict[tuple[Space, int], dict[str, Any]] = {}
    for kind, space in FIXTURE_KINDS.items():
        # Every register the simulator serves is described, and nothing else.
        assert set(image["_documented"][kind]) == set(image[kind]), kind
        for address, fields in image["_documented"][kind].items():
            documented[space, int(address)] = fields
    return documented


def _tabled(model: str) -> dict[tuple[Space, int], dict[str, Any]]:
    """The same description, made from the table's rows of the model."""
    tabled: dict[tuple[Space, int], dict[str, Any]] = {}
    for channel in channels_for(model):
        where, codec = channel.where, channel.codec
        for offset in range(where.count):
            if where.space.is_bit:
                fields: dict[str, Any] = {"type": "bool"}
            else:
                # A pair's halves are words of their own: unsigned unless the pair is signed.
                fields = {
                    "type": "int16" if codec.signed else "uint16",
                    "scale": codec.scale,
                    "unit": channel.unit or "",
                }
                if where.count == 2:  # a 32-bit pair
                    first = "msb" if codec.word_order == "big" else "lsb"
                    other = "lsb" if first == "msb" else "msb"
                    fields["half"] = first if offset == 0 else other
            tabled[where.space, where.address + offset] = fields
    return tabled


def _differences(model: str) -> set[tuple[Space, int, str]]:
    documented, tabled = _documented(model), _tabled(model)
    found = {(space, address, ONLY_IN_TABLE) for space, address in tabled.keys() - documented}
    found |= {(space, address, ONLY_IN_FIXTURE) for space, address in documented.keys() - tabled}
    for where in documented.keys() & tabled.keys():
        for field in documented[where].keys() | tabled[where].keys():
            if documented[where].get(field) != tabled[where].get(field):
                found.add((*where, field))
    return found


@pytest.mark.parametrize("model", MODELS)
def test_table_and_fixture_agree_both_ways(model: str) -> None:
    # Presence (the model set), address, type (sign), scale, unit and word order agree,
    # apart from the listed disagreements, each of which really occurs.
    expected = {
        (known.space, address, known.what)
        for known in KNOWN_DISAGREEMENTS
        if model in known.models
        for address in known.addresses
    }
    assert _differences(model) == expected


# ------------------------------------------------------------------ the loader

HEADER = ",".join(COLUMNS)
SENSOR = "input_t,measurement,input,13,int16,,100,20000,mega,°C,,,,,,,,,,yes,"
SETTING = "holding_s,setting,holding,3,int16,,100,,mega,°C,,,,,5,65,,doc,config,,"


def _load(*lines: str) -> tuple[Channel[Register], ...]:
    return read_table("\n".join((HEADER, *lines)), OPTION_SETS, MODELS).channels


def test_loader_builds_a_row_with_what_the_unit_implies() -> None:
    (sensor, setting) = _load(SENSOR, SETTING)
    assert sensor == Channel(
        key="input_t",
        kind=Kind.MEASUREMENT,
        where=Register(Space.INPUT, 13),
        codec=Codec(scale=100, missing=frozenset({20000})),
        models=frozenset({MEGA}),
        unit="°C",
        device_class="temperature",
        state_class="measurement",
        enabled_default=True,
        precision=1,
    )
    assert setting.limits == Limits(5, 65, 0.01, "doc")
    assert (setting.device_class, setting.state_class, setting.category) == (
        "temperature",
        None,
        Category.CONFIG,
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (SENSOR.replace("measurement", "gauge"), "'gauge' is not a valid Kind"),
        (SENSOR.replace(",13,", ",-1,"), "-1 is negative"),
        (SENSOR.replace("int16,", "float,"), "'float'"),
        (SENSOR.replace(",100,", ",0,"), "scale '0' is not one or more positive divisors"),
        (SENSOR.replace("int16,", "int16,big"), "a word order is given for, and only for"),
        (SENSOR.replace(",mega,", ",atlas,"), "models 'atlas' are not among"),
        (SENSOR.replace(",yes,", ",no,"), "enabled is 'yes' or blank, not 'no'"),
        (SENSOR.replace(",,,,,,,,,", ",,,,,1,,,,"), "only a setting has a range"),
        (SETTING.replace(",doc,", ",,"), "a setting needs min, max and range_source"),
        ("coil_c,toggle,coil,3,int16,,,,mega,,,,,,,,,,config,,", "a bit has no type"),
        (SENSOR + ",extra", "more cells than the header"),
    ],
)
def test_loader_refuses_a_row_it_cannot_read(line: str, message: str) -> None:
    with pytest.raises(TableError, match=re.escape(message)):
        _load(line)


def test_loader_refuses_a_key_twice_for_one_model() -> None:
    with pytest.raises(TableError, match="input_t twice for mega"):
        _load(SENSOR, SENSOR.replace(",13,", ",14,"))
    # Disjoint models are fine: that is how a row differs per model.
    assert len(_load(SENSOR, SENSOR.replace(",mega,", ",inverter,"))) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("set,raw,option\ndemand,1,a\ndemand,1,b", "raw 1 or option 'b' twice or blank"),
        ("set,raw,option\ndemand,x,a", "options line 2"),
        ("set,raw\ndemand,1", "options line 2: 'option'"),
    ],
)
def test_option_sets_refuse_what_they_cannot_read(text: str, message: str) -> None:
    with pytest.raises(TableError, match=re.escape(message)):
        read_option_sets(text)
