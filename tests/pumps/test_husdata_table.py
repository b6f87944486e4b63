"""The H1 id table: every row valid, the table against the reference, and the options.

`OPENHAB` and `ELSEWHERE` are the id lists of the reference (part B.6), `TYPE_DEFAULTS`
its data-type table (B.5, the H1 manual's column) and `SENTINELS` its special values
(B.9), typed from the document independently of ids.csv and types.py.
"""

from __future__ import annotations

import csv
from pathlib import Path
import re

import pytest

from custom_components.nordic_heatpump.pumps.husdata import ids
from custom_components.nordic_heatpump.pumps.husdata.ids import (
    CLIMATE,
    DEFAULT_PULSES_PER_KWH,
    PULSES_PER_KWH,
    ROWS,
    SCALE_DISPUTED,
    channels_for,
    scale_option,
)
from custom_components.nordic_heatpump.pumps.husdata.table import read_table
from custom_components.nordic_heatpump.pumps.husdata.types import TYPES, type_of
from custom_components.nordic_heatpump.pumps.model import UNIT_RULES, Category, Channel, Codec, Kind
from custom_components.nordic_heatpump.pumps.rego import registers as rego
from custom_components.nordic_heatpump.pumps.tables import TableError

from .table_rules import needless_overrides

COLUMNS = [
    "key",
    "id",
    "openhab",
    "kind",
    "scale",
    "no_sensor",
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
    "source",
]
OPENHAB = {
    0x0001: "sensorValues#radiatorReturn",
    0x0002: "sensorValues#radiatorForward",
    0x0003: "sensorValues#heatFluidIn",
    0x0004: "sensorValues#heatFluidOut",
    0x0005: "sensorValues#coldFluidIn",
    0x0006: "sensorValues#coldFluidOut",
    0x0007: "sensorValues#outdoor",
    0x0008: "sensorValues#indoor",
    0x0009: "sensorValues#hotWater",
    0x000A: "sensorValues#externalHotWater",
    0x000B: "sensorValues#compressor",
    0x000E: "sensorValues#airIntake",
    0x0011: "sensorValues#pool",
    0x3104: "controlData#addHeatPowerPercent",
    0x5104: "controlData#addHeatPowerEnergy",
    0x0107: "controlData#radiatorReturnTarget",
    0x2108: "controlData#compressorSpeed",
    0x1A01: "deviceValues#compressor",
    0x1A04: "deviceValues#coldFluidPump",
    0x1A05: "deviceValues#heatFluidPump",
    0x1A06: "deviceValues#radiatorPump",
    0x1A07: "deviceValues#switchValve",
    0x1A08: "deviceValues#switchValve2",
    0x1A09: "deviceValues#fan",
    0x1A0A: "deviceValues#highPressostat",
    0x1A0B: "deviceValues#lowPressostat",
    0x1A0C: "deviceValues#heatingCable",
    0x1A0D: "deviceValues#crankCaseHeater",
    0x1A20: "deviceValues#alarm",
    0xAFF1: "deviceValues#elMeter1",
    0xAFF2: "deviceValues#elMeter2",
    0x0203: "settings#indoorTempSetting",
    0x2204: "settings#curveInflByInTemp",
    0x0205: "settings#heatCurve",
    0x0206: "settings#heatCurve2",
    0x0207: "settings#heatCurveFineAdj",
}
"""B.6: the ids openHAB maps, and their channels."""
ELSEWHERE = {
    **dict.fromkeys(
        (0x0020, 0x0021, 0x1A21, 0x0111, 0x0120, 0x0217, 0x0219, 0x0222, 0x0223),
        "stampzilla/H60",
    ),
    **dict.fromkeys((0x2213, 0x2233, 0x2234, 0x6209), "stampzilla/H60"),
    **dict.fromkeys((0x5C52, 0x5C53, 0x5C55, 0x5C56, 0x5C58, 0x5C59), "stampzilla/H60"),
    0x2201: "epideme",
    0x2205: "Husdata H60 firmware",
}
"""B.6 "other ids seen elsewhere", and pitfall 10's 2205, with the source naming each."""
TYPE_DEFAULTS = {
    # digit: (default scale, signed, default unit)
    0x0: (10, True, "°C"),
    0x1: (1, True, ""),
    0x2: (10, True, ""),
    0x3: (10, True, "%"),
    0x4: (10, True, "A"),
    0x5: (10, True, "kWh"),
    0x6: (1, False, "h"),
    0x7: (1, False, "min"),
    0x8: (1, True, ""),
    0x9: (1, True, "kW"),
    0xA: (1, False, "kWh"),
}
"""B.5, the H1 manual's column; counters (6, 7, A) unsigned as reference C asks."""
SENTINELS = {-32768, -8531, 32758}
"""0x8000, 0xDEAD and 0x7FF6 as signed numbers (B.9)."""
REGO_NO_SENSOR = -483
TEMPERATURE_UNITS = {"°C", "K"}
FLAG_DEVICE_CLASSES = {"power", "problem", "running"}
HEX4 = re.compile(r"[0-9A-F]{4}")


