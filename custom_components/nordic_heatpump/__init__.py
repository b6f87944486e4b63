"""Nordic Heat Pump: local control of Thermia Genesis, Rego 6xx and Husdata pumps."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady

from .const import DOMAIN, PLATFORMS
from .coordinator import NordicHeatPumpConfigEntry, NordicHeatPumpData, PumpCoordinator
from .pumps import open_client
from .pumps.model import PumpError


async def async_setup_entry(hass: HomeAssistant, entry: NordicHeatPumpConfigEntry) -> bool:
    """Reach the pump, read what enabled entities need, then add the platforms."""
    client = open_client({**entry.data, **entry.options})
    try:
        identity = await client.identify()
    except PumpError as err:
        await client.close()
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_reach",
            translation_placeholders={"error": str(err)},
        ) from err
    coordinator = PumpCoordinator(hass, entry, client, identity)
    entry.runtime_data = NordicHeatPumpData(client, coordinator, identity)
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryNotReady:
        await client.close()
        raise
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: NordicHeatPumpConfigEntry) -> bool:
    """Remove the platforms and close the link."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.client.close()
    return unloaded
