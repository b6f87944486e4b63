"""Which scale fits a value: the rules behind the scale repair issues, without a pump."""

from __future__ import annotations

import pytest

from custom_components.nordic_heatpump.pumps.husdata.ids import (
    PLAUSIBLE as H1_PLAUSIBLE,
    SCALE_DISPUTED,
)
from custom_components.nordic_heatpump.pumps.plausibility import (
    Plausible,
    ScaleDispute,
    ScaleSuggestion,
    ScaleWatch,
)
from custom_components.nordic_heatpump.pumps.thermia.registers import (
    DISPUTED_SCALES,
    PLAUSIBLE as THERMIA_PLAUSIBLE,
)

ROOM = ScaleDispute("room", "scale_room", (10, 100), 10, Plausible(5.0, 40.0))


def test_every_disputed_thermia_channel_has_a_plausible_range() -> None:
    assert set(THERMIA_PLAUSIBLE) == set(DISPUTED_SCALES)


def test_plausible_ranges_are_given_only_for_disputed_h1_ids() -> None:
    assert set(H1_PLAUSIBLE) <= set(SCALE_DISPUTED)


def test_a_range_holds_numbers_only() -> None:
    assert 5.0 in ROOM.plausible
    assert 40 in ROOM.plausible
    assert 40.01 not in ROOM.plausible
    assert True not in ROOM.plausible  # a bool is no reading
    assert "21" not in ROOM.plausible


def test_the_chosen_scale_must_be_a_documented_one() -> None:
    with pytest.raises(ValueError, match="scale 1 is not one of"):
        ScaleDispute("room", "scale_room", (10, 100), 1, Plausible(5.0, 40.0))


@pytest.mark.parametrize(
    ("value", "better"),
    [
        (21.5, None),  # fits as read
        (215.0, (100, 21.5)),  # fits only at /100
        (900.0, None),  # 90 °C at /100: fits no scale
        (-12.0, None),
    ],
)
def test_better_scale(value: float, better: tuple[int, float] | None) -> None:
    assert ROOM.better_scale(value) == better


def test_a_smaller_scale_is_found_as_well() -> None:
    # Read at /100 while the pump sends /10: 21.5 °C arrives as 2.15 °C.
    dispute = ScaleDispute("room", "scale_room", (10, 100), 100, Plausible(5.0, 40.0))
    assert dispute.better_scale(2.15) == (10, 21.5)


def test_three_suspect_readings_in_a_row_suggest_the_other_scale() -> None:
    watch = ScaleWatch([ROOM])
    assert watch.observe({"room": 215.0}) == {}
    assert watch.observe({"room": 216.0, "other": 9999}) == {}
    assert watch.observe({"room": 217.0}) == {
        "room": ScaleSuggestion("room", "scale_room", 10, 100, 217.0, 21.7)
    }
    # Every further suspect reading says so again; a plausible one says all is well.
    assert watch.observe({"room": 218.0})["room"] is not None
    assert watch.observe({"room": 21.8}) == {"room": None}


def test_a_plausible_or_hopeless_reading_breaks_the_streak() -> None:
    watch = ScaleWatch([ROOM])
    for value in (215.0, 215.0, 21.5, 215.0, 215.0, 900.0, 215.0, 215.0):
        verdict = watch.observe({"room": value}).get("room")
        assert verdict is None
    assert watch.observe({"room": 215.0})["room"] is not None


def test_unknown_values_are_passed_over() -> None:
    watch = ScaleWatch([ROOM], readings=2)
    assert watch.observe({"room": 215.0}) == {}
    assert watch.observe({"room": None}) == {}  # not read this time: no verdict, no reset
    assert watch.observe({"room": "215"}) == {}
    assert watch.observe({"room": 215.0})["room"] is not None