def _csv_rows() -> list[dict[str, str]]:
    path = Path(ids.__file__).parent / "ids.csv"
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == COLUMNS
        return list(reader)


CSV_ROWS = _csv_rows()
CHANNELS = channels_for()
BY_ID = {channel.where: channel for channel in CHANNELS.values()}
REGO_KEYS = {row.openhab: row.channel.key for row in rego.ROWS}
"""The Rego family's key of each openHAB channel: Husdata uses the same."""


def snake(name: str) -> str:
    """An openHAB channel name in snake_case."""
    words = re.findall(r"\d+|[A-Z]?[a-z]+", name)
    assert "".join(words) == name, name
    return "_".join(word.lower() for word in words)


def _raw(value: int) -> list[int]:
    """A signed number as the 16-bit word an XR line carries."""
    return [value & 0xFFFF]


# ---------------------------------------------------------------- the schema


def _problems(row: dict[str, str]) -> list[str]:  # noqa: C901, PLR0912 - one check per rule
    """What is wrong with one row of ids.csv, in words."""
    if not HEX4.fullmatch(row["id"]) or row["kind"] not in set(Kind):
        return [f"id {row['id']!r} is not 4 hex digits, or kind {row['kind']!r} unknown"]
    id_, kind = int(row["id"], 16), Kind(row["kind"])
    problems: list[str] = []
    if row["openhab"]:
        name = row["openhab"].partition("#")[2]
        if row["key"] != REGO_KEYS.get(row["openhab"], snake(name)):
            problems.append("key is not Rego's for its openHAB channel, or its name in snake_case")
        if row["enabled"] != "yes" or row["source"] != "openHAB":
            problems.append("an openHAB id is enabled and names openHAB")
    elif row["enabled"] or not row["source"]:
        problems.append("an id openHAB does not map is disabled and names its source")
    digit = id_ >> 12
    if (kind is Kind.FLAG) != (digit == 0x1):
        problems.append("a flag is type 1 and type 1 a flag")
    if (digit == 0xA) != (kind is Kind.COUNTER and row["unit"] == "kWh" and not row["scale"]):
        problems.append("a pulse counter (type A) is a kWh counter scaled by the option")
    if kind is Kind.FLAG:
        if any(row[column] for column in ("scale", "no_sensor", "unit")):
            problems.append("a flag has no scale, no_sensor or unit")
        if row["device_class"] not in {"", *FLAG_DEVICE_CLASSES}:
            problems.append(f"device class {row['device_class']!r} for a flag")
    elif row["unit"] not in {"", *UNIT_RULES}:
        problems.append(f"unit {row['unit']!r} has no rule in model.py")
    if digit == 0x0 and row["unit"] not in {"", *TEMPERATURE_UNITS}:
        problems.append("a type-0 value is in °C, K or none (never angle degrees)")
    if row["category"] == Category.CONFIG:
        problems.append("nothing is writable: a setting is diagnostic")
    if row["openhab"].startswith("settings#") and row["category"] != Category.DIAGNOSTIC:
        problems.append("a setting is diagnostic")
    if any(row[column] for column in ("options", "min", "max", "step", "range_source")):
        problems.append("an H1 row has no options and no range")
    scale = int(row["scale"]) if row["scale"].isdigit() else TYPE_DEFAULTS[digit][0]
    return problems + needless_overrides(row, kind, scale)


