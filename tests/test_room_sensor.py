"""A pump without a room sensor shows no room temperature, whichever scale is chosen."""

from __future__ import annotations

from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
import pytest

from .conftest import setup_entry, state_of, tcp_config
from .simulators.thermia import ThermiaSimulator

ROOM = "input_room_temperature_sensor"


@pytest.mark.parametrize(
    ("raw", "scale", "shown"),
    [
        # Without a room sensor the pump sends 2000 (200 °C at the documented /10) or 20000.
        (2000, 10, None),
        (20000, 10, None),
        # At /100 the same 2000 would be a made-up 20.0 °C.
        (2000, 100, None),
        (20000, 100, None),
        # A fitted sensor is shown at the scale chosen.
        (215, 10, 21.5),
        (2150, 100, 21.5),
    ],
)
async def test_room_temperature_without_a_sensor_is_unknown(
    hass: HomeAssistant, inverter: ThermiaSimulator, raw: int, scale: int, shown: float | None
) -> None:
    inverter.set_raw("input_registers", 121, raw)
    options = {} if scale == 10 else {f"scale_{ROOM}": scale}
    entry = await setup_entry(hass, tcp_config(inverter, "inverter"), options)
    sensor = state_of(hass, entry, "sensor", ROOM)
    climate = state_of(hass, entry, "climate", "heating")
    if shown is None:
        assert sensor.state == STATE_UNKNOWN
    else:
        assert float(sensor.state) == shown
    assert climate.attributes["current_temperature"] == shown
    # The rest of the climate entity keeps working without a room temperature.
    assert climate.attributes["temperature"] == 21.0
