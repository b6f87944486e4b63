"""The register table against the simulated pumps' register images.

The fixtures were written from Thermia's documents, independently of the table: every
register a fixture lists for a model must be a channel of that model at that address.
"""

from __future__ import annotations

import json

import pytest

from custom_components.nordic_heatpump.pumps.thermia.register import Space
from custom_components.nordic_heatpump.pumps.thermia.registers import ALL_CHANNELS, channels_for

from ..simulators.thermia import fixture_path


def _in(space: Space) -> tuple:
    return tuple(channel for channel in ALL_CHANNELS if channel.where.space is space)


INPUT_REGISTERS = _in(Space.INPUT)
DISCRETE_INPUTS = _in(Space.DISCRETE_INPUT)
COILS = _in(Space.COIL)
HOLDING_REGISTERS = _in(Space.HOLDING)

KINDS = {
    "coils": Space.COIL,
    "discrete_inputs": Space.DISCRETE_INPUT,
    "input_registers": Space.INPUT,
    "holding_registers": Space.HOLDING,
}
# Where the documents disagree and the table follows the safer reading (notes §7): the
# current-limiter coils are at 60/61 (Genesis 17.1, de facto column), the fixtures
# follow the v12/v13 address column (62/63).
KNOWN_DISAGREEMENTS = {(Space.COIL, 62), (Space.COIL, 63)}


def _table_addresses(model: str) -> set[tuple[Space, int]]:
    return {
        (channel.where.space, channel.where.address + offset)
        for channel in channels_for(model)
        for offset in range(channel.where.count)
    }


@pytest.mark.parametrize("model", ["mega", "inverter"])
def test_every_documented_register_of_the_model_is_a_channel(model: str) -> None:
    image = json.loads(fixture_path(model).read_text())
    listed = {(space, int(address)) for kind, space in KINDS.items() for address in image[kind]}
    missing = listed - _table_addresses(model) - KNOWN_DISAGREEMENTS
    assert missing == set()


def test_counts_and_unique_keys() -> None:
    # 140 input registers of the CSV (four 32-bit pairs are one row each) + 14 additions.
    assert sum(channel.where.count for channel in INPUT_REGISTERS) == 140 + 14
    assert len(INPUT_REGISTERS) == 136 + 14
    assert len(DISCRETE_INPUTS) == 106 + 1
    assert len(COILS) == 54 + 3
    assert len(HOLDING_REGISTERS) == 139 + 8
    keys = [channel.key for channel in ALL_CHANNELS]
    assert len(keys) == len(set(keys))
    assert all(not key.endswith(("_msb", "_lsb")) for key in keys)


def test_writable_rows_are_safe() -> None:
    for channel in ALL_CHANNELS:
        assert channel.writable == channel.where.space.is_writable, channel.key
        if channel.where.space is Space.HOLDING:
            # Either named values (a select) or a range with a cited source (a number).
            assert (channel.options is None) != (channel.limits is None), channel.key
            if channel.limits is not None:
                assert channel.limits.minimum < channel.limits.maximum
                assert channel.limits.source
                # Both ends of the range fit the register.
                channel.codec.encode(channel.limits.minimum)
                channel.codec.encode(channel.limits.maximum)


def test_enabled_by_default_is_a_curated_few() -> None:
    read_only = [c for c in INPUT_REGISTERS + DISCRETE_INPUTS if c.enabled_default]
    settings = [c.key for c in COILS + HOLDING_REGISTERS if c.enabled_default]
    assert 25 <= len(read_only) <= 35
    assert sorted(settings) == sorted(
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


def test_energy_meter_row() -> None:
    energy = next(c for c in INPUT_REGISTERS if c.key == "input_electric_meter_kwh_total")
    assert (energy.where.address, energy.where.count, energy.codec.word_order) == (83, 2, "little")
    assert (energy.unit, energy.device_class, energy.state_class) == (
        "kWh",
        "energy",
        "total_increasing",
    )
    assert energy.codec.scale == 10
    assert not energy.codec.signed


def test_disputed_scales_only_take_the_documented_alternatives() -> None:
    def room(scales: dict[str, int]) -> int:
        channels = {c.key: c for c in channels_for("inverter", scales)}
        return channels["input_room_temperature_sensor"].codec.scale

    assert room({}) == 10
    assert room({"input_room_temperature_sensor": 100}) == 100
    assert room({"input_room_temperature_sensor": 7}) == 10
    # A scale for a channel nobody disputes is ignored.
    channels = {c.key: c for c in channels_for("inverter", {"input_outdoor_temperature": 10})}
    assert channels["input_outdoor_temperature"].codec.scale == 100