def test_every_row_is_valid() -> None:
    assert {row["key"]: _problems(row) for row in CSV_ROWS if _problems(row)} == {}


GOOD = next(row for row in CSV_ROWS if row["key"] == "outdoor")
EXTRA = next(row for row in CSV_ROWS if row["key"] == "indoor_2")


@pytest.mark.parametrize(
    ("row", "change", "problem"),
    [
        (GOOD, {"id": "7"}, "id '7' is not 4 hex digits"),
        (GOOD, {"kind": "gauge"}, "id '0007' is not 4 hex digits, or kind 'gauge' unknown"),
        (GOOD, {"key": "outdoor_temperature"}, "key is not Rego's for its openHAB channel"),
        (GOOD, {"enabled": ""}, "an openHAB id is enabled and names openHAB"),
        (EXTRA, {"enabled": "yes"}, "an id openHAB does not map is disabled"),
        (EXTRA, {"source": ""}, "an id openHAB does not map is disabled"),
        (GOOD, {"id": "1007"}, "a flag is type 1 and type 1 a flag"),
        (GOOD, {"id": "A007"}, "a pulse counter (type A) is a kWh counter"),
        (GOOD, {"unit": "°"}, "unit '°' has no rule in model.py"),
        (GOOD, {"unit": "%"}, "a type-0 value is in °C, K or none"),
        (GOOD, {"category": "config"}, "nothing is writable: a setting is diagnostic"),
        (GOOD, {"min": "1"}, "an H1 row has no options and no range"),
        (GOOD, {"device_class": "temperature"}, "device_class says what the unit already implies"),
    ],
)
def test_the_schema_names_what_is_wrong(
    row: dict[str, str], change: dict[str, str], problem: str
) -> None:
    assert _problems(row) == []
    assert any(found.startswith(problem) for found in _problems({**row, **change}))


def test_a_flag_has_only_flag_device_classes_and_no_number_columns() -> None:
    alarm = next(row for row in CSV_ROWS if row["key"] == "alarm")
    assert _problems(alarm) == []
    assert _problems({**alarm, "device_class": "heat"}) == ["device class 'heat' for a flag"]
    assert _problems({**alarm, "scale": "10"}) == ["a flag has no scale, no_sensor or unit"]


def test_a_setting_is_diagnostic() -> None:
    setting = next(row for row in CSV_ROWS if row["key"] == "heat_curve")
    assert _problems({**setting, "category": ""}) == ["a setting is diagnostic"]


# ------------------------------------------------ the table against the reference


def test_every_openhab_id_is_a_row_with_its_channel() -> None:
    tabled = {row.id: row.openhab for row in ROWS if row.openhab}
    assert tabled == OPENHAB


def test_every_other_id_is_a_row_naming_its_source() -> None:
    assert {row.id: row.source for row in ROWS if not row.openhab} == ELSEWHERE
    assert len(ROWS) == len(OPENHAB) + len(ELSEWHERE) == 57


def test_keys_shared_with_rego_are_those_of_the_same_openhab_channel() -> None:
    shared = {row.channel.key: row.openhab for row in ROWS if row.openhab in REGO_KEYS}
    assert len(shared) == 24
    assert all(REGO_KEYS[openhab] == key for key, openhab in shared.items())
    # Ids openHAB does not map never take a Rego key.
    rego_keys = set(REGO_KEYS.values())
    assert [
        row.channel.key for row in ROWS if not row.openhab and row.channel.key in rego_keys
    ] == []


def test_enabled_by_default_are_the_openhab_ids() -> None:
    assert {c.where for c in CHANNELS.values() if c.enabled_default} == set(OPENHAB)


# ------------------------------------------------------------- the data types


