"""The Thermia Genesis register table: one row per register.

Source: Thermia "Modbus protocol for Genesis platform" v10.0 section 3, plus the
registers that v12 (Mega) and v13 (Atlas/Calibra/Diplomat Inverter) add. Addresses are
the 0-based wire addresses. A 32-bit value is one row at its lower address.

A few input registers come from newer or unofficial sources and say so in their note:
157/158 from the Genesis 17.1 domestic protocol, 331-334 from community findings. The
model sets follow the v10 address list; where other documents disagree, the note says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

from ..model import (
    BIT,
    Category,
    Channel,
    ClimateRoles,
    Codec,
    Limits,
    Space,
    WaterHeaterRoles,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

MEGA: Final = "mega"
INVERTER: Final = "inverter"
MODELS: Final = (MEGA, INVERTER)
BOTH: Final = frozenset(MODELS)
MEGA_ONLY: Final = frozenset({MEGA})
INVERTER_ONLY: Final = frozenset({INVERTER})

NO_SENSOR: Final = 20000
"""Raw value a Genesis controller sends for a temperature sensor that is not fitted."""

DEMAND: Final[Mapping[int, str]] = {
    1: "manual_operation",
    2: "defrost",
    3: "hot_water",
    4: "heat",
    5: "active_cooling",
    6: "pool",
    7: "anti_legionella",
    8: "passive_cooling",
    98: "standby",
    99: "no_demand",
    100: "off",
}
COMFORT_MODE: Final[Mapping[int, str]] = {
    1: "evu",
    4: "normal",
    5: "comfort",
    6: "boost",
}
HOT_GAS_END_TANK: Final[Mapping[int, str]] = {0: "connected", 1: "disconnected"}

# Unit -> (device class, state class): what Home Assistant expects for each unit.
_UNIT_META: Final[Mapping[str, tuple[str | None, str | None]]] = {
    "°C": ("temperature", "measurement"),
    "K": ("temperature_delta", "measurement"),
    "%": (None, "measurement"),
    "A": ("current", "measurement"),
    "V": ("voltage", "measurement"),
    "W": ("power", "measurement"),
    "kW": ("power", "measurement"),
    "bar": ("pressure", "measurement"),
    "rpm": (None, "measurement"),
    "h": ("duration", "total_increasing"),
    "kWh": ("energy", "total_increasing"),
}


def sensor(  # noqa: PLR0913 - a table row names every property explicitly
    key: str,
    address: int,
    *,
    scale: int = 1,
    unit: str | None = None,
    models: frozenset[str] = BOTH,
    on: bool = False,
    signed: bool = True,
    words: Literal[1, 2] = 1,
    word_order: Literal["big", "little"] = "big",
    options: Mapping[int, str] | None = None,
    device_class: str | None = None,
    state_class: str | None = None,
    precision: int | None = None,
    category: Category | None = None,
    note: str = "",
) -> Channel:
    """One input register.

    Device and state class follow from the unit unless given. A temperature in °C
    treats raw 20000 as "no sensor fitted".
    """
    unit_device_class, unit_state_class = _UNIT_META.get(unit or "", (None, None))
    if options is not None:
        device_class, state_class = "enum", None
    return Channel(
        key=key,
        space=Space.INPUT,
        address=address,
        codec=Codec(
            scale=scale,
            signed=signed,
            words=words,
            word_order=word_order,
            missing=NO_SENSOR if unit == "°C" else None,
            options=options,
        ),
        models=models,
        unit=unit,
        device_class=device_class or unit_device_class,
        state_class=state_class or unit_state_class,
        enabled_default=on,
        category=category,
        precision=precision,
        note=note,
    )


OPERATIONAL_MODE: Final[Mapping[int, str]] = {1: "off", 2: "standby", 3: "auto"}
MIXING_VALVE_MODE: Final[Mapping[int, str]] = {0: "heat", 1: "cool", 2: "auto"}
OUTDOOR_TEMPERATURE_SOURCE: Final[Mapping[int, str]] = {0: "sensor", 1: "bms"}
IMMERSION_HEATER: Final[Mapping[int, str]] = {0: "disabled", 2: "internal"}


def setting(  # noqa: PLR0913 - a table row names every property explicitly
    key: str,
    address: int,
    *,
    scale: int = 1,
    unit: str | None = None,
    models: frozenset[str] = BOTH,
    on: bool = False,
    options: Mapping[int, str] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    step: float | None = None,
    source: str = "",
    precision: int | None = None,
    note: str = "",
) -> Channel:
    """One holding register: a select when it has named values, else a number.

    A number needs `minimum`, `maximum` and the `source` of that range; the step
    defaults to one raw unit (1 / scale). Nothing outside the range is ever written.
    """
    limits = None
    if options is None:
        if minimum is None or maximum is None or not source:
            msg = f"{key}: a writable number needs minimum, maximum and source"
            raise ValueError(msg)
        limits = Limits(minimum, maximum, step or 1 / scale, source)
    device_class, _ = _UNIT_META.get(unit or "", (None, None))
    return Channel(
        key=key,
        space=Space.HOLDING,
        address=address,
        codec=Codec(scale=scale, options=options),
        models=models,
        unit=unit,
        device_class=device_class,
        enabled_default=on,
        category=Category.CONFIG,
        precision=precision,
        writable=True,
        limits=limits,
        note=note,
    )


def toggle(
    key: str,
    address: int,
    *,
    models: frozenset[str] = BOTH,
    on: bool = False,
    note: str = "",
) -> Channel:
    """One coil: an enable switch."""
    return Channel(
        key=key,
        space=Space.COIL,
        address=address,
        codec=BIT,
        models=models,
        enabled_default=on,
        category=Category.CONFIG,
        writable=True,
        note=note,
    )


def flag(  # noqa: PLR0913 - a table row names every property explicitly
    key: str,
    address: int,
    *,
    models: frozenset[str] = BOTH,
    on: bool = False,
    device_class: str | None = None,
    category: Category | None = None,
    note: str = "",
) -> Channel:
    """One discrete input."""
    return Channel(
        key=key,
        space=Space.DISCRETE_INPUT,
        address=address,
        codec=BIT,
        models=models,
        device_class=device_class,
        enabled_default=on,
        category=category,
        note=note,
    )


INPUT_REGISTERS: Final[tuple[Channel, ...]] = (
    sensor(
        "input_first_prioritised_demand",
        1,
        options=DEMAND,
        on=True,
        note="defacto 30002; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_running_demands",
        2,
        signed=False,
        category=Category.DIAGNOSTIC,
        note=(
            "defacto 30003; v12/v13 bitfield: bit0 manual, 1 defrost, 2 hot water, "
            "3 heat, 4 active cooling, 5 pool, 6 anti legionella, 7 passive "
            "cooling, 9 standby, 10 no demand, 11 off"
        ),
    ),
    sensor(
        "input_compressor_available_gears",
        4,
        scale=100,
        state_class="measurement",
        precision=0,
        category=Category.DIAGNOSTIC,
        note="defacto 30005; gear count differs per model (domestic 9, commercial 10)",
    ),
    sensor(
        "input_compressor_speed_rpm", 5, unit="rpm", precision=0, note="defacto 30006"
    ),
    sensor(
        "input_external_additional_heater_current_demand",
        6,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30007",
    ),
    sensor(
        "input_discharge_pipe_temperature",
        7,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30008",
    ),
    sensor(
        "input_condenser_in_temperature",
        8,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30009",
    ),
    sensor(
        "input_condenser_out_temperature",
        9,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30010",
    ),
    sensor(
        "input_brine_in_temperature",
        10,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30011",
    ),
    sensor(
        "input_brine_out_temperature",
        11,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30012",
    ),
    sensor(
        "input_system_supply_line_temperature",
        12,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30013; optional sensor; use condenser out (input 9) without it",
    ),
    sensor(
        "input_outdoor_temperature",
        13,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30014; can come from BMS (holding 117/118)",
    ),
    sensor(
        "input_tap_water_top_temperature",
        15,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30016",
    ),
    sensor(
        "input_tap_water_lower_temperature",
        16,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30017",
    ),
    sensor(
        "input_tap_water_weighted_temperature",
        17,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30018",
    ),
    sensor(
        "input_system_supply_line_calculated_set_point",
        18,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30019",
    ),
    sensor(
        "input_selected_heat_curve",
        19,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30020",
    ),
    sensor(
        "input_heat_curve_x_coordinate_1",
        20,
        scale=100,
        unit="°C",
        precision=1,
        category=Category.DIAGNOSTIC,
        note="defacto 30021",
    ),
    sensor(
        "input_heat_curve_x_coordinate_2",
        21,
        scale=100,
        unit="°C",
        precision=1,
        category=Category.DIAGNOSTIC,
        note="defacto 30022",
    ),
    sensor(
        "input_heat_curve_x_coordinate_3",
        22,
        scale=100,
        unit="°C",
        precision=1,
        category=Category.DIAGNOSTIC,
        note="defacto 30023",
    ),
    sensor(
        "input_heat_curve_x_coordinate_4",
        23,
        scale=100,
        unit="°C",
        precision=1,
        category=Category.DIAGNOSTIC,
        note="defacto 30024",
    ),
    sensor(
        "input_heat_curve_x_coordinate_5",
        24,
        scale=100,
        unit="°C",
        precision=1,
        category=Category.DIAGNOSTIC,
        note="defacto 30025",
    ),
    sensor(
        "input_heat_curve_x_coordinate_6",
        25,
        scale=100,
        unit="°C",
        precision=1,
        category=Category.DIAGNOSTIC,
        note="defacto 30026",
    ),
    sensor(
        "input_heat_curve_x_coordinate_7",
        26,
        scale=100,
        unit="°C",
        precision=1,
        category=Category.DIAGNOSTIC,
        note="defacto 30027",
    ),
    sensor(
        "input_system_return_line_temperature",
        27,
        scale=100,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30028; v12/v13",
    ),
    sensor(
        "input_calculated_demand_heat",
        30,
        scale=100,
        state_class="measurement",
        precision=2,
        category=Category.DIAGNOSTIC,
        note="defacto 30031; v12/v13",
    ),
    sensor(
        "input_cooling_season_integral_value",
        36,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30037",
    ),
    sensor(
        "input_condenser_circulation_pump_speed",
        39,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30040",
    ),
    sensor(
        "input_mix_valve_1_supply_line_temperature",
        40,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30041",
    ),
    sensor(
        "input_buffer_tank_temperature",
        41,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30042",
    ),
    sensor(
        "input_mix_valve_1_position",
        43,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30044",
    ),
    sensor(
        "input_brine_circulation_pump_speed",
        44,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30045",
    ),
    sensor(
        "input_hgw_supply_line_temperature",
        45,
        scale=100,
        unit="°C",
        models=INVERTER_ONLY,
        precision=1,
        note="defacto 30046; unit inferred; not in v13",
    ),
    sensor(
        "input_hot_water_directional_valve_position",
        47,
        unit="%",
        models=MEGA_ONLY,
        precision=0,
        note=(
            "defacto 30048; scale 1; v10 §6.4 marks it Diplomat ('HGW mix valve "
            "position'); v13 also lists it for Inverter"
        ),
    ),
    sensor(
        "input_compressor_operating_hours",
        48,
        unit="h",
        signed=False,
        words=2,
        on=True,
        precision=0,
        note="defacto 30049/30050; MSB at 48, LSB at 49",
    ),
    sensor(
        "input_tap_water_operating_hours",
        50,
        unit="h",
        signed=False,
        words=2,
        on=True,
        precision=0,
        note="defacto 30051/30052; MSB at 50, LSB at 51",
    ),
    sensor(
        "input_external_additional_heater_operating_hours",
        52,
        unit="h",
        signed=False,
        words=2,
        on=True,
        precision=0,
        note="defacto 30053/30054; MSB at 52, LSB at 53",
    ),
    sensor(
        "input_compressor_speed_percent",
        54,
        scale=100,
        unit="%",
        on=True,
        precision=0,
        note="defacto 30055",
    ),
    sensor(
        "input_second_prioritised_demand",
        55,
        options=DEMAND,
        note="defacto 30056; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_third_prioritised_demand",
        56,
        options=DEMAND,
        note="defacto 30057; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_software_version_major",
        57,
        category=Category.DIAGNOSTIC,
        note="defacto 30058; see input 311-313; not in v13",
    ),
    sensor(
        "input_software_version_minor",
        58,
        category=Category.DIAGNOSTIC,
        note="defacto 30059; see input 311-313; not in v13",
    ),
    sensor(
        "input_software_version_micro",
        59,
        category=Category.DIAGNOSTIC,
        note="defacto 30060; see input 311-313; not in v13",
    ),
    sensor(
        "input_compressor_temporarily_blocked",
        60,
        state_class="measurement",
        note="defacto 30061; start restriction timer; community reads it in seconds",
    ),
    sensor(
        "input_compressor_current_gear",
        61,
        scale=100,
        on=True,
        state_class="measurement",
        precision=0,
        note="defacto 30062",
    ),
    sensor(
        "input_queued_demand_first_priority",
        62,
        options=DEMAND,
        note="defacto 30063; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_queued_demand_second_priority",
        63,
        options=DEMAND,
        note="defacto 30064; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_queued_demand_third_priority",
        64,
        options=DEMAND,
        note="defacto 30065; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_queued_demand_fourth_priority",
        65,
        options=DEMAND,
        note="defacto 30066; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_queued_demand_fifth_priority",
        66,
        options=DEMAND,
        note="defacto 30067; v10 calls 5 cool and lacks 8 (passive cooling)",
    ),
    sensor(
        "input_internal_additional_heater_current_step",
        67,
        models=INVERTER_ONLY,
        on=True,
        state_class="measurement",
        note=(
            "defacto 30068; v12/v13: active step internal immersion heater (Mega "
            "S-E); v12 lists it for Mega"
        ),
    ),
    sensor(
        "input_buffer_tank_charge_set_point",
        68,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30069",
    ),
    sensor(
        "input_electric_meter_l1_current",
        69,
        scale=100,
        unit="A",
        precision=1,
        note="defacto 30070; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l2_current",
        70,
        scale=100,
        unit="A",
        precision=1,
        note="defacto 30071; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l3_current",
        71,
        scale=100,
        unit="A",
        precision=1,
        note="defacto 30072; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l1_0_voltage",
        72,
        scale=100,
        unit="V",
        precision=1,
        note="defacto 30073; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l2_0_voltage",
        73,
        scale=100,
        unit="V",
        precision=1,
        note="defacto 30074; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l3_0_voltage",
        74,
        scale=100,
        unit="V",
        precision=1,
        note="defacto 30075; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l1_l2_voltage",
        75,
        scale=10,
        unit="V",
        precision=1,
        note="defacto 30076; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l2_l3_voltage",
        76,
        scale=10,
        unit="V",
        precision=1,
        note="defacto 30077; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l3_l1_voltage",
        77,
        scale=10,
        unit="V",
        precision=1,
        note="defacto 30078; needs the meter accessory; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_electric_meter_l1_power",
        78,
        unit="W",
        on=True,
        precision=0,
        note=(
            "defacto 30079; needs the meter accessory; negative when exporting; v10 marks it "
            "Diplomat only, v12 (Mega) lists it"
        ),
    ),
    sensor(
        "input_electric_meter_l2_power",
        79,
        unit="W",
        on=True,
        precision=0,
        note=(
            "defacto 30080; needs the meter accessory; negative when exporting; v10 marks it "
            "Diplomat only, v12 (Mega) lists it"
        ),
    ),
    sensor(
        "input_electric_meter_l3_power",
        80,
        unit="W",
        on=True,
        precision=0,
        note=(
            "defacto 30081; needs the meter accessory; negative when exporting; v10 marks it "
            "Diplomat only, v12 (Mega) lists it"
        ),
    ),
    sensor(
        "input_electric_meter_meter_value",
        81,
        unit="kWh",
        signed=False,
        precision=0,
        note="defacto 30082; single 16-bit counter; v10 marks it Diplomat only, v12 (Mega) lists it",
    ),
    sensor(
        "input_comfort_mode",
        82,
        options=COMFORT_MODE,
        on=True,
        note="defacto 30083; v13: current Smart Grid mode (discrete inputs 201/204)",
    ),
    sensor(
        "input_electric_meter_kwh_total",
        83,
        scale=10,
        unit="kWh",
        signed=False,
        words=2,
        word_order="little",
        on=True,
        precision=1,
        note=(
            "defacto 30084/30085; LSB at 83, MSB at 84 (v10 labels, "
            "pythermiagenesis 0.1.8, Genesis 17.1); needs the meter accessory; v10 marks it "
            "Diplomat only, v12 (Mega) lists it"
        ),
    ),
    sensor(
        "input_wcs_valve_position",
        85,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        precision=0,
        note="defacto 30086",
    ),
    sensor(
        "input_twc_valve_position",
        86,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30087; not in v13",
    ),
    sensor(
        "input_mix_valve_2_position",
        87,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30088; not in v13",
    ),
    sensor(
        "input_mix_valve_3_position",
        88,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30089; not in v13",
    ),
    sensor(
        "input_mix_valve_4_position",
        89,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30090; not in v13",
    ),
    sensor(
        "input_mix_valve_5_position",
        90,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30091; not in v13",
    ),
    sensor(
        "input_dew_point_room",
        91,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30092; unit inferred",
    ),
    sensor(
        "input_cooling_supply_line_mix_valve_position",
        92,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        precision=0,
        note="defacto 30093",
    ),
    sensor(
        "input_surplus_heat_fan_speed",
        93,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        precision=0,
        note="defacto 30094",
    ),
    sensor(
        "input_pool_supply_line_mix_valve_position",
        94,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30095; v10 §8.1 marks it Mega only; not in v13",
    ),
    sensor(
        "input_twc_supply_line_temperature",
        95,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30096; not in v13",
    ),
    sensor(
        "input_twc_return_temperature",
        96,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30097; not in v13",
    ),
    sensor(
        "input_wcs_return_line_temperature",
        97,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30098",
    ),
    sensor(
        "input_twc_end_tank_temperature",
        98,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30099; not in v13",
    ),
    sensor(
        "input_mix_valve_2_supply_line_temperature",
        99,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30100; not in v13",
    ),
    sensor(
        "input_mix_valve_3_supply_line_temperature",
        100,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30101; not in v13",
    ),
    sensor(
        "input_mix_valve_4_supply_line_temperature",
        101,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30102; not in v13",
    ),
    sensor(
        "input_cooling_circuit_return_line_temperature",
        103,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30104",
    ),
    sensor(
        "input_cooling_tank_temperature",
        104,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30105; v10 §7.2 marks it Mega and Inverter",
    ),
    sensor(
        "input_cooling_tank_return_line_temperature",
        105,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30106; v10 §7.2 marks it Mega and Inverter",
    ),
    sensor(
        "input_cooling_circuit_supply_line_temperature",
        106,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30107; v13 also lists it for Inverter",
    ),
    sensor(
        "input_mix_valve_5_supply_line_temperature",
        107,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30108; not in v13",
    ),
    sensor(
        "input_mix_valve_2_return_line_temperature",
        109,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30110; not in v13",
    ),
    sensor(
        "input_mix_valve_3_return_line_temperature",
        111,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30112; not in v13",
    ),
    sensor(
        "input_mix_valve_4_return_line_temperature",
        113,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30114; not in v13",
    ),
    sensor(
        "input_mix_valve_5_return_line_temperature",
        115,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30116; not in v13",
    ),
    sensor(
        "input_surplus_heat_return_line_temperature",
        117,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30118",
    ),
    sensor(
        "input_surplus_heat_supply_line_temperature",
        118,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        precision=1,
        note="defacto 30119",
    ),
    sensor(
        "input_pool_supply_line_temperature",
        119,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30120; pythermiagenesis uses scale 1; not in v13",
    ),
    sensor(
        "input_pool_return_line_temperature",
        120,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30121; pythermiagenesis uses scale 1; not in v13",
    ),
    sensor(
        "input_room_temperature_sensor",
        121,
        scale=10,
        unit="°C",
        on=True,
        precision=1,
        note="defacto 30122; PDF and v13 scale 10; infradom reads it /100 (unverified)",
    ),
    sensor(
        "input_bubble_point",
        122,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30123",
    ),
    sensor(
        "input_dew_point_high_pressure_temperature",
        123,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30124",
    ),
    sensor(
        "input_dew_point", 124, scale=100, unit="°C", precision=1, note="defacto 30125"
    ),
    sensor(
        "input_superheat_temperature",
        125,
        scale=100,
        unit="K",
        precision=1,
        note="defacto 30126",
    ),
    sensor(
        "input_sub_cooling_temperature",
        126,
        scale=100,
        unit="K",
        precision=1,
        note="defacto 30127",
    ),
    sensor(
        "input_low_pressure_side",
        127,
        scale=100,
        unit="bar",
        precision=1,
        note="defacto 30128; gauge pressure",
    ),
    sensor(
        "input_high_pressure_side",
        128,
        scale=100,
        unit="bar",
        precision=1,
        note="defacto 30129; gauge pressure",
    ),
    sensor(
        "input_liquid_line_temperature",
        129,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30130",
    ),
    sensor(
        "input_suction_gas_temperature",
        130,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30131",
    ),
    sensor(
        "input_heating_season_integral_value",
        131,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30132",
    ),
    sensor(
        "input_p_value_for_gear_shifting_and_demand_calculation",
        132,
        scale=100,
        state_class="measurement",
        precision=2,
        category=Category.DIAGNOSTIC,
        note="defacto 30133; not in v13",
    ),
    sensor(
        "input_i_value_for_gear_shifting_and_demand_calculation",
        133,
        scale=100,
        state_class="measurement",
        precision=2,
        category=Category.DIAGNOSTIC,
        note="defacto 30134; not in v13",
    ),
    sensor(
        "input_d_value_for_gear_shifting_and_demand_calculation",
        134,
        scale=100,
        state_class="measurement",
        precision=2,
        category=Category.DIAGNOSTIC,
        note="defacto 30135; not in v13",
    ),
    sensor(
        "input_i_value_for_compressor_on_off_buffer_tank",
        135,
        scale=100,
        state_class="measurement",
        precision=2,
        category=Category.DIAGNOSTIC,
        note="defacto 30136; not in v13",
    ),
    sensor(
        "input_p_value_for_compressor_on_off_buffer_tank",
        136,
        scale=100,
        state_class="measurement",
        precision=2,
        category=Category.DIAGNOSTIC,
        note="defacto 30137; not in v13",
    ),
    sensor(
        "input_mix_valve_cooling_opening_degree",
        137,
        unit="%",
        precision=0,
        note=(
            "defacto 30138; PDF scale 1; CJNE/thermiagenesis#284 reads 100x "
            "(unverified)"
        ),
    ),
    sensor(
        "input_desired_gear_for_tap_water",
        139,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30140",
    ),
    sensor(
        "input_desired_gear_for_heating",
        140,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30141",
    ),
    sensor(
        "input_desired_gear_for_cooling",
        141,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30142",
    ),
    sensor(
        "input_desired_gear_for_pool",
        142,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30143",
    ),
    sensor(
        "input_number_of_available_secondaries_genesis",
        143,
        models=MEGA_ONLY,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30144; v13 also lists it for Inverter",
    ),
    sensor(
        "input_number_of_available_secondaries_legacy",
        144,
        models=MEGA_ONLY,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30145",
    ),
    sensor(
        "input_total_distributed_gears_to_all_units",
        145,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30146",
    ),
    sensor(
        "input_maximum_gear_out_of_all_the_currently_requested_gears",
        146,
        state_class="measurement",
        category=Category.DIAGNOSTIC,
        note="defacto 30147",
    ),
    sensor(
        "input_desired_temperature_distribution_circuit_mix_valve_1",
        147,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30148",
    ),
    sensor(
        "input_desired_temperature_distribution_circuit_mix_valve_2",
        148,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30149; not in v13",
    ),
    sensor(
        "input_desired_temperature_distribution_circuit_mix_valve_3",
        149,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30150; not in v13",
    ),
    sensor(
        "input_desired_temperature_distribution_circuit_mix_valve_4",
        150,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30151; not in v13",
    ),
    sensor(
        "input_desired_temperature_distribution_circuit_mix_valve_5",
        151,
        scale=100,
        unit="°C",
        precision=1,
        note="defacto 30152; not in v13",
    ),
    sensor(
        "input_disconnect_hot_gas_end_tank",
        152,
        options=HOT_GAS_END_TANK,
        models=MEGA_ONLY,
        note="defacto 30153; 0 connected, 1 disconnected",
    ),
    sensor(
        "input_legacy_heat_pump_compressor_running",
        153,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30154; bit n = secondary unit n",
    ),
    sensor(
        "input_legacy_heat_pump_reporting_alarm",
        154,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30155; bit n = secondary unit n",
    ),
    sensor(
        "input_legacy_heat_pump_start_signal",
        155,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30156; bit n = secondary unit n",
    ),
    sensor(
        "input_legacy_heat_pump_tap_water_signal",
        156,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30157; bit n = secondary unit n",
    ),
    sensor(
        "input_heat_pump_thermal_power",
        157,
        scale=100,
        unit="kW",
        models=INVERTER_ONLY,
        precision=2,
        note="defacto 30158; Genesis 17.1 only (renaatdb), not in v10-v13",
    ),
    sensor(
        "input_heat_pump_electrical_power",
        158,
        scale=100,
        unit="kW",
        models=INVERTER_ONLY,
        precision=2,
        note="defacto 30159; Genesis 17.1 only (renaatdb), not in v10-v13",
    ),
    sensor(
        "input_primary_unit_alarm_combined_output_of_all_class_d_alarms",
        160,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30161; bit n = secondary unit n; v13 also lists it for Inverter",
    ),
    sensor(
        "input_primary_unit_alarm_primary_unit_has_lost_communication",
        161,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30162; bit n = secondary unit n; v13 also lists it for Inverter",
    ),
    sensor(
        "input_primary_unit_alarm_class_a_alarm_detected_on_the_genesis_secondary",
        162,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30163; bit n = secondary unit n; v13 also lists it for Inverter",
    ),
    sensor(
        "input_primary_unit_alarm_class_b_alarm_detected_on_the_genesis_secondary",
        163,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30164; bit n = secondary unit n; v13 also lists it for Inverter",
    ),
    sensor(
        "input_primary_unit_alarm_combined_output_of_all_class_e_alarms",
        170,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30171; bit n = secondary unit n",
    ),
    sensor(
        "input_primary_unit_alarm_general_legacy_heat_pump_alarm",
        171,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30172; bit n = secondary unit n",
    ),
    sensor(
        "input_primary_unit_alarm_primary_unit_can_not_communicate_with_expansion",
        173,
        signed=False,
        models=MEGA_ONLY,
        category=Category.DIAGNOSTIC,
        note="defacto 30174; bit n = secondary unit n",
    ),
    sensor(
        "input_control_software_version_major",
        311,
        category=Category.DIAGNOSTIC,
        note="defacto 30312; v12/v13",
    ),
    sensor(
        "input_control_software_version_minor",
        312,
        category=Category.DIAGNOSTIC,
        note="defacto 30313; v12/v13",
    ),
    sensor(
        "input_control_software_version_micro",
        313,
        category=Category.DIAGNOSTIC,
        note="defacto 30314; v12/v13",
    ),
    sensor(
        "input_expansion_valve_opening_degree",
        315,
        scale=100,
        unit="%",
        precision=0,
        note="defacto 30316; v12/v13",
    ),
    sensor(
        "input_inverter_temperature",
        319,
        unit="°C",
        precision=0,
        note="defacto 30320; v12/v13; scale 1 (whole degrees)",
    ),
    sensor(
        "input_heat_energy_consumed_today",
        331,
        unit="kWh",
        signed=False,
        models=INVERTER_ONLY,
        precision=0,
        note="defacto 30332; undocumented (infradom, software 16/17); resets daily",
    ),
    sensor(
        "input_heat_energy_delivered_today",
        332,
        unit="kWh",
        signed=False,
        models=INVERTER_ONLY,
        precision=0,
        note="defacto 30333; undocumented (infradom, software 16/17); resets daily",
    ),
    sensor(
        "input_heat_cop_today",
        333,
        scale=10,
        models=INVERTER_ONLY,
        state_class="measurement",
        precision=1,
        note="defacto 30334; undocumented (infradom, software 16/17)",
    ),
    sensor(
        "input_heat_energy_from_natural_source_today",
        334,
        unit="kWh",
        signed=False,
        models=INVERTER_ONLY,
        precision=0,
        note="defacto 30335; undocumented (infradom, software 16/17); resets daily",
    ),
)

DISCRETE_INPUTS: Final[tuple[Channel, ...]] = (
    flag(
        "dinput_alarm_active_class_a",
        0,
        on=True,
        device_class="problem",
        note="defacto 10001",
    ),
    flag(
        "dinput_alarm_active_class_b",
        1,
        on=True,
        device_class="problem",
        note="defacto 10002",
    ),
    flag(
        "dinput_alarm_active_class_c", 2, device_class="problem", note="defacto 10003"
    ),
    flag(
        "dinput_alarm_active_class_d",
        3,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10004; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_alarm_active_class_e",
        4,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10005",
    ),
    flag(
        "dinput_high_pressure_switch_alarm",
        9,
        device_class="problem",
        note="defacto 10010",
    ),
    flag(
        "dinput_low_pressure_level_alarm",
        10,
        device_class="problem",
        note="defacto 10011",
    ),
    flag(
        "dinput_high_discharge_pipe_temperature_alarm",
        11,
        device_class="problem",
        note="defacto 10012",
    ),
    flag("dinput_operating_pressure_limit_indication", 12, note="defacto 10013"),
    flag(
        "dinput_discharge_pipe_sensor_alarm",
        13,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10014",
    ),
    flag(
        "dinput_liquid_line_sensor_alarm",
        14,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10015",
    ),
    flag(
        "dinput_suction_gas_sensor_alarm",
        15,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10016",
    ),
    flag(
        "dinput_flow_pressure_switch_alarm",
        16,
        device_class="problem",
        note="defacto 10017",
    ),
    flag(
        "dinput_power_input_phase_detection_alarm",
        22,
        device_class="problem",
        note="defacto 10023",
    ),
    flag(
        "dinput_inverter_unit_alarm", 23, device_class="problem", note="defacto 10024"
    ),
    flag(
        "dinput_system_supply_low_temperature_alarm",
        24,
        device_class="problem",
        note="defacto 10025",
    ),
    flag(
        "dinput_compressor_low_speed_alarm",
        25,
        device_class="problem",
        note="defacto 10026",
    ),
    flag(
        "dinput_low_super_heat_alarm", 26, device_class="problem", note="defacto 10027"
    ),
    flag(
        "dinput_pressure_ratio_out_of_range_alarm",
        27,
        device_class="problem",
        note="defacto 10028",
    ),
    flag(
        "dinput_compressor_pressure_outside_envelope_alarm",
        28,
        device_class="problem",
        note="defacto 10029",
    ),
    flag(
        "dinput_brine_temperature_out_of_range_alarm",
        29,
        device_class="problem",
        note="defacto 10030",
    ),
    flag(
        "dinput_brine_in_sensor_alarm",
        30,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10031",
    ),
    flag(
        "dinput_brine_out_sensor_alarm",
        31,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10032",
    ),
    flag(
        "dinput_condenser_in_sensor_alarm",
        32,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10033",
    ),
    flag(
        "dinput_condenser_out_sensor_alarm",
        33,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10034",
    ),
    flag(
        "dinput_outdoor_sensor_alarm",
        34,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10035",
    ),
    flag(
        "dinput_system_supply_line_sensor_alarm",
        35,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10036",
    ),
    flag(
        "dinput_mix_valve_1_supply_line_sensor_alarm",
        36,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10037",
    ),
    flag(
        "dinput_mix_valve_2_supply_line_sensor_alarm",
        37,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10038; not in v13",
    ),
    flag(
        "dinput_mix_valve_3_supply_line_sensor_alarm",
        38,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10039; not in v13",
    ),
    flag(
        "dinput_mix_valve_4_supply_line_sensor_alarm",
        39,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10040; not in v13",
    ),
    flag(
        "dinput_mix_valve_5_supply_line_sensor_alarm",
        40,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10041; not in v13",
    ),
    flag(
        "dinput_wcs_return_line_sensor_alarm",
        44,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10045",
    ),
    flag(
        "dinput_twc_supply_line_sensor_alarm",
        45,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10046; not in v13",
    ),
    flag(
        "dinput_cooling_tank_sensor_alarm",
        46,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10047",
    ),
    flag(
        "dinput_cooling_supply_line_sensor_alarm",
        47,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10048",
    ),
    flag(
        "dinput_cooling_circuit_return_line_sensor_alarm",
        48,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10049",
    ),
    flag(
        "dinput_brine_delta_out_of_range_alarm",
        49,
        device_class="problem",
        note="defacto 10050",
    ),
    flag(
        "dinput_tap_water_mid_sensor_alarm",
        50,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10051",
    ),
    flag(
        "dinput_twc_circulation_return_sensor_alarm",
        51,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10052; not in v13",
    ),
    flag(
        "dinput_hgw_sensor_alarm",
        52,
        models=INVERTER_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10053; not in v13",
    ),
    flag(
        "dinput_internal_additional_heater_alarm",
        53,
        models=INVERTER_ONLY,
        device_class="problem",
        note="defacto 10054; not in v13",
    ),
    flag(
        "dinput_brine_in_high_temperature_alarm",
        55,
        device_class="problem",
        note="defacto 10056",
    ),
    flag(
        "dinput_brine_in_low_temperature_alarm",
        56,
        device_class="problem",
        note="defacto 10057",
    ),
    flag(
        "dinput_brine_out_low_temperature_alarm",
        57,
        device_class="problem",
        note="defacto 10058",
    ),
    flag(
        "dinput_twc_circulation_return_low_temperature_alarm",
        58,
        device_class="problem",
        note="defacto 10059; not in v13",
    ),
    flag(
        "dinput_twc_supply_low_temperature_alarm",
        59,
        device_class="problem",
        note="defacto 10060; not in v13",
    ),
    flag(
        "dinput_mix_valve_1_supply_temperature_deviation_alarm",
        60,
        device_class="problem",
        note="defacto 10061",
    ),
    flag(
        "dinput_mix_valve_2_supply_temperature_deviation_alarm",
        61,
        device_class="problem",
        note="defacto 10062; not in v13",
    ),
    flag(
        "dinput_mix_valve_3_supply_temperature_deviation_alarm",
        62,
        device_class="problem",
        note="defacto 10063; not in v13",
    ),
    flag(
        "dinput_mix_valve_4_supply_temperature_deviation_alarm",
        63,
        device_class="problem",
        note="defacto 10064; not in v13",
    ),
    flag(
        "dinput_mix_valve_5_supply_temperature_deviation_alarm",
        64,
        device_class="problem",
        note="defacto 10065; not in v13",
    ),
    flag(
        "dinput_wcs_return_line_temperature_deviation_alarm",
        65,
        models=MEGA_ONLY,
        device_class="problem",
        note="defacto 10066",
    ),
    flag("dinput_sum_alarm", 66, on=True, device_class="problem", note="defacto 10067"),
    flag(
        "dinput_cooling_circuit_supply_line_temperature_deviation_alarm",
        67,
        models=MEGA_ONLY,
        device_class="problem",
        note="defacto 10068; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_cooling_tank_temperature_deviation_alarm",
        68,
        models=MEGA_ONLY,
        device_class="problem",
        note="defacto 10069",
    ),
    flag(
        "dinput_surplus_heat_temperature_deviation_alarm",
        69,
        models=MEGA_ONLY,
        device_class="problem",
        note="defacto 10070",
    ),
    flag(
        "dinput_humidity_room_sensor_alarm",
        70,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10071",
    ),
    flag(
        "dinput_surplus_heat_supply_line_sensor_alarm",
        71,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10072",
    ),
    flag(
        "dinput_surplus_heat_return_line_sensor_alarm",
        72,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10073",
    ),
    flag(
        "dinput_cooling_tank_return_line_sensor_alarm",
        73,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10074",
    ),
    flag(
        "dinput_temperature_room_sensor_alarm",
        74,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10075",
    ),
    flag(
        "dinput_inverter_unit_communication_alarm",
        75,
        device_class="problem",
        note="defacto 10076",
    ),
    flag(
        "dinput_pool_return_line_sensor_alarm",
        76,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10077",
    ),
    flag("dinput_external_stop_for_pool", 77, note="defacto 10078"),
    flag("dinput_external_start_brine_pump", 78, note="defacto 10079"),
    flag(
        "dinput_external_relay_for_brine_ground_water_pump",
        79,
        models=MEGA_ONLY,
        device_class="running",
        note="defacto 10080; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_tap_water_end_tank_sensor_alarm",
        81,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10082; not in v13",
    ),
    flag(
        "dinput_maximum_time_for_anti_legionella_exceeded_alarm",
        82,
        models=INVERTER_ONLY,
        device_class="problem",
        note="defacto 10083; not in v13",
    ),
    flag(
        "dinput_genesis_secondary_unit_alarm",
        83,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10084; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_primary_unit_conflict_alarm",
        84,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10085; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_primary_unit_no_secondary_alarm",
        85,
        models=MEGA_ONLY,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10086; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_oil_boost_in_progress",
        86,
        models=MEGA_ONLY,
        device_class="running",
        note=(
            "defacto 10087; mg extraction: Inverter only; v13 also lists it for "
            "Inverter"
        ),
    ),
    flag(
        "dinput_tap_water_top_sensor_alarm",
        87,
        device_class="problem",
        category=Category.DIAGNOSTIC,
        note="defacto 10088; v12/v13",
    ),
    flag(
        "dinput_compressor_control_signal",
        199,
        on=True,
        device_class="running",
        note="defacto 10200",
    ),
    flag("dinput_smart_grid_1", 201, note="defacto 10202"),
    flag(
        "dinput_external_alarm_input", 202, device_class="problem", note="defacto 10203"
    ),
    flag("dinput_smart_grid_2", 204, note="defacto 10205"),
    flag(
        "dinput_external_additional_heater_control_signal",
        206,
        device_class="running",
        note="defacto 10207",
    ),
    flag(
        "dinput_mix_valve_1_circulation_pump_control_signal",
        209,
        device_class="running",
        note="defacto 10210",
    ),
    flag(
        "dinput_condenser_pump_on_off_control",
        210,
        device_class="running",
        note="defacto 10211",
    ),
    flag(
        "dinput_system_circulation_pump_control_signal",
        211,
        device_class="running",
        note="defacto 10212",
    ),
    flag(
        "dinput_hot_gas_circulation_pump_control_signal",
        213,
        models=MEGA_ONLY,
        device_class="running",
        note="defacto 10214",
    ),
    flag(
        "dinput_brine_pump_on_off_control",
        218,
        device_class="running",
        note="defacto 10219",
    ),
    flag(
        "dinput_external_heater_circulation_pump_control_signal",
        219,
        device_class="running",
        note="defacto 10220",
    ),
    flag("dinput_heating_season_active", 220, on=True, note="defacto 10221"),
    flag(
        "dinput_external_additional_heater_active",
        221,
        on=True,
        device_class="running",
        note="defacto 10222",
    ),
    flag(
        "dinput_internal_additional_heater_active",
        222,
        models=INVERTER_ONLY,
        on=True,
        device_class="running",
        note="defacto 10223; not in v13",
    ),
    flag(
        "dinput_hgw_regulation_control_signal",
        223,
        models=INVERTER_ONLY,
        note="defacto 10224; not in v13",
    ),
    flag("dinput_heat_pump_stopping", 224, note="defacto 10225"),
    flag("dinput_heat_pump_ok_to_start", 225, note="defacto 10226"),
    flag(
        "dinput_twc_supply_line_circulation_pump_control_signal",
        230,
        device_class="running",
        note="defacto 10231; not in v13",
    ),
    flag(
        "dinput_wcs_regulation_control_signal",
        232,
        models=MEGA_ONLY,
        note="defacto 10233",
    ),
    flag(
        "dinput_wcs_circulation_pump_control_signal",
        233,
        models=MEGA_ONLY,
        device_class="running",
        note="defacto 10234",
    ),
    flag(
        "dinput_twc_end_tank_heater_control_signal",
        234,
        device_class="running",
        note="defacto 10235; not in v13",
    ),
    flag("dinput_pool_directional_valve_position", 235, note="defacto 10236"),
    flag(
        "dinput_cooling_circuit_circulation_pump_control_signal",
        236,
        models=MEGA_ONLY,
        device_class="running",
        note="defacto 10237; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_pool_circulation_pump_control_signal",
        237,
        device_class="running",
        note="defacto 10238; not in v13",
    ),
    flag(
        "dinput_surplus_heat_directional_valve_position",
        238,
        models=MEGA_ONLY,
        note="defacto 10239; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_surplus_heat_circulation_pump_control_signal",
        239,
        models=MEGA_ONLY,
        device_class="running",
        note="defacto 10240",
    ),
    flag(
        "dinput_cooling_circuit_regulation_control_signal",
        240,
        models=MEGA_ONLY,
        note="defacto 10241; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_surplus_heat_regulation_control_signal",
        241,
        models=MEGA_ONLY,
        note="defacto 10242",
    ),
    flag(
        "dinput_active_cooling_directional_valve_position",
        242,
        models=MEGA_ONLY,
        note="defacto 10243; v13 also lists it for Inverter",
    ),
    flag(
        "dinput_passive_active_cooling_directional_valve_position",
        243,
        models=MEGA_ONLY,
        note="defacto 10244",
    ),
    flag(
        "dinput_pool_regulation_control_signal", 244, note="defacto 10245; not in v13"
    ),
    flag(
        "dinput_indication_when_mixing_valve_1_is_producing_passive_cooling",
        245,
        device_class="running",
        note="defacto 10246",
    ),
    flag("dinput_compressor_is_unable_to_speed_up", 246, note="defacto 10247"),
)


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

READ_ONLY: Final[tuple[Channel, ...]] = INPUT_REGISTERS + DISCRETE_INPUTS

COILS: Final[tuple[Channel, ...]] = (
    toggle(
        "coil_reset_all_alarms",
        3,
        note=(
            "defacto 4; action coil (v12/v13 type active/inactive); PDF gives no "
            "further semantics"
        ),
    ),
    toggle(
        "coil_enable_internal_additional_heater",
        4,
        models=INVERTER_ONLY,
        note="defacto 5; not in v13",
    ),
    toggle(
        "coil_enable_external_additional_heater",
        5,
        note="defacto 6",
    ),
    toggle(
        "coil_enable_hgw",
        6,
        models=INVERTER_ONLY,
        note="defacto 7; not in v13",
    ),
    toggle(
        "coil_enable_flow_switch_pressure_switch",
        7,
        note="defacto 8",
    ),
    toggle(
        "coil_enable_tap_water",
        8,
        on=True,
        note="defacto 9",
    ),
    toggle(
        "coil_enable_heat",
        9,
        on=True,
        note="defacto 10",
    ),
    toggle(
        "coil_enable_active_cooling",
        10,
        note="defacto 11",
    ),
    toggle(
        "coil_enable_mix_valve_1",
        11,
        note="defacto 12",
    ),
    toggle(
        "coil_enable_twc",
        12,
        note="defacto 13; not in v13",
    ),
    toggle(
        "coil_enable_wcs",
        13,
        models=MEGA_ONLY,
        note="defacto 14",
    ),
    toggle(
        "coil_enable_hot_gas_pump",
        14,
        models=MEGA_ONLY,
        note="defacto 15",
    ),
    toggle(
        "coil_enable_mix_valve_2",
        16,
        note="defacto 17; not in v13",
    ),
    toggle(
        "coil_enable_mix_valve_3",
        17,
        note="defacto 18; not in v13",
    ),
    toggle(
        "coil_enable_mix_valve_4",
        18,
        note="defacto 19; not in v13",
    ),
    toggle(
        "coil_enable_mix_valve_5",
        19,
        note="defacto 20; not in v13",
    ),
    toggle(
        "coil_enable_brine_out_monitoring",
        20,
        note="defacto 21",
    ),
    toggle(
        "coil_enable_brine_pump_continuous_operation",
        21,
        note="defacto 22",
    ),
    toggle(
        "coil_enable_system_circulation_pump",
        22,
        note="defacto 23",
    ),
    toggle(
        "coil_enable_dew_point_calculation",
        23,
        models=MEGA_ONLY,
        note="defacto 24",
    ),
    toggle(
        "coil_enable_anti_legionella",
        24,
        models=INVERTER_ONLY,
        note="defacto 25; not in v13",
    ),
    toggle(
        "coil_enable_additional_heater_only",
        25,
        note="defacto 26; requires operational mode Standby (holding 0 = 2)",
    ),
    toggle(
        "coil_enable_current_limitation",
        26,
        models=INVERTER_ONLY,
        note="defacto 27; v12 lists it for Mega",
    ),
    toggle(
        "coil_enable_pool",
        28,
        note="defacto 29",
    ),
    toggle(
        "coil_enable_surplus_heat_chiller",
        29,
        models=MEGA_ONLY,
        note="defacto 30",
    ),
    toggle(
        "coil_enable_surplus_heat_borehole",
        30,
        models=MEGA_ONLY,
        note="defacto 31",
    ),
    toggle(
        "coil_enable_external_additional_heater_for_pool",
        31,
        note="defacto 32",
    ),
    toggle(
        "coil_enable_internal_additional_heater_for_pool",
        32,
        models=INVERTER_ONLY,
        note="defacto 33; not in v13",
    ),
    toggle(
        "coil_enable_passive_cooling",
        33,
        note="defacto 34",
    ),
    toggle(
        "coil_enable_variable_speed_mode_for_condenser_pump",
        34,
        note="defacto 35",
    ),
    toggle(
        "coil_enable_variable_speed_mode_for_brine_pump",
        35,
        note="defacto 36",
    ),
    toggle(
        "coil_enable_cooling_mode_for_mixing_valve_1",
        36,
        note="defacto 37; not in v12; not in v13",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_cooling_with_mixing_valve_1",
        37,
        note="defacto 38",
    ),
    toggle(
        "coil_enable_internal_brine_pump_to_start_when_cooling_is_active_for_mixing_valve_1",
        38,
        note="defacto 39",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_external_heater",
        39,
        note="defacto 40",
    ),
    toggle(
        "coil_enable_brine_in_monitoring",
        40,
        note="defacto 41",
    ),
    toggle(
        "coil_enable_fixed_system_supply_set_point",
        41,
        note=(
            "defacto 42; gates holding 116 (40117), which errors on read unless this "
            "coil is on; pythermiagenesis marks it Mega only (PDF: both)"
        ),
    ),
    toggle(
        "coil_enable_evaporator_freeze_protection",
        42,
        note="defacto 43; pythermiagenesis marks it Mega only (PDF: both)",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_cooling_with_mixing_valve_2",
        43,
        models=MEGA_ONLY,
        note="defacto 44; should always be on in auto mode",
    ),
    toggle(
        "coil_enable_dew_point_calculation_on_mixing_valve_2",
        44,
        models=MEGA_ONLY,
        note="defacto 45",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_heating_with_mixing_valve_2",
        45,
        models=MEGA_ONLY,
        note="defacto 46; should always be on in auto mode",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_cooling_with_mixing_valve_3",
        46,
        models=MEGA_ONLY,
        note="defacto 47; should always be on in auto mode",
    ),
    toggle(
        "coil_enable_dew_point_calculation_on_mixing_valve_3",
        47,
        models=MEGA_ONLY,
        note="defacto 48",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_heating_with_mixing_valve_3",
        48,
        models=MEGA_ONLY,
        note="defacto 49; should always be on in auto mode",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_cooling_with_mixing_valve_4",
        49,
        models=MEGA_ONLY,
        note="defacto 50; should always be on in auto mode",
    ),
    toggle(
        "coil_enable_dew_point_calculation_on_mixing_valve_4",
        50,
        models=MEGA_ONLY,
        note="defacto 51",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_heating_with_mixing_valve_4",
        51,
        models=MEGA_ONLY,
        note="defacto 52; should always be on in auto mode",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_cooling_with_mixing_valve_5",
        52,
        models=MEGA_ONLY,
        note="defacto 53; should always be on in auto mode",
    ),
    toggle(
        "coil_enable_dew_point_calculation_on_mixing_valve_5",
        53,
        models=MEGA_ONLY,
        note="defacto 54; v10 §5.6 misprints address as 51",
    ),
    toggle(
        "coil_enable_outdoor_temp_dependent_for_heating_with_mixing_valve_5",
        54,
        models=MEGA_ONLY,
        note=(
            "defacto 55; should always be on in auto mode; v10 §5.6 misprints address "
            "as 50"
        ),
    ),
    toggle(
        "coil_enable_internal_brine_pump_to_start_when_cooling_is_active_for_mixing_valve_2",
        55,
        models=MEGA_ONLY,
        note="defacto 56",
    ),
    toggle(
        "coil_enable_internal_brine_pump_to_start_when_cooling_is_active_for_mixing_valve_3",
        56,
        models=MEGA_ONLY,
        note="defacto 57",
    ),
    toggle(
        "coil_enable_internal_brine_pump_to_start_when_cooling_is_active_for_mixing_valve_4",
        57,
        models=MEGA_ONLY,
        note="defacto 58",
    ),
    toggle(
        "coil_enable_internal_brine_pump_to_start_when_cooling_is_active_for_mixing_valve_5",
        58,
        models=MEGA_ONLY,
        note="defacto 59",
    ),
    toggle(
        "coil_enable_condenser_pump_continuous_operation",
        59,
        note="defacto 60; v12/v13",
    ),
    toggle(
        "coil_allow_current_limiter_to_restrict_external_additional_heater",
        60,
        note=(
            "defacto 61; v12/v13 print address 62 next to de facto 61 (= address 60) "
            "and Genesis 17.1 uses 60: address 60 has two sources against one; verify "
            "on hardware"
        ),
    ),
    toggle(
        "coil_allow_current_limiter_to_restrict_secondary_heat_pump_units",
        61,
        note=(
            "defacto 62; v12/v13 print address 63 next to de facto 62 (= address 61) "
            "and Genesis 17.1 uses 61: address 61 has two sources against one; verify "
            "on hardware"
        ),
    ),
)

HOLDING_REGISTERS: Final[tuple[Channel, ...]] = (
    setting(
        "holding_operational_mode",
        0,
        on=True,
        options=OPERATIONAL_MODE,
        note="defacto 40001; Thermia footnote *2: 1 off, 2 standby, 3 on/auto",
    ),
    setting(
        "holding_max_limitation",
        3,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40004",
    ),
    setting(
        "holding_min_limitation",
        4,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40005",
    ),
    setting(
        "holding_comfort_wheel_setting",
        5,
        scale=100,
        unit="°C",
        on=True,
        minimum=10,
        maximum=25,
        source=(
            "intersection of CJNE thermiagenesis 10..40, renaatdb 10..40 and infradom "
            "10..25"
        ),
        precision=1,
        note=(
            "defacto 40006; unit assumed (blank in v12/v13); meaning not defined by "
            "Thermia: Genesis 17.1 domestic units take it as the room set point, other "
            "families may use an offset"
        ),
    ),
    setting(
        "holding_set_point_heat_curve_y_1",
        6,
        scale=100,
        unit="°C",
        on=True,
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40007",
    ),
    setting(
        "holding_set_point_heat_curve_y_2",
        7,
        scale=100,
        unit="°C",
        on=True,
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40008",
    ),
    setting(
        "holding_set_point_heat_curve_y_3",
        8,
        scale=100,
        unit="°C",
        on=True,
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40009",
    ),
    setting(
        "holding_set_point_heat_curve_y_4",
        9,
        scale=100,
        unit="°C",
        on=True,
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40010",
    ),
    setting(
        "holding_set_point_heat_curve_y_5",
        10,
        scale=100,
        unit="°C",
        on=True,
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40011",
    ),
    setting(
        "holding_set_point_heat_curve_y_6",
        11,
        scale=100,
        unit="°C",
        on=True,
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40012",
    ),
    setting(
        "holding_set_point_heat_curve_y_7",
        12,
        scale=100,
        unit="°C",
        on=True,
        minimum=5,
        maximum=65,
        source=(
            "renaatdb thermia-genesis-modbus: 5..65 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40013",
    ),
    setting(
        "holding_heating_season_stop_temperature",
        16,
        scale=100,
        unit="°C",
        on=True,
        minimum=-10,
        maximum=40,
        source=(
            "renaatdb thermia-genesis-modbus: -10..40 °C (integration limit, only "
            "source)"
        ),
        precision=1,
        note="defacto 40017",
    ),
    setting(
        "holding_start_temperature_tap_water",
        22,
        scale=100,
        unit="°C",
        on=True,
        minimum=35,
        maximum=60,
        source=(
            "intersection of CJNE thermiagenesis 35..60 and renaatdb thermia-calibra "
            "20..65"
        ),
        precision=1,
        note="defacto 40023; v13: only valid when tap water mode is Normal",
    ),
    setting(
        "holding_stop_temperature_tap_water",
        23,
        scale=100,
        unit="°C",
        on=True,
        minimum=35,
        maximum=60,
        source=(
            "intersection of CJNE thermiagenesis 35..60 and renaatdb thermia-calibra "
            "30..70"
        ),
        precision=1,
        note="defacto 40024; v13: only valid when tap water mode is Normal",
    ),
    setting(
        "holding_minimum_allowed_gear_in_heating",
        26,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40027; gear count differs per model (domestic 9, commercial 10); "
            "see input 4"
        ),
    ),
    setting(
        "holding_maximum_allowed_gear_in_heating",
        27,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40028; gear count differs per model (domestic 9, commercial 10); "
            "see input 4"
        ),
    ),
    setting(
        "holding_maximum_allowed_gear_in_tap_water",
        28,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40029; gear count differs per model (domestic 9, commercial 10); "
            "see input 4; v13: only valid when tap water mode is Normal"
        ),
    ),
    setting(
        "holding_minimum_allowed_gear_in_tap_water",
        29,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40030; gear count differs per model (domestic 9, commercial 10); "
            "see input 4; v13: only valid when tap water mode is Normal"
        ),
    ),
    setting(
        "holding_cooling_mix_valve_set_point",
        30,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40031; v13 also lists it for Inverter",
    ),
    setting(
        "holding_twc_mix_valve_set_point",
        31,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40032; not in v13",
    ),
    setting(
        "holding_wcs_return_line_set_point",
        32,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40033",
    ),
    setting(
        "holding_twc_mix_valve_lowest_allowed_opening_degree",
        33,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40034; not in v13",
    ),
    setting(
        "holding_twc_mix_valve_highest_allowed_opening_degree",
        34,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40035; not in v13",
    ),
    setting(
        "holding_twc_start_temperature_immersion_heater",
        35,
        scale=100,
        unit="°C",
        minimum=35,
        maximum=60,
        source="no documented range: tap water temperature 35..60 °C, as holding 22/23",
        precision=1,
        note="defacto 40036; not in v13",
    ),
    setting(
        "holding_twc_start_delay_immersion_heater",
        36,
        scale=100,
        unit="s",
        minimum=0,
        maximum=300,
        source=(
            "no documented range: integration limit 0..300 s (the x100 wire value tops "
            "out at 327.67 s)"
        ),
        precision=0,
        note="defacto 40037; not in v12; not in v13",
    ),
    setting(
        "holding_twc_stop_temperature_immersion_heater",
        37,
        scale=100,
        unit="°C",
        minimum=35,
        maximum=60,
        source="no documented range: tap water temperature 35..60 °C, as holding 22/23",
        precision=1,
        note="defacto 40038; not in v13",
    ),
    setting(
        "holding_wcs_mix_valve_lowest_allowed_opening_degree",
        38,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40039",
    ),
    setting(
        "holding_wcs_mix_valve_highest_allowed_opening_degree",
        39,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40040",
    ),
    setting(
        "holding_mix_valve_2_lowest_allowed_opening_degree",
        40,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40041; not in v13",
    ),
    setting(
        "holding_mix_valve_2_highest_allowed_opening_degree",
        41,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40042; not in v13",
    ),
    setting(
        "holding_mix_valve_3_lowest_allowed_opening_degree",
        42,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40043; not in v13",
    ),
    setting(
        "holding_mix_valve_3_highest_allowed_opening_degree",
        43,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40044; not in v13",
    ),
    setting(
        "holding_mix_valve_4_lowest_allowed_opening_degree",
        44,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40045; not in v13",
    ),
    setting(
        "holding_mix_valve_4_highest_allowed_opening_degree",
        45,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40046; not in v13",
    ),
    setting(
        "holding_mix_valve_5_lowest_allowed_opening_degree",
        46,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40047; not in v13",
    ),
    setting(
        "holding_mix_valve_5_highest_allowed_opening_degree",
        47,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40048; not in v13",
    ),
    setting(
        "holding_surplus_heat_chiller_set_point",
        48,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40049",
    ),
    setting(
        "holding_cooling_supply_line_mix_valve_lowest_allowed_opening_degree",
        49,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40050; v13 also lists it for Inverter",
    ),
    setting(
        "holding_cooling_supply_line_mix_valve_highest_allowed_opening_degree",
        50,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40051; v13 also lists it for Inverter",
    ),
    setting(
        "holding_surplus_heat_opening_degree_for_starting_fan_1",
        51,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40052",
    ),
    setting(
        "holding_surplus_heat_opening_degree_for_starting_fan_2",
        52,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40053",
    ),
    setting(
        "holding_surplus_heat_opening_degree_for_stopping_fan_1",
        53,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40054",
    ),
    setting(
        "holding_surplus_heat_opening_degree_for_stopping_fan_2",
        54,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40055",
    ),
    setting(
        "holding_surplus_heat_lowest_allowed_opening_degree",
        55,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40056",
    ),
    setting(
        "holding_surplus_heat_highest_allowed_opening_degree",
        56,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40057",
    ),
    setting(
        "holding_pool_charge_set_point",
        58,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40059",
    ),
    setting(
        "holding_pool_mix_valve_lowest_allowed_opening_degree",
        59,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40060",
    ),
    setting(
        "holding_pool_mix_valve_highest_allowed_opening_degree",
        60,
        scale=100,
        unit="%",
        models=MEGA_ONLY,
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40061",
    ),
    setting(
        "holding_gear_shift_delay_heating",
        61,
        unit="min",
        minimum=0,
        maximum=60,
        source="no documented range: integration limit 0..60 min",
        precision=0,
        note="defacto 40062",
    ),
    setting(
        "holding_gear_shift_delay_pool",
        62,
        unit="min",
        minimum=0,
        maximum=60,
        source="no documented range: integration limit 0..60 min",
        precision=0,
        note="defacto 40063",
    ),
    setting(
        "holding_gear_shift_delay_cooling",
        63,
        unit="min",
        minimum=0,
        maximum=60,
        source="no documented range: integration limit 0..60 min",
        precision=0,
        note="defacto 40064",
    ),
    setting(
        "holding_brine_in_high_alarm_limit",
        67,
        scale=100,
        unit="°C",
        minimum=10,
        maximum=40,
        source=(
            "no documented range: integration limit 10..40 °C around Thermia-typical "
            "values"
        ),
        precision=1,
        note="defacto 40068",
    ),
    setting(
        "holding_brine_in_low_alarm_limit",
        68,
        scale=100,
        unit="°C",
        minimum=-15,
        maximum=10,
        source=(
            "no documented range: integration limit -15..10 °C around Thermia-typical "
            "values"
        ),
        precision=1,
        note="defacto 40069",
    ),
    setting(
        "holding_brine_out_low_alarm_limit",
        69,
        scale=100,
        unit="°C",
        minimum=-15,
        maximum=10,
        source=(
            "no documented range: integration limit -15..10 °C around Thermia-typical "
            "values"
        ),
        precision=1,
        note="defacto 40070",
    ),
    setting(
        "holding_brine_max_delta_limit",
        70,
        scale=100,
        unit="K",
        minimum=1,
        maximum=15,
        source=(
            "no documented range: integration limit 1..15 K around Thermia-typical "
            "values"
        ),
        precision=1,
        note="defacto 40071",
    ),
    setting(
        "holding_hot_gas_pump_start_temperature_discharge_pipe",
        71,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=40,
        maximum=120,
        source=(
            "no documented range: integration limit 40..120 °C, plausible discharge "
            "pipe temperatures"
        ),
        precision=1,
        note="defacto 40072",
    ),
    setting(
        "holding_hot_gas_pump_lower_stop_limit_temperature_discharge_pipe",
        72,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=40,
        maximum=120,
        source=(
            "no documented range: integration limit 40..120 °C, plausible discharge "
            "pipe temperatures"
        ),
        precision=1,
        note="defacto 40073",
    ),
    setting(
        "holding_hot_gas_pump_upper_stop_limit_temperature_discharge_pipe",
        73,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=40,
        maximum=120,
        source=(
            "no documented range: integration limit 40..120 °C, plausible discharge "
            "pipe temperatures"
        ),
        precision=1,
        note="defacto 40074",
    ),
    setting(
        "holding_external_additional_heater_start",
        75,
        minimum=0,
        maximum=1000,
        source="no documented range: integration limit 0..1000",
        precision=0,
        note="defacto 40076",
    ),
    setting(
        "holding_condenser_pump_lowest_allowed_speed",
        76,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40077",
    ),
    setting(
        "holding_brine_pump_lowest_allowed_speed",
        77,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40078",
    ),
    setting(
        "holding_external_additional_heater_stop",
        78,
        scale=100,
        minimum=0,
        maximum=300,
        source=(
            "no documented range: integration limit 0..300 (the x100 wire value tops "
            "out at 327.67)"
        ),
        note="defacto 40079",
    ),
    setting(
        "holding_condenser_pump_highest_allowed_speed",
        79,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40080",
    ),
    setting(
        "holding_brine_pump_highest_allowed_speed",
        80,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40081",
    ),
    setting(
        "holding_condenser_pump_standby_speed",
        81,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40082",
    ),
    setting(
        "holding_brine_pump_standby_speed",
        82,
        scale=100,
        unit="%",
        minimum=0,
        maximum=100,
        source="no documented range: physical 0..100 %",
        precision=0,
        note="defacto 40083",
    ),
    setting(
        "holding_minimum_allowed_gear_in_pool",
        85,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40086; gear count differs per model (domestic 9, commercial 10); "
            "see input 4"
        ),
    ),
    setting(
        "holding_maximum_allowed_gear_in_pool",
        86,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40087; gear count differs per model (domestic 9, commercial 10); "
            "see input 4"
        ),
    ),
    setting(
        "holding_minimum_allowed_gear_in_cooling",
        87,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40088; gear count differs per model (domestic 9, commercial 10); "
            "see input 4"
        ),
    ),
    setting(
        "holding_maximum_allowed_gear_in_cooling",
        88,
        minimum=1,
        maximum=9,
        source=(
            "CJNE thermiagenesis 1..9; Thermia footnote *3: domestic units have 9 gears"
        ),
        precision=0,
        note=(
            "defacto 40089; gear count differs per model (domestic 9, commercial 10); "
            "see input 4"
        ),
    ),
    setting(
        "holding_start_temp_for_cooling",
        105,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=30,
        source=(
            "no documented range: cooling set point 5..30 °C, as renaatdb for holding "
            "302"
        ),
        precision=1,
        note="defacto 40106; v10 §7.2 marks it Mega",
    ),
    setting(
        "holding_stop_temp_for_cooling",
        106,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=30,
        source=(
            "no documented range: cooling set point 5..30 °C, as renaatdb for holding "
            "302"
        ),
        precision=1,
        note="defacto 40107; v10 §7.2 marks it Mega",
    ),
    setting(
        "holding_min_limitation_set_point_curve_radiator_mix_valve_1",
        107,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40108",
    ),
    setting(
        "holding_max_limitation_set_point_curve_radiator_mix_valve_1",
        108,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40109",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_1_mix_valve_1",
        109,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40110",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_2_mix_valve_1",
        110,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40111",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_3_mix_valve_1",
        111,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40112",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_4_mix_valve_1",
        112,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40113",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_5_mix_valve_1",
        113,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40114",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_6_mix_valve_1",
        114,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40115",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_7_mix_valve_1",
        115,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40116",
    ),
    setting(
        "holding_fixed_system_supply_set_point",
        116,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note=(
            "defacto 40117; only active with coil 41 (de facto 42) on; reading it "
            "errors unless that coil is on (pythermiagenesis)"
        ),
    ),
    setting(
        "holding_outdoor_temperature_source",
        117,
        options=OUTDOOR_TEMPERATURE_SOURCE,
        note=(
            "defacto 40118; v12/v13; 0 PT1000 sensor on the BM card, 1 BMS value in "
            "holding 118"
        ),
    ),
    setting(
        "holding_bms_outdoor_temperature",
        118,
        scale=100,
        unit="°C",
        minimum=-50,
        maximum=50,
        source=(
            "Thermia v13: valid -50..200 °C, narrowed to outdoor temperatures (-50..50)"
        ),
        precision=1,
        note=(
            "defacto 40119; v12/v13; used when holding 117 is bms; not refreshed within"
            " 12 h or out of range: the pump falls back to its sensor, then to 0 °C"
        ),
    ),
    setting(
        "holding_maximum_phase_current",
        119,
        unit="A",
        minimum=1,
        maximum=63,
        source="no documented range: integration limit 1..63 A",
        precision=0,
        note="defacto 40120; v12/v13",
    ),
    setting(
        "holding_compressor_current_hysteresis",
        120,
        unit="A",
        minimum=1,
        maximum=63,
        source="no documented range: integration limit 1..63 A",
        precision=0,
        note="defacto 40121; v12/v13",
    ),
    setting(
        "holding_desired_power_consumption_control",
        124,
        models=INVERTER_ONLY,
        minimum=0,
        maximum=3,
        step=1,
        source="Genesis 17.1 (via renaatdb): enum 0..3 without documented names",
        precision=0,
        note=(
            "defacto 40125; Genesis 17.1 (via renaatdb), not in v12/v13; values 0..3 "
            "are not named"
        ),
    ),
    setting(
        "holding_input_power_limit",
        125,
        scale=10,
        unit="kW",
        models=INVERTER_ONLY,
        minimum=0,
        maximum=30,
        source="no documented range: integration limit 0..30 kW",
        precision=1,
        note="defacto 40126; Genesis 17.1 (via renaatdb), not in v12/v13",
    ),
    setting(
        "holding_min_limitation_set_point_curve_radiator_mix_valve_2",
        199,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40200; not in v13",
    ),
    setting(
        "holding_max_limitation_set_point_curve_radiator_mix_valve_2",
        200,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40201; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_1_mix_valve_2",
        201,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40202; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_2_mix_valve_2",
        202,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40203; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_3_mix_valve_2",
        203,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40204; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_4_mix_valve_2",
        204,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40205; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_5_mix_valve_2",
        205,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40206; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_6_mix_valve_2",
        206,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40207; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_7_mix_valve_2",
        207,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40208; not in v13",
    ),
    setting(
        "holding_min_limitation_set_point_curve_radiator_mix_valve_3",
        208,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40209; not in v13",
    ),
    setting(
        "holding_max_limitation_set_point_curve_radiator_mix_valve_3",
        209,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40210; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_1_mix_valve_3",
        210,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40211; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_2_mix_valve_3",
        211,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40212; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_3_mix_valve_3",
        212,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40213; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_4_mix_valve_3",
        213,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40214; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_5_mix_valve_3",
        214,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40215; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_6_mix_valve_3",
        215,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40216; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_7_mix_valve_3",
        216,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40217; not in v13",
    ),
    setting(
        "holding_min_limitation_set_point_curve_radiator_mix_valve_4",
        239,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40240; not in v13",
    ),
    setting(
        "holding_max_limitation_set_point_curve_radiator_mix_valve_4",
        240,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40241; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_1_mix_valve_4",
        241,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40242; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_2_mix_valve_4",
        242,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40243; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_3_mix_valve_4",
        243,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40244; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_4_mix_valve_4",
        244,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40245; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_5_mix_valve_4",
        245,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40246; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_6_mix_valve_4",
        246,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40247; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_7_mix_valve_4",
        247,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40248; not in v13",
    ),
    setting(
        "holding_min_limitation_set_point_curve_radiator_mix_valve_5",
        248,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40249; not in v13",
    ),
    setting(
        "holding_max_limitation_set_point_curve_radiator_mix_valve_5",
        249,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40250; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_1_mix_valve_5",
        250,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40251; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_2_mix_valve_5",
        251,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40252; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_3_mix_valve_5",
        252,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40253; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_4_mix_valve_5",
        253,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40254; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_5_mix_valve_5",
        254,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40255; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_6_mix_valve_5",
        255,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40256; not in v13",
    ),
    setting(
        "holding_set_point_curve_y_coordinate_7_mix_valve_5",
        256,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=65,
        source=(
            "no documented range: supply temperature 5..65 °C, as renaatdb for curve "
            "points"
        ),
        precision=1,
        note="defacto 40257; not in v13",
    ),
    setting(
        "holding_selected_mode_for_mixing_valve_1",
        298,
        options=MIXING_VALVE_MODE,
        note="defacto 40299; v12/v13",
    ),
    setting(
        "holding_set_point_return_temp_from_pool_to_heat_exchanger",
        299,
        scale=10,
        unit="°C",
        minimum=10,
        maximum=40,
        source=(
            "CJNE thermiagenesis pool climate: 10..40 °C (integration limit, only "
            "source)"
        ),
        precision=1,
        note="defacto 40300",
    ),
    setting(
        "holding_set_point_pool_hysteresis",
        300,
        scale=10,
        unit="K",
        minimum=0.5,
        maximum=10,
        source="no documented range: integration limit 0.5..10 K",
        precision=1,
        note="defacto 40301",
    ),
    setting(
        "holding_set_point_for_supply_line_temp_passive_cooling_with_mixing_valve_1",
        302,
        scale=100,
        unit="°C",
        minimum=5,
        maximum=30,
        source=(
            "renaatdb thermia-genesis-modbus: 5..30 °C (integration limit, only source)"
        ),
        precision=1,
        note="defacto 40303",
    ),
    setting(
        "holding_set_point_minimum_outdoor_temp_when_cooling_is_permitted",
        303,
        scale=100,
        unit="°C",
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40304",
    ),
    setting(
        "holding_external_heater_outdoor_temp_limit",
        304,
        scale=100,
        unit="°C",
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40305",
    ),
    setting(
        "holding_selected_mode_for_mixing_valve_2",
        305,
        models=MEGA_ONLY,
        options=MIXING_VALVE_MODE,
        note="defacto 40306",
    ),
    setting(
        "holding_desired_cooling_temperature_setpoint_mixing_valve_2",
        306,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=5,
        maximum=30,
        source=(
            "no documented range: cooling set point 5..30 °C, as renaatdb for holding "
            "302"
        ),
        precision=1,
        note="defacto 40307",
    ),
    setting(
        "holding_seasonal_cooling_temperature_outdoor_mixing_valve_2",
        307,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40308",
    ),
    setting(
        "holding_seasonal_heating_temperature_outdoor_mixing_valve_2",
        308,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40309",
    ),
    setting(
        "holding_selected_mode_for_mixing_valve_3",
        309,
        models=MEGA_ONLY,
        options=MIXING_VALVE_MODE,
        note="defacto 40310; v10 §5.4 misprints de facto as 403010",
    ),
    setting(
        "holding_desired_cooling_temperature_setpoint_mixing_valve_3",
        310,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=5,
        maximum=30,
        source=(
            "no documented range: cooling set point 5..30 °C, as renaatdb for holding "
            "302"
        ),
        precision=1,
        note="defacto 40311; v10 §5.4 misprints de facto as 403011",
    ),
    setting(
        "holding_seasonal_cooling_temperature_outdoor_mixing_valve_3",
        311,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40312; v10 §5.4 misprints de facto as 403012",
    ),
    setting(
        "holding_seasonal_heating_temperature_outdoor_mixing_valve_3",
        312,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40313; v10 §5.4 misprints de facto as 403013",
    ),
    setting(
        "holding_selected_mode_for_mixing_valve_4",
        313,
        models=MEGA_ONLY,
        options=MIXING_VALVE_MODE,
        note="defacto 40314",
    ),
    setting(
        "holding_desired_cooling_temperature_setpoint_mixing_valve_4",
        314,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=5,
        maximum=30,
        source=(
            "no documented range: cooling set point 5..30 °C, as renaatdb for holding "
            "302"
        ),
        precision=1,
        note="defacto 40315",
    ),
    setting(
        "holding_seasonal_cooling_temperature_outdoor_mixing_valve_4",
        315,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40316",
    ),
    setting(
        "holding_seasonal_heating_temperature_outdoor_temp_mixing_valve_4",
        316,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40317; v10 §5.5 misprints address as 314",
    ),
    setting(
        "holding_selected_mode_for_mixing_valve_5",
        317,
        models=MEGA_ONLY,
        options=MIXING_VALVE_MODE,
        note="defacto 40318",
    ),
    setting(
        "holding_desired_cooling_temperature_setpoint_mixing_valve_5",
        318,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=5,
        maximum=30,
        source=(
            "no documented range: cooling set point 5..30 °C, as renaatdb for holding "
            "302"
        ),
        precision=1,
        note="defacto 40319",
    ),
    setting(
        "holding_seasonal_cooling_temperature_outdoor_mixing_valve_5",
        319,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40320",
    ),
    setting(
        "holding_seasonal_heating_temperature_outdoor_mixing_valve_5",
        320,
        scale=100,
        unit="°C",
        models=MEGA_ONLY,
        minimum=-30,
        maximum=40,
        source="no documented range: plausible outdoor temperatures -30..40 °C",
        precision=1,
        note="defacto 40321",
    ),
    setting(
        "holding_enabled_immersion_heater",
        321,
        options=IMMERSION_HEATER,
        note="defacto 40322; v12/v13; v12: Mega S-E only",
    ),
)

WRITABLE: Final[tuple[Channel, ...]] = COILS + HOLDING_REGISTERS

ALL_CHANNELS: Final[tuple[Channel, ...]] = READ_ONLY + WRITABLE


def channels_for(model: str) -> tuple[Channel, ...]:
    """Every channel the given model family has."""
    return tuple(channel for channel in ALL_CHANNELS if model in channel.models)


CLIMATE: Final = ClimateRoles(
    mode="holding_operational_mode",
    mode_off="off",
    mode_auto="auto",
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
