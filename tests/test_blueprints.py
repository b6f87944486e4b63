"""The automation blueprints in blueprints/automation/nordic_heatpump, run by Home Assistant.

Each blueprint is installed where Home Assistant looks for it, used by an automation as
a user would, and triggered by the simulated pump.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
import shutil
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from .conftest import entity_id_of, setup_entry, state_of, tcp_config
from .simulators.rego import RegoSimulator
from .simulators.thermia import ThermiaSimulator

BLUEPRINTS = Path(__file__).parents[1] / "blueprints" / "automation" / "nordic_heatpump"
FAST = {"request_gap_ms": 5}


@pytest.fixture(autouse=True)
def installed_blueprints(hass: HomeAssistant) -> None:
    """The blueprints copied where Home Assistant imports them to."""
    target = Path(hass.config.path("blueprints", "automation", "nordic_heatpump"))
    target.mkdir(parents=True, exist_ok=True)
    for blueprint in BLUEPRINTS.glob("*.yaml"):
        shutil.copy(blueprint, target / blueprint.name)


async def _use(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    config = {
        "automation": {
            "id": name,
            "alias": name,
            "use_blueprint": {"path": f"nordic_heatpump/{name}.yaml", "input": inputs},
        }
    }
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    state = hass.states.get(f"automation.{name}")
    assert state is not None
    assert state.state == "on", state.attributes


async def _poll(entry: MockConfigEntry, hass: HomeAssistant) -> None:
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def test_notify_on_an_alarm_and_on_a_new_controller_error(
    hass: HomeAssistant, rego: RegoSimulator
) -> None:
    host, port = rego.tcp_address or ("", 0)
    config = {"family": "rego", "model": "rego_6xx", "transport": "rego_bridge"}
    entry = await setup_entry(hass, {**config, "host": host, "port": port, "layout": "600"}, FAST)
    calls: list[ServiceCall] = async_mock_service(hass, "test", "notify")
    alarm = entity_id_of(hass, entry, "binary_sensor", "alarm")
    errors = entity_id_of(hass, entry, "event", "error_logged")
    await _use(
        hass,
        "notify_on_pump_alarm",
        {
            "alarms": [alarm],
            "error_events": [errors],
            "notify": [{"action": "test.notify", "data": {"message": "{{ message }}"}}],
        },
    )
    assert calls == []  # set-up, with the alarm off and an old logged error, is quiet

    rego.log_error(14, datetime(2026, 3, 1, 7, 30, 5))  # noqa: DTZ001 - the controller's time
    await _poll(entry, hass)
    (call,) = calls
    event = state_of(hass, entry, "event", "error_logged")
    assert call.data["message"] == (
        f"{event.name}: high_pressure_switch ({event.attributes['logged_at']})"
    )

    rego.set("alarm", 1)
    await _poll(entry, hass)
    assert [call.data["message"] for call in calls[1:]] == [f"{hass.states.get(alarm).name} is on"]

    # The pump going away and coming back is neither an alarm nor a new error.
    entry.runtime_data.coordinator.async_set_update_error(Exception("link down"))
    await hass.async_block_till_done()
    assert hass.states.get(errors).state == STATE_UNAVAILABLE
    await _poll(entry, hass)
    assert len(calls) == 2


async def test_lower_the_heating_while_electricity_is_expensive(
    hass: HomeAssistant, inverter: ThermiaSimulator
) -> None:
    entry = await setup_entry(hass, tcp_config(inverter, "inverter"))
    heating = entity_id_of(hass, entry, "climate", "heating")
    hass.states.async_set("sensor.electricity_price", "1.20")
    await _use(
        hass,
        "lower_heating_when_expensive",
        {
            "heating": heating,
            "price": "sensor.electricity_price",
            "expensive_above": 2.0,
            "comfort": 21,
            "economy": 19,
        },
    )
    inverter.writes.clear()

    hass.states.async_set("sensor.electricity_price", "2.75")
    await hass.async_block_till_done()
    assert hass.states.get(heating).attributes["temperature"] == 19
    assert len(inverter.writes) == 1  # confirmed by the pump, shown from its read-back

    hass.states.async_set("sensor.electricity_price", "3.10")  # still expensive: nothing to do
    hass.states.async_set("sensor.electricity_price", "unavailable")  # no price: leave it
    await hass.async_block_till_done()
    assert len(inverter.writes) == 1

    hass.states.async_set("sensor.electricity_price", "0.80")
    await hass.async_block_till_done()
    assert hass.states.get(heating).attributes["temperature"] == 21
    assert len(inverter.writes) == 2