def test_the_types_are_those_of_the_h1_manual() -> None:
    assert {
        digit: (data_type.scale, data_type.signed, data_type.unit)
        for digit, data_type in TYPES.items()
    } == TYPE_DEFAULTS
    assert [digit for digit, data_type in TYPES.items() if data_type.disputed] == [0x2, 0x8, 0x9]
    assert {digit for digit, data_type in TYPES.items() if data_type.kind is Kind.COUNTER} == {
        0x5,
        0x6,
        0x7,
        0xA,
    }
    assert TYPES[0x1].kinds == (Kind.FLAG,)
    assert TYPES[0xA].kinds == (Kind.COUNTER,)


def test_signed_types_have_the_sentinels_and_counters_none() -> None:
    for digit, data_type in TYPES.items():
        if digit == 0x0:
            assert data_type.missing == {*SENTINELS, REGO_NO_SENSOR}
        elif data_type.signed and digit != 0x1:
            assert data_type.missing == SENTINELS, digit
        else:
            assert data_type.missing == frozenset(), digit


def test_an_undefined_type_digit_is_refused() -> None:
    assert type_of(0xAFF1) is TYPES[0xA]
    with pytest.raises(ValueError, match="type digit B of id B001 is not an H1 data type"):
        type_of(0xB001)


def test_rows_without_a_scale_take_their_types_scale_and_sign() -> None:
    for row in CSV_ROWS:
        channel = CHANNELS[row["key"]]
        scale, signed, _unit = TYPE_DEFAULTS[channel.where >> 12]
        if channel.kind is Kind.FLAG:
            assert channel.codec == Codec(), channel.key
            continue
        if channel.where >> 12 == 0xA:
            scale = DEFAULT_PULSES_PER_KWH
        expected = int(row["scale"]) if row["scale"] else scale
        assert (channel.codec.scale, channel.codec.signed) == (expected, signed), channel.key


def test_rows_with_their_own_scale() -> None:
    own = {row["key"]: int(row["scale"]) for row in CSV_ROWS if row["scale"]}
    assert own == {
        "hot_water_program": 1,
        "external_control": 1,
        "external_control_2": 1,
        "supplied_energy_heating": 100,
        "supplied_energy_hot_water": 100,
        "compressor_energy_heating": 1000,
        "compressor_energy_hot_water": 1000,
        "aux_energy_heating": 1000,
        "aux_energy_hot_water": 1000,
    }


# ------------------------------------------------------------- what rows mean


def test_temperatures_are_degrees_celsius_and_decode_negatives() -> None:
    temperatures = [c for c in CHANNELS.values() if c.unit == "°C"]
    assert len(temperatures) == 13 + 2 + 5
    for channel in temperatures:
        assert channel.where >> 12 == 0x0, channel.key
        assert (channel.device_class, channel.precision) == ("temperature", 1), channel.key
        # -52.1 °C arrives as FDF7 (65015 unsigned, pitfall 11).
        assert channel.decode([0xFDF7]) == -52.1, channel.key
        assert channel.decode([0x00D2]) == 21.0, channel.key


def test_no_sensor_values_decode_to_unknown() -> None:
    indoor = CHANNELS["indoor"]
    for raw in (0x8000, 0xDEAD, 0x7FF6, 0xFE1D):
        assert indoor.decode([raw]) is None, hex(raw)
    assert indoor.decode([0x7FF5]) == 3275.7
    # -483 means "no sensor" for a temperature only; a percentage of -48.3 is a value.
    percent = CHANNELS["add_heat_power_percent"]
    assert [percent.decode([raw]) for raw in (0x8000, 0xDEAD, 0x7FF6)] == [None, None, None]
    assert percent.decode(_raw(REGO_NO_SENSOR)) == -48.3


def test_counters_are_unsigned_and_count_through_the_sentinels() -> None:
    meter = CHANNELS["el_meter_1"]
    assert meter.decode([0x8000]) == 32.768
    assert meter.decode([0xDEAD]) == 57.005
    assert meter.decode([0x7FF6]) == 32.758
    extra_hot_water = CHANNELS["extra_hot_water"]
    assert extra_hot_water.decode([0x8000]) == 32768
    assert (extra_hot_water.unit, extra_hot_water.state_class) == ("h", "measurement")


