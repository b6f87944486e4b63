"""Diagnostics: settings, identity, link statistics and the latest values."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant

from .const import CONF_DEVICE
from .coordinator import NordicHeatPumpConfigEntry

TO_REDACT = {CONF_HOST, CONF_DEVICE, "unique_id", "title"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: NordicHeatPumpConfigEntry
) -> dict[str, Any]:
    """Everything support needs to tell a wiring fault from a register problem."""
    data = entry.runtime_data
    return {
        "entry": async_redact_data(
            {"title": entry.title, "unique_id": entry.unique_id, "data": dict(entry.data)},
            TO_REDACT,
        ),
        "options": dict(entry.options),
        "identity": asdict(data.identity),
        "link": data.client.diagnostics(),
        "last_update_success": data.coordinator.last_update_success,
        "values": dict(sorted((data.coordinator.data or {}).items())),
    }
