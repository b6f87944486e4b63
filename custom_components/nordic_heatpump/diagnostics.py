"""Diagnostics: settings, identity, link statistics and the latest values."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_DEVICE, CONF_HOST
from homeassistant.core import HomeAssistant

from .const import CONF_FAMILY
from .coordinator import NordicHeatPumpConfigEntry
from .pumps import families

ALWAYS_REDACTED = {CONF_HOST, CONF_DEVICE, "title"}
"""Where the pump is, and the name its owner gave it."""


def _to_redact(entry: NordicHeatPumpConfigEntry) -> set[str]:
    """The fixed keys, and every field the entry's family marks as an address or a secret."""
    forms = families.get(entry.data[CONF_FAMILY]).transports
    return ALWAYS_REDACTED | {
        field.key for form in forms for field in form.fields if field.is_address or field.is_secret
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: NordicHeatPumpConfigEntry
) -> dict[str, Any]:
    """Everything support needs to tell a wiring fault from a register problem."""
    data = entry.runtime_data
    return {
        "entry": async_redact_data(
            {"title": entry.title, "version": entry.version, "data": dict(entry.data)},
            _to_redact(entry),
        ),
        "options": dict(entry.options),
        "identity": asdict(data.identity),
        "link": data.client.diagnostics(),
        "last_update_success": data.coordinator.last_update_success,
        "values": dict(sorted((data.coordinator.data or {}).items())),
    }
