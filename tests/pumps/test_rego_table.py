"""The Rego 6xx register table: every row valid, and the table against the register map.

`REFERENCE` is the register map of the reference (openHAB's RegoRegisterMapper.REGO600,
reference part A.7), typed from the document independently of registers.csv; A.8 gives
how each group moves on Rego 636.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from custom_components.nordic_heatpump.pumps.model import (
    UNIT_RULES,
    Category,
    Channel,
    Codec,
    Kind,
    Limits,
)
from custom_components.nordic_heatpump.pumps.rego import registers
from custom_components.nordic_heatpump.pumps.rego.frames import Command
from custom_components.nordic_heatpump.pumps.rego.register import RegoRegister
from custom_components.nordic_heatpump.pumps.rego.registers import (
    CLIMATE,
    CONTROL_DATA_636,
    ERROR_LOG,
    LAYOUT_600,
    LAYOUT_636,
    LAYOUTS,
    OPTION_SETS,
    ROWS,
    SHIFTED,
    UNSHIFTED,
    channels_for,
)
from custom_components.nordic_heatpump.pumps.rego.table import read_table
from custom_components.nordic_heatpump.pumps.tables import TableError, read_option_sets

from ..simulators.rego import FIXTURE
from .table_rules import needless_overrides

COLUMNS = [
    "key",
    "openhab",
    "kind",
    "command",
    "address",
    "address_636",
    "type",
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
]
NO_SENSOR = -483
"""What the controller sends for a temperature sensor that is not fitted (A.13)."""
# What each read command answers with: the kinds its rows may have.
COMMAND_KINDS = {
    "0x00": {Kind.FLAG},
    "0x02": {Kind.MEASUREMENT, Kind.COUNTER, Kind.FLAG, Kind.SETTING},
    "0x40": {Kind.STATUS, Kind.TIMESTAMP},
}
NUMBER_KINDS = {Kind.MEASUREMENT, Kind.COUNTER, Kind.SETTING}
FLAG_DEVICE_CLASSES = {"power", "problem", "running"}
TEMPERATURE_UNITS = {"°C", "K"}
COLLISIONS = {
    "sensorValues#compressor": "compressor_temp",
    "deviceValues#compressor": "compressor_state",
}
"""Two groups name a channel "compressor": each takes the suffix of its openHAB channel
type (compressorTemp, compressorState)."""
HEX = re.compile(r"0x[0-9A-F]{2,4}")


def _rows() -> list[dict[str, str]]:
    path = registers.Path(registers.__file__).parent / "registers.csv"
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == COLUMNS
        return list(reader)


CSV_ROWS = _rows()


def snake(name: str) -> str:
    """An openHAB channel name in snake_case: words, capitalised runs, numbers with a unit."""
    words = re.findall(r"\d+kW|\d+|[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+", name)
    assert "".join(words) == name, name
    return "_".join(word.lower() for word in words)


def key_of(openhab: str) -> str:
    """The key a channel of openHAB's binding has: its name in snake_case, or the
    disambiguated name where two groups share it."""
    return COLLISIONS.get(openhab, snake(openhab.partition("#")[2]))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("radiatorReturn", "radiator_return"),
        ("heatCurve2FineAdj", "heat_curve_2_fine_adj"),
        ("adjCurveAtMinus35", "adj_curve_at_minus_35"),
        ("adjCurveAt0", "adj_curve_at_0"),
        ("additionalHeat3kW", "additional_heat_3kw"),
        ("heatPumpInOperationRAD", "heat_pump_in_operation_rad"),
    ],
)
def test_keys_are_openhab_names_in_snake_case(name: str, key: str) -> None:
    assert snake(name) == key


# ---------------------------------------------------------------- the schema


def _problems(row: dict[str, str]) -> list[str]:  # noqa: C901, PLR0912 - one check per rule
    """What is wrong with one row of registers.csv, in words."""
    problems: list[str] = []
    if row["kind"] not in set(Kind) or row["command"] not in COMMAND_KINDS:
        return [f"unknown kind {row['kind']!r} or command {row['command']!r}"]
    kind = Kind(row["kind"])
    if row["key"] != key_of(row["openhab"]):
        problems.append(f"key is not {key_of(row['openhab'])} (from {row['openhab']})")
    if kind not in COMMAND_KINDS[row["command"]]:
        problems.append(f"a {kind} is not read with command {row['command']}")
    addresses = [row["address"], *row["address_636"].split()]
    if not all(HEX.fullmatch(address) for address in addresses):
        problems.append("addresses are hexadecimal (0x…)")
    if row["enabled"] not in {"", "yes"}:
        problems.append("enabled is yes or blank")
    if row["category"] not in {"", *Category} or (
        kind.writable != (row["category"] == Category.CONFIG)
    ):
        problems.append("category unknown, or config for other than a setting")
    if kind in NUMBER_KINDS:
        if row["type"] not in {"int16", "uint16"} or not row["scale"].isdigit():
            problems.append("a number has a type (int16 or uint16) and a scale")
        if (row["type"] == "uint16") != (kind is Kind.COUNTER):
            problems.append("unsigned for, and only for, a counter")
        if row["unit"] not in {"", *UNIT_RULES}:
            problems.append(f"unit {row['unit']!r} has no rule in model.py")
        if (row["unit"] in TEMPERATURE_UNITS) != (row["no_sensor"] == str(NO_SENSOR)):
            problems.append(f"{NO_SENSOR} for, and only for, every temperature")
    elif any(row[column] for column in ("type", "scale", "no_sensor", "unit")):
        problems.append("a flag, status or moment has no type, scale, no_sensor or unit")
    if kind is Kind.FLAG and row["device_class"] not in {"", *FLAG_DEVICE_CLASSES}:
        problems.append(f"device class {row['device_class']!r} for a flag")
    if (row["options"] != "") != (kind is Kind.STATUS):
        problems.append("options for, and only for, a status")
    if row["options"] not in {"", *OPTION_SETS}:
        problems.append(f"no option set {row['options']!r}")
    if (row["range_source"] != "") != (kind is Kind.SETTING):
        problems.append("a range with its source for, and only for, a setting")
    return problems + needless_overrides(row, kind, _scale(row))


def _scale(row: dict[str, str]) -> int:
    return int(row["scale"]) if row["scale"].isdigit() else 1


def test_every_row_is_valid() -> None:
    assert {row["key"]: _problems(row) for row in CSV_ROWS if _problems(row)} == {}


GOOD_ROW = next(row for row in CSV_ROWS if row["key"] == "outdoor")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "gauge"}, "unknown kind 'gauge' or command '0x02'"),
        ({"command": "0x03"}, "unknown kind 'measurement' or command '0x03'"),
        ({"key": "outdoor_temperature"}, "key is not outdoor (from sensorValues#outdoor)"),
        ({"command": "0x40"}, "a measurement is not read with command 0x40"),
        ({"address_636": "524"}, "addresses are hexadecimal (0x…)"),
        ({"enabled": "no"}, "enabled is yes or blank"),
        ({"category": "config"}, "category unknown, or config for other than a setting"),
        ({"category": "setting"}, "category unknown, or config for other than a setting"),
        ({"type": "float"}, "a number has a type (int16 or uint16) and a scale"),
        ({"type": "uint16"}, "unsigned for, and only for, a counter"),
        ({"unit": "°F"}, "unit '°F' has no rule in model.py"),
        ({"no_sensor": ""}, "-483 for, and only for, every temperature"),
        ({"kind": "flag", "command": "0x00"}, "a flag, status or moment has no type"),
        ({"options": "error"}, "options for, and only for, a status"),
        ({"range_source": "a guess"}, "a range with its source for, and only for, a setting"),
        ({"device_class": "temperature"}, "device_class says what the unit already implies"),
        ({"precision": "1"}, "precision says what the unit already implies"),
    ],
)
def test_the_schema_names_what_is_wrong(change: dict[str, str], problem: str) -> None:
    assert _problems(GOOD_ROW) == []
    assert any(found.startswith(problem) for found in _problems({**GOOD_ROW, **change}))


def test_a_flag_names_only_flag_device_classes() -> None:
    alarm = next(row for row in CSV_ROWS if row["key"] == "alarm")
    assert _problems(alarm) == []
    assert _problems({**alarm, "device_class": "heat"}) == ["device class 'heat' for a flag"]


def test_counts_per_group() -> None:
    groups = [row["openhab"].partition("#")[0] for row in CSV_ROWS]
    assert {group: groups.count(group) for group in dict.fromkeys(groups)} == {
        "sensorValues": 11,
        "controlData": 7,
        "deviceValues": 8,
        "settings": 22,
        "operatingTimes": 4,
        "frontPanel": 5,
        "status": 2,
    }
    assert [len(channels_for(layout)) for layout in LAYOUTS] == [59, 59]


# ------------------------------------------------ the table against the reference

REFERENCE: dict[str, tuple[Command, dict[str, int]]] = {
    "sensorValues": (
        Command.READ_REGISTER,
        {
            "radiatorReturn": 0x0209,
            "outdoor": 0x020A,
            "hotWater": 0x020B,
            "radiatorForward": 0x020C,
            "indoor": 0x020D,
            "compressor": 0x020E,
            "heatFluidOut": 0x020F,
            "heatFluidIn": 0x0210,
            "coldFluidIn": 0x0211,
            "coldFluidOut": 0x0212,
            "externalHotWater": 0x0213,
        },
    ),
    "controlData": (
        Command.READ_REGISTER,
        {
            "addHeatPowerPercent": 0x006C,
            "radiatorForwardTarget": 0x006D,
            "radiatorReturnTarget": 0x006E,
            "radiatorReturnOn": 0x006F,
            "radiatorReturnOff": 0x0070,
            "hotWaterOn": 0x0073,
            "hotWaterOff": 0x0074,
        },
    ),
    "deviceValues": (
        Command.READ_REGISTER,
        {
            "coldFluidPump": 0x01FD,
            "compressor": 0x01FE,
            "additionalHeat3kW": 0x01FF,
            "additionalHeat6kW": 0x0200,
            "radiatorPump": 0x0203,
            "heatFluidPump": 0x0204,
            "switchValve": 0x0205,
            "alarm": 0x0206,
        },
    ),
    "settings": (
        Command.READ_REGISTER,
        {
            "heatCurve": 0x0000,
            "heatCurveFineAdj": 0x0001,
            "heatCurveCouplingDiff": 0x0002,
            "heatCurve2": 0x0003,
            "heatCurve2FineAdj": 0x0004,
            "adjCurveAtMinus35": 0x0008,
            "adjCurveAtMinus30": 0x000A,
            "adjCurveAtMinus25": 0x000C,
            "adjCurveAtMinus20": 0x000E,
            "adjCurveAtMinus15": 0x0010,
            "adjCurveAtMinus10": 0x0012,
            "adjCurveAtMinus5": 0x0014,
            "adjCurveAt0": 0x0016,
            "adjCurveAt5": 0x0018,
            "adjCurveAt10": 0x001A,
            "adjCurveAt15": 0x001C,
            "adjCurveAt20": 0x001E,
            "indoorTempSetting": 0x0021,
            "curveInflByInTemp": 0x0022,
            "summerDisconnection": 0x0024,
            "hotWaterTarget": 0x002B,
            "hotWaterTargetHysteresis": 0x002C,
        },
    ),
    "operatingTimes": (
        Command.READ_REGISTER,
        {
            "heatPumpInOperationRAD": 0x0048,
            "heatPumpInOperationDHW": 0x004A,
            "addHeatInOperationRAD": 0x004C,
            "addHeatInOperationDHW": 0x004E,
        },
    ),
    "frontPanel": (
        Command.READ_PANEL,
        {
            "powerLamp": 0x0012,
            "heatPumpLamp": 0x0013,
            "additionalHeatLamp": 0x0014,
            "hotWaterLamp": 0x0015,
            "alarmLamp": 0x0016,
        },
    ),
    "status": (Command.READ_LAST_ERROR, {"lastErrorType": 0, "lastErrorTimestamp": 0}),
}
SHIFT_636 = {"sensorValues": 2, "deviceValues": 2}
"""A.8: sensors and devices sit two registers higher on Rego 636; settings, operating
times, the front panel and the error log do not move."""
DISPUTED_SHIFT_636 = {"controlData": (0, 1)}
"""A.8: the control data stay (BlueAndi, dala318) or move up one (crnjan)."""

type Placement = tuple[Command, int, tuple[int, ...]]


def _reference() -> dict[str, Placement]:
    """openHAB channel -> (command, address on 600-635/637, addresses on 636)."""
    placed: dict[str, Placement] = {}
    for group, (command, channels) in REFERENCE.items():
        shifts = DISPUTED_SHIFT_636.get(group, (SHIFT_636.get(group, 0),))
        for name, address in channels.items():
            placed[f"{group}#{name}"] = (command, address, tuple(address + s for s in shifts))
    return placed


def _tabled() -> dict[str, Placement]:
    return {
        row.openhab: (
            Command(row.channel.where.command),
            row.channel.where.address,
            row.addresses_636,
        )
        for row in ROWS
    }


def test_table_and_reference_agree_both_ways() -> None:
    reference, tabled = _reference(), _tabled()
    # Every channel of the reference is a row and every row is a channel of the reference.
    assert sorted(tabled) == sorted(reference)
    assert {name: place for name, place in tabled.items() if place != reference[name]} == {}


def test_table_and_simulator_fixture_agree_both_ways() -> None:
    # The simulator's image was written from the reference too: every register it serves
    # is a row read with the same command at the same addresses (the default reading of
    # 636), and every row it could serve is in it. The error log is not a register.
    image = json.loads(FIXTURE.read_text(encoding="utf-8"))["registers"]
    served = {
        register["channel"]: (
            register.get("command", Command.READ_REGISTER),
            int(register["address"]["600"], 16),
            int(register["address"]["636"], 16),
        )
        for register in image.values()
    }
    tabled = {
        row.openhab: (row.channel.where.command, row.channel.where.address, row.addresses_636[0])
        for row in ROWS
        if row.channel.where.command != Command.READ_LAST_ERROR
    }
    assert served == tabled


def test_layouts_place_each_channel_as_the_reference_does() -> None:
    reference = _reference()
    by_openhab = {row.channel.key: row.openhab for row in ROWS}
    for layout, options, pick in (
        (LAYOUT_600, {}, None),
        (LAYOUT_636, {}, 0),
        (LAYOUT_636, {CONTROL_DATA_636: UNSHIFTED}, 0),
        (LAYOUT_636, {CONTROL_DATA_636: SHIFTED}, -1),
    ):
        for key, channel in channels_for(layout, options).items():
            command, address, on_636 = reference[by_openhab[key]]
            expected = address if pick is None else on_636[pick]
            assert channel.where == RegoRegister(command, expected), (layout, options, key)


def test_layout_636_moves_exactly_sensors_devices_and_the_chosen_control_data() -> None:
    def moved(options: dict[str, str]) -> dict[str, int]:
        old, new = channels_for(LAYOUT_600), channels_for(LAYOUT_636, options)
        return {
            key: new[key].where.address - channel.where.address
            for key, channel in old.items()
            if new[key].where != channel.where
        }

    sensors_and_devices = {
        row.channel.key: 2
        for row in ROWS
        if row.openhab.startswith(("sensorValues#", "deviceValues#"))
    }
    assert len(sensors_and_devices) == 19
    assert moved({}) == sensors_and_devices
    control = {row.channel.key: 1 for row in ROWS if row.openhab.startswith("controlData#")}
    assert moved({CONTROL_DATA_636: SHIFTED}) == sensors_and_devices | control
    # The option means nothing on the other layout.
    assert channels_for(LAYOUT_600, {CONTROL_DATA_636: SHIFTED}) == channels_for(LAYOUT_600)
    # Nothing but the address changes.
    for key, channel in channels_for(LAYOUT_636, {CONTROL_DATA_636: SHIFTED}).items():
        assert channel.where.command == channels_for(LAYOUT_600)[key].where.command


def test_the_disputed_rows_are_the_control_data() -> None:
    assert sorted(row.channel.key for row in ROWS if row.disputed) == sorted(
        row.channel.key for row in ROWS if row.openhab.startswith("controlData#")
    )


def test_an_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Rego layout '637'"):
        channels_for("637")


# ------------------------------------------------------------- what rows mean


def _channel(key: str) -> Channel[RegoRegister]:
    return channels_for(LAYOUT_600)[key]


def test_every_temperature_reads_no_sensor_as_unknown() -> None:
    temperatures = [c for c in channels_for(LAYOUT_600).values() if c.unit in TEMPERATURE_UNITS]
    assert len(temperatures) == 11 + 6 + 19
    for channel in temperatures:
        # -483 on the wire is 0xFE1D as a 16-bit word.
        assert channel.decode([0xFE1D]) is None, channel.key
        assert channel.decode([0xFFDA]) == -3.8, channel.key
        assert channel.decode([293]) == 29.3, channel.key


def test_hour_counters_are_unsigned() -> None:
    counters = [c for c in channels_for(LAYOUT_600).values() if c.kind is Kind.COUNTER]
    assert [c.key for c in counters] == [
        "heat_pump_in_operation_rad",
        "heat_pump_in_operation_dhw",
        "add_heat_in_operation_rad",
        "add_heat_in_operation_dhw",
    ]
    for channel in counters:
        assert channel.decode([33595]) == 33595
        assert (channel.unit, channel.device_class, channel.state_class) == (
            "h",
            "duration",
            "total_increasing",
        )


def test_the_error_log_is_two_channels_of_one_request() -> None:
    code, moment = _channel("last_error_type"), _channel("last_error_timestamp")
    assert code.where == moment.where == RegoRegister(Command.READ_LAST_ERROR, 0)
    assert (code.kind, moment.kind) == (Kind.STATUS, Kind.TIMESTAMP)
    assert (code.device_class, moment.device_class) == ("enum", "timestamp")
    assert ERROR_LOG.keys == (code.key, moment.key)
    assert code.decode([11]) == "electrical_cassette"
    assert code.decode([23]) is None


def test_the_error_codes_are_the_23_of_the_reference() -> None:
    errors = OPTION_SETS["error"]
    assert sorted(errors) == list(range(23))
    assert all(re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", name) for name in errors.values())
    assert (errors[0], errors[9], errors[21], errors[22]) == (
        "sensor_radiator_return",
        "sensor_cold_fluid_out",
        "power_failure",
        "high_delta_heat_fluid",
    )


RANGES = {
    "heat_curve": (0, 10),
    "heat_curve_fine_adj": (-10, 10),
    "heat_curve_coupling_diff": (0, 15),
    "heat_curve_2": (0, 10),
    "heat_curve_2_fine_adj": (-10, 10),
    **{f"adj_curve_at_minus_{t}": (-10, 10) for t in (35, 30, 25, 20, 15, 10, 5)},
    **{f"adj_curve_at_{t}": (-10, 10) for t in (0, 5, 10, 15, 20)},
    "indoor_temp_setting": (10, 30),
    "curve_infl_by_in_temp": (-10, 10),
    "summer_disconnection": (10, 30),
    "hot_water_target": (35, 54),
    "hot_water_target_hysteresis": (2, 15),
}


def test_settings_have_the_sourced_ranges_in_tenths() -> None:
    settings = {c.key: c for c in channels_for(LAYOUT_600).values() if c.kind is Kind.SETTING}
    assert {
        key: (c.limits.minimum, c.limits.maximum) for key, c in settings.items() if c.limits
    } == RANGES
    for channel in settings.values():
        limits = channel.require_limits()
        assert limits.step == pytest.approx(0.1), channel.key
        assert limits.source, channel.key
        assert channel.category is Category.CONFIG, channel.key
        # Both ends are on the grid and fit the register.
        assert limits.refusal(limits.minimum) is None, channel.key
        assert limits.refusal(limits.maximum) is None, channel.key
        assert channel.codec.encode(limits.minimum) == [round(limits.minimum * 10) & 0xFFFF]


def test_a_room_setpoint_of_22_5_is_valid() -> None:
    indoor = _channel("indoor_temp_setting").require_limits()
    assert indoor == Limits(10, 30, 0.1, indoor.source)
    assert indoor.refusal(22.5) is None
    assert indoor.refusal(30.1) == "out_of_range"
    assert indoor.refusal(22.55) == "off_step"
    assert _channel("indoor_temp_setting").codec.encode(22.5) == [225]


def test_enabled_by_default_is_a_curated_few() -> None:
    enabled = sorted(key for key, c in channels_for(LAYOUT_600).items() if c.enabled_default)
    assert enabled == sorted(
        [
            "radiator_return",
            "outdoor",
            "hot_water",
            "radiator_forward",
            "indoor",
            "compressor_temp",
            "heat_fluid_out",
            "heat_fluid_in",
            "cold_fluid_in",
            "cold_fluid_out",
            "compressor_state",
            "cold_fluid_pump",
            "radiator_pump",
            "heat_fluid_pump",
            "alarm",
            "indoor_temp_setting",
            "hot_water_target",
            "heat_pump_in_operation_rad",
            "heat_pump_in_operation_dhw",
            "add_heat_in_operation_rad",
            "add_heat_in_operation_dhw",
            "last_error_type",
            "last_error_timestamp",
        ]
    )
    assert enabled == sorted(k for k, c in channels_for(LAYOUT_636).items() if c.enabled_default)


def test_the_climate_roles_point_at_channels_of_the_right_kind() -> None:
    channels = channels_for(LAYOUT_600)
    assert CLIMATE.mode is None
    assert channels[CLIMATE.target].kind is Kind.SETTING
    assert CLIMATE.current is not None
    assert channels[CLIMATE.current].unit == channels[CLIMATE.target].unit == "°C"
    assert CLIMATE.running is not None
    assert channels[CLIMATE.running].kind is Kind.FLAG
    assert set(CLIMATE.keys) == {"indoor_temp_setting", "indoor", "compressor_state"}


# ------------------------------------------------------------------ the loader

HEADER = ",".join(COLUMNS)
SENSOR = "t,sensorValues#t,measurement,0x02,0x020A,0x020C,int16,10,-483,°C,,,,,,,,,,yes,"
SETTING = "s,settings#s,setting,0x02,0x21,0x21 0x22,int16,10,,°C,,,,,10,30,,doc,config,,"
ERROR = "e,status#e,status,0x40,0,0,,,,,,,,error,,,,,,yes,"


def _load(*lines: str) -> tuple[Channel[RegoRegister], ...]:
    return tuple(row.channel for row in read_table("\n".join((HEADER, *lines)), OPTION_SETS))


def test_loader_builds_a_row_with_what_the_unit_implies() -> None:
    sensor, setting, error = _load(SENSOR, SETTING, ERROR)
    assert sensor == Channel(
        key="t",
        kind=Kind.MEASUREMENT,
        where=RegoRegister(Command.READ_REGISTER, 0x020A),
        codec=Codec(scale=10, missing=frozenset({-483})),
        unit="°C",
        device_class="temperature",
        state_class="measurement",
        enabled_default=True,
        precision=1,
    )
    assert setting.limits == Limits(10, 30, 0.1, "doc")
    assert (setting.device_class, setting.state_class, setting.category) == (
        "temperature",
        None,
        Category.CONFIG,
    )
    assert error.codec == Codec(options=OPTION_SETS["error"])
    (row,) = read_table(f"{HEADER}\n{SETTING}", OPTION_SETS)
    assert (row.openhab, row.addresses_636, row.disputed) == ("settings#s", (0x21, 0x22), True)
    assert row.on_636(alternative=True).where == RegoRegister(Command.READ_REGISTER, 0x22)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (SENSOR.replace("measurement", "gauge"), "'gauge' is not a valid Kind"),
        (SENSOR.replace("measurement", "toggle"), "a Rego channel is not a toggle"),
        (SENSOR.replace(",0x02,", ",0x03,"), "WRITE_REGISTER is not a read command"),
        (SENSOR.replace(",0x02,", ",0x05,"), "5 is not a valid Command"),
        (SENSOR.replace(",0x020A,", ",-1,"), "-1 is negative"),
        (SENSOR.replace(",0x020C,", ",,"), "address_636 '' is one address, or two"),
        (SENSOR.replace(",0x020C,", ",1 2 3,"), "address_636 '1 2 3' is one address, or two"),
        (SENSOR.replace("int16,", "float,"), "'float'"),
        (SENSOR.replace(",10,", ",0,"), "scale '0' is not a positive divisor"),
        (SENSOR.replace("°C,,,,,,,,,,yes", "°C,,,,error,,,,,,yes"), "a measurement has no options"),
        (ERROR.replace("0,0,,", "0,0,int16,"), "a status has no type"),
        (ERROR.replace("error", ""), "options for, and only for, a status"),
        (SENSOR.replace(",yes,", ",no,"), "enabled is 'yes' or blank, not 'no'"),
        (SENSOR.replace(",,,,,,,,,yes", ",,,,,1,,,,yes"), "only a setting has a range"),
        (SETTING.replace(",doc,", ",,"), "a setting needs min, max and range_source"),
        (SENSOR + ",extra", "more cells than the header"),
    ],
)
def test_loader_refuses_a_row_it_cannot_read(line: str, message: str) -> None:
    with pytest.raises(TableError, match=re.escape(message)):
        _load(line)


def test_loader_refuses_a_key_twice() -> None:
    with pytest.raises(TableError, match="registers line 3: t twice"):
        _load(SENSOR, SENSOR.replace(",0x020A,", ",0x020B,"))


def test_option_sets_are_read_by_the_shared_reader() -> None:
    with pytest.raises(TableError, match=re.escape("raw 1 or option 'b' twice or blank")):
        read_option_sets("set,raw,option\nerror,1,a\nerror,1,b")