def test_flags_read_their_bit() -> None:
    flags = [c for c in CHANNELS.values() if c.kind is Kind.FLAG]
    assert len(flags) == 13
    for channel in flags:
        assert channel.where >> 12 == 0x1, channel.key
        assert (channel.decode([1]), channel.decode([0])) == (True, False), channel.key


def test_el_meters_are_energy_for_the_energy_panel() -> None:
    for key in ("el_meter_1", "el_meter_2"):
        meter = CHANNELS[key]
        assert (meter.kind, meter.unit, meter.device_class, meter.state_class) == (
            Kind.COUNTER,
            "kWh",
            "energy",
            "total_increasing",
        )
        assert meter.precision == 2
        assert meter.codec == Codec(scale=1000, signed=False)
    assert CHANNELS["el_meter_1"].decode([40000]) == 40.0
    assert channels_for({PULSES_PER_KWH: 500})["el_meter_1"].decode([40000]) == 80.0
    assert channels_for({PULSES_PER_KWH: 500})["el_meter_2"].precision == 2
    # A form may hand the number over as text or a float.
    assert channels_for({PULSES_PER_KWH: "800"})["el_meter_2"].decode([40000]) == 50.0
    assert channels_for({PULSES_PER_KWH: 800.0})["el_meter_2"].decode([40000]) == 50.0


def test_register_104_is_power_not_an_energy_total() -> None:
    power = CHANNELS["add_heat_power_energy"]
    assert (power.kind, power.unit, power.device_class, power.state_class) == (
        Kind.MEASUREMENT,
        "kW",
        "power",
        "measurement",
    )
    assert power.decode([45]) == 4.5
    assert "energy panel" in power.note
    percent = CHANNELS["add_heat_power_percent"]
    assert (percent.unit, percent.decode([455])) == ("%", 45.5)


def test_rego_1000_energies_are_single_source_and_disabled() -> None:
    energies = {c.key: c for c in CHANNELS.values() if c.where >> 8 == 0x5C}
    assert {c.where: c.codec.scale for c in energies.values()} == {
        0x5C52: 100,
        0x5C53: 100,
        0x5C55: 1000,
        0x5C56: 1000,
        0x5C58: 1000,
        0x5C59: 1000,
    }
    for channel in energies.values():
        assert (channel.unit, channel.state_class, channel.enabled_default) == (
            "kWh",
            "total_increasing",
            False,
        )
        assert "only stampzilla" in channel.note
    assert energies["supplied_energy_heating"].decode([12345]) == 123.45
    assert energies["compressor_energy_heating"].decode([12345]) == 12.345


def test_settings_are_read_only_diagnostic_sensors() -> None:
    settings = {row.channel.key: row.channel for row in ROWS if row.openhab.startswith("settings#")}
    assert sorted(settings) == sorted(
        [
            "indoor_temp_setting",
            "curve_infl_by_in_temp",
            "heat_curve",
            "heat_curve_2",
            "heat_curve_fine_adj",
        ]
    )
    for channel in settings.values():
        assert channel.kind is Kind.MEASUREMENT, channel.key
        assert not channel.writable, channel.key
        assert channel.category is Category.DIAGNOSTIC, channel.key
    assert not any(c.writable or c.category is Category.CONFIG for c in CHANNELS.values())
    # The heat curve is a number, never angle degrees (pitfall 12).
    assert (settings["heat_curve"].unit, settings["heat_curve"].decode([45])) == (None, 4.5)
    assert settings["heat_curve_fine_adj"].unit == "K"


def test_the_climate_roles_point_at_the_room_and_the_compressor() -> None:
    assert CLIMATE.mode is None
    assert CHANNELS[CLIMATE.target].where == 0x0203
    assert CLIMATE.current is not None
    assert CHANNELS[CLIMATE.current].where == 0x0008
    assert CHANNELS[CLIMATE.current].unit == CHANNELS[CLIMATE.target].unit == "°C"
    assert CLIMATE.running is not None
    assert CHANNELS[CLIMATE.running].where == 0x1A01
    assert CHANNELS[CLIMATE.running].kind is Kind.FLAG


