"""The diagnostics dump: useful to support, with the pump's address redacted."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .conftest import setup_entry, tcp_config
from .simulators.thermia import ThermiaSimulator


async def test_diagnostics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mega: ThermiaSimulator
) -> None:
    entry = await setup_entry(hass, tcp_config(mega, "mega"))
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["entry"]["data"]["host"] == "**REDACTED**"
    assert diagnostics["entry"]["unique_id"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["model"] == "mega"
    assert diagnostics["identity"]["firmware"] == "9.2.1"
    assert diagnostics["link"]["statistics"]["requests"] > 0
    assert diagnostics["link"]["connected"] is True
    assert diagnostics["values"]["input_outdoor_temperature"] == -5.5
    assert diagnostics["values"]["input_system_supply_line_temperature"] is None
