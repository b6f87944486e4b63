"""Decoding and encoding exactly as the Thermia Genesis notes (§3) describe."""

from __future__ import annotations

import pytest

from custom_components.nordic_heatpump.pumps.model import (
    Channel,
    Codec,
    Kind,
    Limits,
    Presentation,
    implied_presentation,
)
from custom_components.nordic_heatpump.pumps.thermia.registers import OPTION_SETS

NO_SENSOR = 20000
"""What a Genesis controller sends for a temperature sensor that is not fitted."""
DEMAND = OPTION_SETS["demand"]
TEMPERATURE = Codec(scale=100, missing=frozenset({NO_SENSOR}))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (2150, 21.5),
        (65036, -5.0),  # the PDF's example: brine out low alarm limit -5 °C
        (64986, -5.5),
        (0xFFFF, -0.01),
        (0x8000, -327.68),
        (0x7FFF, 327.67),
        (NO_SENSOR, None),  # a sensor that is not fitted is unknown, never 200 °C
    ],
)
def test_signed_scaled_temperature(raw: int, expected: float | None) -> None:
    assert TEMPERATURE.decode([raw]) == expected


def test_room_temperature_scale_ten() -> None:
    codec = Codec(scale=10, missing=frozenset({NO_SENSOR}))
    assert codec.decode([215]) == 21.5
    assert codec.decode([65486]) == -5.0
    assert codec.decode([NO_SENSOR]) is None


def test_unsigned_word_is_not_negative() -> None:
    assert Codec(signed=False).decode([65535]) == 65535


def test_operating_hours_msb_first() -> None:
    hours = Codec(signed=False, words=2, word_order="big")
    assert hours.decode([1, 4464]) == 70000
    assert hours.decode([0, 65535]) == 65535


def test_kwh_total_lsb_first_divided_by_ten() -> None:
    kwh = Codec(scale=10, signed=False, words=2, word_order="little")
    # 1234567.8 kWh = raw 12345678 = 0x00BC614E: LSB 0x614E at input 83, MSB 0x00BC at 84.
    assert kwh.decode([0x614E, 0x00BC]) == pytest.approx(1234567.8)
    # The same words read the other way round would be a wildly wrong counter.
    assert Codec(scale=10, signed=False, words=2).decode([0x614E, 0x00BC]) != kwh.decode(
        [0x614E, 0x00BC]
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1, "manual_operation"),
        (4, "heat"),
        (5, "active_cooling"),
        (8, "passive_cooling"),
        (98, "standby"),
        (99, "no_demand"),
        (100, "off"),
    ],
)
def test_demand_enum(raw: int, expected: str) -> None:
    assert Codec(options=DEMAND).decode([raw]) == expected


@pytest.mark.parametrize("raw", [0, 9, 42, 97, 101, 0xFFFF])
def test_unmapped_enum_value_is_unknown_not_off(raw: int) -> None:
    assert Codec(options=DEMAND).decode([raw]) is None


def test_wrong_word_count_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 2 words"):
        Codec(words=2).decode([1])


@pytest.mark.parametrize(
    ("value", "raw"),
    [(21.5, [2150]), (-5.0, [65036]), (0, [0]), (-0.01, [0xFFFF])],
)
def test_encode_twos_complement(value: float, raw: list[int]) -> None:
    assert TEMPERATURE.encode(value) == raw
    assert TEMPERATURE.decode(raw) == pytest.approx(value)


def test_encode_pairs_and_options() -> None:
    assert Codec(signed=False, words=2).encode(70000) == [1, 4464]
    assert Codec(signed=False, words=2, word_order="little").encode(70000) == [4464, 1]
    assert Codec(options=DEMAND).encode("standby") == [98]
    with pytest.raises(ValueError, match="is not one of"):
        Codec(options=DEMAND).encode("boost")
    with pytest.raises(TypeError):
        TEMPERATURE.encode("hot")
    with pytest.raises(ValueError, match="does not fit"):
        TEMPERATURE.encode(400.0)


def test_limits_range_and_step() -> None:
    limits = Limits(minimum=10, maximum=40, step=0.5, source="test")
    assert limits.refusal(21.5) is None
    assert limits.refusal(10) is None
    assert limits.refusal(40) is None
    assert limits.refusal(21.3) == "off_step"
    assert limits.refusal(9.5) == "out_of_range"
    assert limits.refusal(40.5) == "out_of_range"


def test_signed_pair_is_negative() -> None:
    assert Codec(words=2).decode([0xFFFF, 0xFFFE]) == -2
    assert Codec(words=2).encode(-2) == [0xFFFF, 0xFFFE]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [([2000], None), ([20000], None), ([2001], 200.1), ([0], 0.0)],
)
def test_several_no_sensor_values(raw: list[int], expected: float | None) -> None:
    # Each raw value in `missing` is unknown, before the scale is applied.
    assert Codec(scale=10, missing=frozenset({2000, 20000})).decode(raw) == expected


def test_a_setting_without_a_range_is_a_bug() -> None:
    channel = Channel(key="holding_x", kind=Kind.SETTING, where=None)
    with pytest.raises(ValueError, match="holding_x has no limits"):
        channel.require_limits()


@pytest.mark.parametrize(
    ("kind", "unit", "scale", "expected"),
    [
        (Kind.MEASUREMENT, "°C", 100, Presentation("temperature", "measurement", 1)),
        (Kind.MEASUREMENT, "°C", 1, Presentation("temperature", "measurement", 0)),
        (Kind.COUNTER, "kWh", 10, Presentation("energy", "total_increasing", 1)),
        (Kind.COUNTER, "kWh", 1, Presentation("energy", "total_increasing", 0)),
        (Kind.SETTING, "°C", 10, Presentation("temperature", None, 1)),
        (Kind.MEASUREMENT, "kW", 1000, Presentation("power", "measurement", 2)),
        (Kind.STATUS, None, 1, Presentation("enum")),
        (Kind.MEASUREMENT, None, 100, Presentation()),
        (Kind.FLAG, None, 1, Presentation()),
    ],
)
def test_what_a_unit_implies(
    kind: Kind, unit: str | None, scale: int, expected: Presentation
) -> None:
    assert implied_presentation(kind, unit, scale) == expected
