"""Setting up, polling, degrading per register, and unloading, through Home Assistant."""

from __future__ import annotations

from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.nordic_heatpump.const import DOMAIN

from .conftest import entity_id_of, make_entry, setup_entry, state_of, tcp_config
from .simulators.thermia import ThermiaSimulator


async def _poll(hass: HomeAssistant, entry) -> None:
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def test_setup_reads_and_decodes(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    assert entry.state is ConfigEntryState.LOADED
    outdoor = state_of(hass, entry, "sensor", "input_outdoor_temperature")
    assert float(outdoor.state) == -5.5
    assert outdoor.attributes["unit_of_measurement"] == "°C"
    assert outdoor.attributes["device_class"] == "temperature"
    assert outdoor.attributes["state_class"] == "measurement"
    # Raw 20000 means "no sensor": unknown, never 200 °C.
    assert state_of(hass, entry, "sensor", "input_system_supply_line_temperature").state == (
        STATE_UNKNOWN
    )
    assert state_of(hass, entry, "sensor", "input_room_temperature_sensor").state == STATE_UNKNOWN
    demand = state_of(hass, entry, "sensor", "input_first_prioritised_demand")
    assert demand.state == "heat"
    assert demand.attributes["device_class"] == "enum"
    assert "passive_cooling" in demand.attributes["options"]
    hours = state_of(hass, entry, "sensor", "input_compressor_operating_hours")
    # A 32-bit count above 65535: both words were read and combined.
    assert int(hours.state) == 100000  # fixture: MSB 1, LSB 34464
    assert hours.attributes["state_class"] == "total_increasing"
    # Discrete input 0 is clear in the fixture; setting it turns the alarm on at the next poll.
    assert state_of(hass, entry, "binary_sensor", "dinput_alarm_active_class_a").state == "off"
    mega.set_raw("discrete_inputs", 0, 1)
    await _poll(hass, entry)
    assert state_of(hass, entry, "binary_sensor", "dinput_alarm_active_class_a").state == "on"


async def test_device_carries_model_and_firmware(
    hass: HomeAssistant, mega: ThermiaSimulator, inverter: ThermiaSimulator
) -> None:
    mega_entry = await setup_entry(hass, tcp_config(mega, "mega"))
    inverter_entry = await setup_entry(hass, tcp_config(inverter, "inverter"))
    registry = dr.async_get(hass)
    mega_device = registry.async_get_device_by_identifier(
        (DOMAIN, mega_entry.entry_id), mega_entry.entry_id
    )
    assert mega_device is not None
    assert mega_device.manufacturer == "Thermia"
    assert mega_device.model == "Genesis Mega"
    assert mega_device.sw_version == "9.2.1"
    inverter_device = registry.async_get_device_by_identifier(
        (DOMAIN, inverter_entry.entry_id), inverter_entry.entry_id
    )
    assert inverter_device is not None
    assert inverter_device.sw_version == "17.1.0"
    assert inverter_device.model.startswith("Genesis Inverter")


async def test_ids_carry_no_address(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    # Ignored: the polling interval is no longer an option (an older entry may carry it).
    entry = await setup_entry(hass, tcp_config(mega, "mega"), {"scan_interval": 5})
    assert entry.unique_id is None
    assert entry.runtime_data.coordinator.update_interval == timedelta(seconds=30)
    registered = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    keys = set(entry.runtime_data.client.channels) | {"heating", "tap_water"}
    assert {entity.unique_id for entity in registered} == {
        f"{entry.entry_id}-{key}" for key in keys
    }
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert [device.identifiers for device in devices] == [{(DOMAIN, entry.entry_id)}]


async def test_energy_meter_is_ready_for_the_energy_panel(
    hass: HomeAssistant, inverter: ThermiaSimulator
) -> None:
    entry = await setup_entry(hass, tcp_config(inverter, "inverter"))
    energy = state_of(hass, entry, "sensor", "input_electric_meter_kwh_total")
    assert float(energy.state) == 42876.5
    assert energy.attributes["device_class"] == "energy"
    assert energy.attributes["unit_of_measurement"] == "kWh"
    assert energy.attributes["state_class"] == "total_increasing"
    room = state_of(hass, entry, "sensor", "input_room_temperature_sensor")
    assert float(room.state) == 21.5


async def test_only_enabled_entities_are_read(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    coordinator = entry.runtime_data.coordinator
    registry = er.async_get(hass)
    enabled = {
        reg.unique_id.removeprefix(f"{entry.entry_id}-")
        for reg in er.async_entries_for_config_entry(registry, entry.entry_id)
        if reg.disabled_by is None
    }
    composite = {"heating", "tap_water"}
    enabled_channels = {
        key for key, channel in coordinator.client.channels.items() if channel.enabled_default
    }
    assert enabled == enabled_channels | composite
    assert set(coordinator.data) == enabled_channels
    # A disabled entity is not polled; enabling it (and reloading, as HA does) reads it.
    key = "input_mix_valve_1_supply_line_temperature"
    entity_id = entity_id_of(hass, entry, "sensor", key)
    assert key not in coordinator.data
    registry.async_update_entity(entity_id, disabled_by=None)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert key in entry.runtime_data.coordinator.data
    # Input 40, scale 100, as the fixture holds it.
    assert float(hass.states.get(entity_id).state) == mega.get_raw("input_registers", 40) / 100


async def test_rejected_register_is_isolated_and_remembered(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    mega.faults.exception_at.add(("input_registers", 13))
    mega.set_raw("input_registers", 9, 3456)
    await _poll(hass, entry)
    assert state_of(hass, entry, "sensor", "input_outdoor_temperature").state == STATE_UNAVAILABLE
    # Its block neighbours keep updating.
    assert float(state_of(hass, entry, "sensor", "input_condenser_out_temperature").state) == 34.56
    assert entry.runtime_data.coordinator.last_update_success
    # The next poll does not ask for the rejected register again.
    mega.requests.clear()
    await _poll(hass, entry)
    touched = [
        r
        for r in mega.requests
        if r.kind == "input_registers" and r.address <= 13 < r.address + r.count
    ]
    assert touched == []
    assert (
        "input_outdoor_temperature" in entry.runtime_data.client.diagnostics()["rejected_channels"]
    )


async def test_pump_away_at_start_retries_setup(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    mega.faults.silent = True
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_pump_lost_after_identifying_retries_setup(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    # Identifying takes three requests (demand, 311 rejected, 57-59); then it goes silent.
    mega.faults.silent_after = 3
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert mega.writes == []


async def test_pump_lost_and_back(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    mega.faults.silent = True
    await _poll(hass, entry)
    assert not entry.runtime_data.coordinator.last_update_success
    assert state_of(hass, entry, "sensor", "input_outdoor_temperature").state == STATE_UNAVAILABLE
    mega.faults.silent = False
    # Reconnecting waits out a backoff; the scheduled poll after it brings values back.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=90))
    await hass.async_block_till_done()
    await _poll(hass, entry)
    assert float(state_of(hass, entry, "sensor", "input_outdoor_temperature").state) == -5.5


async def test_loss_and_return_are_each_logged_once(
    hass: HomeAssistant, mega: ThermiaSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    # Three failed polls say "unavailable" once; the first good poll says "back" once.
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    caplog.set_level(logging.INFO)
    caplog.clear()
    mega.faults.silent = True
    for _ in range(3):
        await _poll(hass, entry)
    mega.faults.silent = False
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=90))
    await hass.async_block_till_done()
    for _ in range(2):
        await _poll(hass, entry)
    assert entry.runtime_data.coordinator.last_update_success
    told = [
        (record.levelname, record.getMessage().split(":")[0])
        for record in caplog.records
        if record.name.startswith(("custom_components.nordic_heatpump", "pymodbus"))
        and record.levelno >= logging.INFO
    ]
    assert told == [
        ("ERROR", f"Error fetching nordic_heatpump {entry.title} data"),
        ("INFO", f"Fetching nordic_heatpump {entry.title} data recovered"),
    ]


async def test_unload_closes_the_link(hass: HomeAssistant, mega: ThermiaSimulator) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    client = entry.runtime_data.client
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert client.diagnostics()["connected"] is False


async def test_no_writes_during_setup_polling_reload_unload(
    hass: HomeAssistant, mega: ThermiaSimulator, all_entities_enabled: None
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    await _poll(hass, entry)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(entry.entry_id)
    assert mega.requests
    assert mega.writes == []
    assert {r.function_code for r in mega.requests} <= {1, 2, 3, 4}


async def test_gap_and_block_size_options_are_used(
    hass: HomeAssistant, mega: ThermiaSimulator
) -> None:
    entry = make_entry(tcp_config(mega, "mega"), {"max_registers": 4, "request_gap_ms": 5})
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    register_reads = [r for r in mega.requests if r.function_code in (3, 4)]
    assert register_reads
    assert max(r.count for r in register_reads) <= 4
    assert entry.runtime_data.client.diagnostics()["request_gap_s"] == 0.005


async def test_disputed_scale_chosen_in_options(
    hass: HomeAssistant, inverter: ThermiaSimulator
) -> None:
    # The owner of a controller that sends hundredths picks /100 for the room sensor.
    inverter.set_raw("input_registers", 121, 2150)
    entry = await setup_entry(
        hass, tcp_config(inverter, "inverter"), {"scale_input_room_temperature_sensor": 100}
    )
    assert float(state_of(hass, entry, "sensor", "input_room_temperature_sensor").state) == 21.5
    assert state_of(hass, entry, "climate", "heating").attributes["current_temperature"] == 21.5