# ------------------------------------------------------- scale overrides


def test_the_disputed_ids_are_the_type_2_8_9_ids_in_table_order() -> None:
    assert SCALE_DISPUTED == (0x2108, 0x2204, 0x2213, 0x2233, 0x2234, 0x2201, 0x2205)
    assert [row.id for row in ROWS if row.id >> 12 in {0x2, 0x8, 0x9}] == list(SCALE_DISPUTED)
    assert scale_option(0x2204) == "scale_2204"
    assert scale_option(0x000A) == "scale_000A"


def test_a_scale_override_changes_the_value_of_a_disputed_id() -> None:
    raw = [0x0019]  # 25
    assert CHANNELS["curve_infl_by_in_temp"].decode(raw) == 2.5
    as_is = channels_for({scale_option(0x2204): 1})
    assert as_is["curve_infl_by_in_temp"].decode(raw) == 25
    assert CHANNELS["hot_water_program"].decode(raw) == 25
    tenths = channels_for({scale_option(0x2213): "10"})
    assert tenths["hot_water_program"].decode(raw) == 2.5
    # Only the codec's scale changes; the other ids stay as they were.
    changed = {key for key, channel in as_is.items() if channel != CHANNELS[key]}
    assert changed == {"curve_infl_by_in_temp"}
    assert as_is["curve_infl_by_in_temp"].codec == Codec(
        scale=1, missing=CHANNELS["curve_infl_by_in_temp"].codec.missing
    )
    # The table's own scale given again changes nothing.
    assert channels_for({scale_option(0x2204): 10}) == CHANNELS


def test_a_scale_option_of_an_undisputed_id_is_ignored() -> None:
    assert channels_for({scale_option(0x0007): 1}) == CHANNELS
    assert channels_for({}) == channels_for(None) == CHANNELS


def test_an_override_changes_the_precision_the_unit_implies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = "\n".join(
        (
            ",".join(COLUMNS),
            "power,9001,,measurement,,,kW,,,,,,,,,,,,test",
            "fixed,9002,,measurement,,,kW,,,1,,,,,,,,,test",
        )
    )
    monkeypatch.setattr(ids, "ROWS", read_table(table))
    assert channels_for()["power"].precision == 0
    tenths = channels_for({scale_option(0x9001): 10, scale_option(0x9002): 10})
    assert (tenths["power"].precision, tenths["power"].decode([25])) == (1, 2.5)
    assert (tenths["fixed"].precision, tenths["fixed"].decode([25])) == (1, 2.5)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({scale_option(0x2204): 100}, "option scale_2204 is 100, not one of (1, 10)"),
        ({scale_option(0x2204): "ten"}, "option scale_2204 is 'ten', not a whole number"),
        ({scale_option(0x2204): True}, "option scale_2204 is True, not a whole number"),
        ({scale_option(0x2204): None}, "option scale_2204 is None, not a whole number"),
        ({PULSES_PER_KWH: 0}, "option pulses_per_kwh is 0, not a positive whole number"),
        ({PULSES_PER_KWH: 0.5}, "option pulses_per_kwh is 0.5, not a whole number"),
    ],
)
def test_an_option_that_is_not_a_scale_is_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        channels_for(options)


# ------------------------------------------------------------------ the loader

HEADER = ",".join(COLUMNS)
SENSOR = "t,0007,sensorValues#t,measurement,,,°C,,,,,,,,,,yes,,openHAB"
FLAG = "f,1A01,,flag,,,,running,,,,,,,,,,,stampzilla/H60"
METER = "m,AFF1,deviceValues#m,counter,,,kWh,,,2,,,,,,,yes,,openHAB"


def _load(*lines: str) -> tuple[Channel[int], ...]:
    return tuple(row.channel for row in read_table("\n".join((HEADER, *lines))))


