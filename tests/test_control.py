"""Settings through Home Assistant: confirmed writes, range checks, climate, tap water."""

from __future__ import annotations

import asyncio

from homeassistant.components.climate import HVACAction, HVACMode
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest

from custom_components.nordic_heatpump.const import DOMAIN

from .conftest import entity_id_of, setup_entry, state_of, tcp_config
from .simulators.thermia import ThermiaSimulator

HOLDING = "holding_registers"
COMFORT = "holding_comfort_wheel_setting"
MODE = "holding_operational_mode"


def _writes(sim: ThermiaSimulator) -> list[tuple[str, int, int]]:
    return [(w.kind, w.address, w.value) for w in sim.writes]


async def _set_number(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await hass.services.async_call(
        "number", "set_value", {ATTR_ENTITY_ID: entity_id, "value": value}, blocking=True
    )


@pytest.fixture
async def entry(hass: HomeAssistant, inverter: ThermiaSimulator):
    return await setup_entry(hass, tcp_config(inverter, "inverter"))


async def test_number_write_is_confirmed_and_shown_at_once(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    entity_id = entity_id_of(hass, entry, "number", COMFORT)
    assert float(hass.states.get(entity_id).state) == 21.0
    inverter.requests.clear()
    await _set_number(hass, entity_id, 22.5)
    assert _writes(inverter) == [(HOLDING, 5, 2250)]
    assert inverter.get_raw(HOLDING, 5) == 2250
    # Written with FC6, then the same register read back with FC3.
    assert [(r.function_code, r.address, r.count) for r in inverter.requests] == [
        (6, 5, 1),
        (3, 5, 1),
    ]
    # Shown without waiting for a poll, on the number and on the climate alike.
    assert float(hass.states.get(entity_id).state) == 22.5
    assert state_of(hass, entry, "climate", "heating").attributes["temperature"] == 22.5


async def test_negative_value_goes_out_as_twos_complement(
    hass: HomeAssistant, inverter: ThermiaSimulator, all_entities_enabled: None
) -> None:
    entry = await setup_entry(hass, tcp_config(inverter, "inverter"))
    await entry.runtime_data.coordinator.async_refresh()
    entity_id = entity_id_of(hass, entry, "number", "holding_bms_outdoor_temperature")
    await _set_number(hass, entity_id, -5.5)
    assert _writes(inverter) == [(HOLDING, 118, 65536 - 550)]
    assert float(hass.states.get(entity_id).state) == -5.5


async def test_off_step_value_is_refused_by_our_check(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    # Inside Home Assistant's range check (10-25), but not on the 0.01 °C grid.
    entity_id = entity_id_of(hass, entry, "number", COMFORT)
    inverter.requests.clear()
    with pytest.raises(ServiceValidationError) as err:
        await _set_number(hass, entity_id, 21.005)
    assert (err.value.translation_domain, err.value.translation_key) == (DOMAIN, "off_step")
    assert err.value.translation_placeholders == {
        "setting": "Comfort wheel setting",
        "value": "21.005",
        "minimum": "10",
        "maximum": "25",
        "step": "0.01",
    }
    assert "not a multiple of 0.01 from 10" in str(err.value)
    assert inverter.writes == []
    assert inverter.requests == []
    assert float(hass.states.get(entity_id).state) == 21.0


async def test_out_of_range_value_is_refused_by_our_check(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    # Home Assistant checks a water heater's target against nothing: ours must.
    entity_id = entity_id_of(hass, entry, "water_heater", "tap_water")
    inverter.requests.clear()
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "water_heater",
            "set_temperature",
            {ATTR_ENTITY_ID: entity_id, "temperature": 75},
            blocking=True,
        )
    assert (err.value.translation_domain, err.value.translation_key) == (DOMAIN, "out_of_range")
    assert err.value.translation_placeholders["value"] == "75.0"
    assert inverter.writes == []
    assert inverter.requests == []


async def test_select_writes_named_value(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    entity_id = entity_id_of(hass, entry, "select", MODE)
    assert hass.states.get(entity_id).state == "auto"
    await hass.services.async_call(
        "select", "select_option", {ATTR_ENTITY_ID: entity_id, "option": "standby"}, blocking=True
    )
    assert _writes(inverter) == [(HOLDING, 0, 2)]
    assert hass.states.get(entity_id).state == "standby"
    # Standby shows as OFF on the climate; the select tells the difference.
    assert state_of(hass, entry, "climate", "heating").state == HVACMode.OFF


async def test_switch_writes_coil(hass: HomeAssistant, inverter: ThermiaSimulator, entry) -> None:
    entity_id = entity_id_of(hass, entry, "switch", "coil_enable_heat")
    assert hass.states.get(entity_id).state == "on"
    inverter.requests.clear()
    await hass.services.async_call("switch", "turn_off", {ATTR_ENTITY_ID: entity_id}, blocking=True)
    assert _writes(inverter) == [("coils", 9, 0)]
    # FC5 write, then the coil read back with FC1.
    assert [(r.function_code, r.address, r.count) for r in inverter.requests] == [
        (5, 9, 1),
        (1, 9, 1),
    ]
    assert hass.states.get(entity_id).state == "off"
    await hass.services.async_call("switch", "turn_on", {ATTR_ENTITY_ID: entity_id}, blocking=True)
    assert _writes(inverter)[-1] == ("coils", 9, 1)
    assert hass.states.get(entity_id).state == "on"


async def test_rejected_write_names_the_setting(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    inverter.write_rules.reject.add((HOLDING, 5))
    entity_id = entity_id_of(hass, entry, "number", COMFORT)
    with pytest.raises(HomeAssistantError) as err:
        await _set_number(hass, entity_id, 22.0)
    assert err.value.translation_key == "write_rejected"
    assert "Comfort wheel" in str(err.value)
    assert float(hass.states.get(entity_id).state) == 21.0


async def test_read_back_mismatch_is_an_error(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    inverter.write_rules.substitute[(HOLDING, 5)] = 2000
    entity_id = entity_id_of(hass, entry, "number", COMFORT)
    with pytest.raises(HomeAssistantError) as err:
        await _set_number(hass, entity_id, 22.0)
    assert err.value.translation_key == "write_not_confirmed"
    assert err.value.translation_placeholders["read_back"] == "20.0"
    # The pump was asked; what it holds now is what the next poll will show.
    assert _writes(inverter) == [(HOLDING, 5, 2200)]


async def test_write_timeout_is_an_error(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    inverter.faults.silent = True
    entity_id = entity_id_of(hass, entry, "number", COMFORT)
    with pytest.raises(HomeAssistantError) as err:
        await _set_number(hass, entity_id, 22.0)
    assert err.value.translation_key == "write_timeout"


async def test_write_with_pump_unreachable(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    await inverter.stop()
    await entry.runtime_data.client.close()
    entity_id = entity_id_of(hass, entry, "number", COMFORT)
    with pytest.raises(HomeAssistantError) as err:
        await _set_number(hass, entity_id, 22.0)
    assert err.value.translation_key == "write_failed"


async def test_writes_and_polls_never_interleave(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    inverter.faults.delay = 0.01
    inverter.requests.clear()
    coordinator = entry.runtime_data.coordinator
    entity_id = entity_id_of(hass, entry, "number", COMFORT)
    await asyncio.gather(coordinator.async_refresh(), _set_number(hass, entity_id, 23.0))
    codes = [(r.function_code, r.address) for r in inverter.requests]
    write_at = codes.index((6, 5))
    assert codes[write_at + 1] == (3, 5)


async def test_climate_modes_and_target(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    entity_id = entity_id_of(hass, entry, "climate", "heating")
    state = hass.states.get(entity_id)
    assert state.state == HVACMode.AUTO
    assert state.attributes["current_temperature"] == 21.5
    assert state.attributes["hvac_action"] == HVACAction.HEATING
    await hass.services.async_call(
        "climate", "set_hvac_mode", {ATTR_ENTITY_ID: entity_id, "hvac_mode": "off"}, blocking=True
    )
    assert _writes(inverter) == [(HOLDING, 0, 1)]
    state = hass.states.get(entity_id)
    assert state.state == HVACMode.OFF
    assert state.attributes["hvac_action"] == HVACAction.OFF
    await hass.services.async_call("climate", "turn_on", {ATTR_ENTITY_ID: entity_id}, blocking=True)
    assert _writes(inverter)[-1] == (HOLDING, 0, 3)
    await hass.services.async_call(
        "climate", "turn_off", {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert _writes(inverter)[-1] == (HOLDING, 0, 1)
    await hass.services.async_call(
        "climate", "set_temperature", {ATTR_ENTITY_ID: entity_id, "temperature": 22}, blocking=True
    )
    assert _writes(inverter)[-1] == (HOLDING, 5, 2200)
    assert hass.states.get(entity_id).attributes["temperature"] == 22
    # Inside the climate's 10-25 range but off the setting's 0.01 °C grid: our check.
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            "climate",
            "set_temperature",
            {ATTR_ENTITY_ID: entity_id, "temperature": 22.004},
            blocking=True,
        )
    assert (err.value.translation_domain, err.value.translation_key) == (DOMAIN, "off_step")
    assert len(inverter.writes) == 4


async def test_climate_without_room_sensor(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    state = state_of(hass, entry, "climate", "heating")
    # Raw 20000 (no sensor): no current temperature at all, never 200 °C.
    assert state.attributes["current_temperature"] is None


@pytest.mark.parametrize(
    ("raw", "action"),
    [
        (1, HVACAction.IDLE),
        (2, HVACAction.DEFROSTING),
        (3, HVACAction.IDLE),
        (4, HVACAction.HEATING),
        (5, HVACAction.COOLING),
        (6, HVACAction.IDLE),
        (7, HVACAction.IDLE),
        (8, HVACAction.COOLING),
        (98, HVACAction.IDLE),
        (99, HVACAction.IDLE),
        (100, HVACAction.OFF),
        (42, None),
    ],
)
async def test_hvac_action_for_every_demand(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry, raw: int, action: HVACAction | None
) -> None:
    inverter.set_raw("input_registers", 1, raw)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    state = state_of(hass, entry, "climate", "heating")
    assert state.state == HVACMode.AUTO
    assert state.attributes.get("hvac_action") == action


async def test_climate_unavailable_without_its_mode(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    inverter.faults.exception_at.add((HOLDING, 0))
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, entry, "climate", "heating").state == STATE_UNAVAILABLE


async def test_water_heater(hass: HomeAssistant, inverter: ThermiaSimulator, entry) -> None:
    entity_id = entity_id_of(hass, entry, "water_heater", "tap_water")
    state = hass.states.get(entity_id)
    weighted = inverter.get_raw("input_registers", 17) / 100
    assert state.attributes["current_temperature"] == weighted
    assert state.attributes["temperature"] == 52.0
    assert state.attributes["target_temp_high"] == 52.0
    assert state.attributes["target_temp_low"] == 45.0
    await hass.services.async_call(
        "water_heater",
        "set_temperature",
        {ATTR_ENTITY_ID: entity_id, "temperature": 55},
        blocking=True,
    )
    assert _writes(inverter) == [(HOLDING, 23, 5500)]
    assert hass.states.get(entity_id).attributes["temperature"] == 55
    # With the weighted sensor missing, the top sensor is shown.
    inverter.set_raw("input_registers", 17, 20000)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    top = inverter.get_raw("input_registers", 15) / 100
    assert hass.states.get(entity_id).attributes["current_temperature"] == top


async def test_coordinator_refuses_what_no_entity_should_ask(
    hass: HomeAssistant, inverter: ThermiaSimulator, entry
) -> None:
    coordinator = entry.runtime_data.coordinator
    channels = coordinator.client.channels
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write(channels["input_outdoor_temperature"], 1.0, "Outdoor")
    assert err.value.translation_key == "not_writable"
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write(channels[MODE], "turbo", "Operational mode")
    assert err.value.translation_key == "invalid_option"
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write(channels[COMFORT], "warm", "Comfort")
    assert err.value.translation_key == "out_of_range"
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write(channels[COMFORT], 25.01, "Comfort")
    assert err.value.translation_key == "out_of_range"
    assert err.value.translation_placeholders["maximum"] == "25"
    assert inverter.writes == []
