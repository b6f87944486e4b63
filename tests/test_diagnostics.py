"""The diagnostics dump: useful to support, with the pump's address redacted."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .conftest import rtu_config, setup_entry, tcp_config
from .simulators.thermia import ThermiaSimulator, fixture_path


async def test_diagnostics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mega: ThermiaSimulator
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["entry"]["data"]["host"] == "**REDACTED**"
    assert diagnostics["entry"]["title"] == "**REDACTED**"
    assert diagnostics["entry"]["version"] == 2
    assert diagnostics["entry"]["data"]["model"] == "mega"
    assert diagnostics["identity"]["firmware"] == "9.2.1"
    # Every request the pump saw, and no other, is counted.
    assert diagnostics["link"]["statistics"]["requests"] == len(mega.requests)
    assert diagnostics["link"]["statistics"]["timeouts"] == 0
    assert diagnostics["link"]["connected"] is True
    assert diagnostics["values"]["input_outdoor_temperature"] == -5.5
    assert diagnostics["values"]["input_system_supply_line_temperature"] is None
    assert mega.tcp_address[0] not in json.dumps(diagnostics)


async def test_diagnostics_hide_the_serial_port(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty(unit_id=1)
        entry = await setup_entry(hass, rtu_config(path, "inverter"))
        diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
        await hass.config_entries.async_unload(entry.entry_id)
    assert diagnostics["entry"]["data"]["device"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["baudrate"] == 19200
    assert path not in json.dumps(diagnostics)