def test_loader_builds_rows_from_the_type_and_what_the_unit_implies() -> None:
    sensor, flag, meter = _load(SENSOR, FLAG, METER)
    assert sensor == Channel(
        key="t",
        kind=Kind.MEASUREMENT,
        where=0x0007,
        codec=Codec(scale=10, missing=frozenset({*SENTINELS, REGO_NO_SENSOR})),
        unit="°C",
        device_class="temperature",
        state_class="measurement",
        enabled_default=True,
        precision=1,
    )
    assert flag == Channel(key="f", kind=Kind.FLAG, where=0x1A01, device_class="running")
    assert meter.codec == Codec(scale=DEFAULT_PULSES_PER_KWH, signed=False)
    (row,) = read_table(f"{HEADER}\n{SENSOR}")
    assert (row.id, row.openhab, row.source, row.type, row.precision) == (
        0x0007,
        "sensorValues#t",
        "openHAB",
        TYPES[0x0],
        None,
    )


def test_loader_reads_a_rows_own_no_sensor_values() -> None:
    (sensor,) = _load(_with(SENSOR, no_sensor="-483 -1"))
    assert sensor.codec.missing == {-483, -1}
    assert sensor.decode(_raw(-1)) is None
    assert sensor.decode([0x8000]) == -3276.8


def _with(line: str, **cells: str) -> str:
    """A table line with some cells changed, by column name."""
    values = line.split(",")
    for column, value in cells.items():
        values[COLUMNS.index(column)] = value
    return ",".join(values)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (_with(SENSOR, id="7"), "id '7' is not 4 upper-case hex digits"),
        (_with(SENSOR, id="000a"), "id '000a' is not 4 upper-case hex digits"),
        (_with(SENSOR, id="F007"), "type digit F of id F007 is not an H1 data type"),
        (_with(SENSOR, kind="gauge"), "'gauge' is not a valid Kind"),
        (_with(SENSOR, kind="setting"), "an H1 channel is not a setting"),
        (_with(SENSOR, kind="flag"), "a type 0 (degrees) id is not a flag"),
        (_with(FLAG, kind="measurement"), "a type 1 (on/off) id is not a measurement"),
        (_with(METER, kind="measurement"), "a type A (pulses) id is not a measurement"),
        (_with(SENSOR, unit="°"), "unit '°' is not one of type 0"),
        (_with(METER, unit=""), "unit '' is not one of type A"),
        (_with(SENSOR, options="error"), "an H1 channel has no options"),
        (_with(SENSOR, category="config"), "a setting is diagnostic, not config"),
        (_with(SENSOR, openhab="t"), "openhab 't' is not a group#channel name"),
        (_with(SENSOR, source=""), "every id names its source"),
        (_with(FLAG, scale="10"), "a flag has no scale or no-sensor value"),
        (_with(FLAG, no_sensor="-1"), "a flag has no scale or no-sensor value"),
        (_with(METER, scale="100"), "a pulse counter's scale is the pulses-per-kWh option"),
        (_with(SENSOR, scale="0"), "scale '0' is not a positive divisor"),
        (_with(SENSOR, scale="x"), "invalid literal for int()"),
        (_with(SENSOR, enabled="no"), "enabled is 'yes' or blank, not 'no'"),
        (_with(SENSOR, min="1"), "only a setting has a range"),
        (SENSOR + ",extra", "more cells than the header"),
    ],
)
def test_loader_names_a_row_it_cannot_read(line: str, message: str) -> None:
    with pytest.raises(TableError, match=re.escape(message)):
        _load(line)


def test_loader_names_the_line_and_key_of_a_broken_row() -> None:
    with pytest.raises(TableError, match=re.escape("ids line 3 (f): a type 1 (on/off) id")):
        _load(SENSOR, _with(FLAG, kind="measurement"))


def test_loader_refuses_a_key_or_an_id_twice() -> None:
    with pytest.raises(TableError, match="ids line 3: key t or id 0008 twice"):
        _load(SENSOR, _with(SENSOR, id="0008"))
    with pytest.raises(TableError, match="ids line 3: key u or id 0007 twice"):
        _load(SENSOR, _with(SENSOR, key="u"))
