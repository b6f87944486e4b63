"""The integration end to end over each transport the pump can be wired with."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .conftest import rtu_config, setup_entry, state_of
from .simulators.thermia import ThermiaSimulator, fixture_path


async def test_modbus_rtu_on_a_serial_port(hass: HomeAssistant) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty(unit_id=1)
        entry = await setup_entry(hass, rtu_config(path, "inverter"))
        assert entry.state is ConfigEntryState.LOADED
        assert float(state_of(hass, entry, "sensor", "input_outdoor_temperature").state) == -5.5
        assert float(state_of(hass, entry, "sensor", "input_room_temperature_sensor").state) == 21.5
        energy = state_of(hass, entry, "sensor", "input_electric_meter_kwh_total")
        assert float(energy.state) == 42876.5
        assert entry.runtime_data.client.diagnostics()["request_gap_s"] == 0.003
        assert {r.unit_id for r in sim.requests} == {1}
        await hass.config_entries.async_unload(entry.entry_id)


async def test_modbus_rtu_through_a_tcp_bridge(hass: HomeAssistant) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("mega")) as sim:
        host, port = await sim.start_tcp(framer="rtu")
        config = {
            "family": "thermia",
            "model": "mega",
            "transport": "rtu_over_tcp",
            "host": host,
            "port": port,
            "unit_id": 1,
        }
        entry = await setup_entry(hass, config)
        assert entry.state is ConfigEntryState.LOADED
        assert float(state_of(hass, entry, "sensor", "input_outdoor_temperature").state) == -5.5
        assert state_of(hass, entry, "sensor", "input_first_prioritised_demand").state == "heat"
        await hass.config_entries.async_unload(entry.entry_id)
