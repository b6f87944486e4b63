"""Nordic Heat Pump: local control of Thermia Genesis, Rego 6xx and Husdata pumps."""

from __future__ import annotations

import logging

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .const import DOMAIN, ENTRY_VERSION, PLATFORMS
from .coordinator import (
    NordicHeatPumpConfigEntry,
    NordicHeatPumpData,
    PumpCoordinator,
    auth_failed,
    entity_unique_id,
)
from .issues import forget_link_watch, link_watch
from .pumps import open_client
from .pumps.model import PumpAuthError, PumpError

_LOGGER = logging.getLogger(__name__)

_RETIRED_OPTIONS = ("scan_interval",)
"""Options older versions stored; the family's polling interval replaced them."""


async def async_setup_entry(hass: HomeAssistant, entry: NordicHeatPumpConfigEntry) -> bool:
    """Reach the pump, read what enabled entities need, then add the platforms."""
    client = open_client({**entry.data, **entry.options})
    try:
        identity = await client.identify()
    except PumpAuthError as err:
        await client.close()
        raise auth_failed(err) from err
    except PumpError as err:
        await client.close()
        link_watch(hass, entry).failed(str(err))
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_reach",
            translation_placeholders={"error": str(err)},
        ) from err
    coordinator = PumpCoordinator(hass, entry, client, identity)
    entry.runtime_data = NordicHeatPumpData(client, coordinator, identity)
    try:
        await coordinator.async_config_entry_first_refresh()
    except Exception:
        # Not ready, refused credentials or anything else: the entry is not set up, so
        # nothing else would ever close this link.
        await client.close()
        raise
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: NordicHeatPumpConfigEntry) -> bool:
    """Remove the platforms and close the link."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.client.close()
        entry.runtime_data.coordinator.scale_issues.close()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: NordicHeatPumpConfigEntry) -> None:
    """Forget the link of an entry removed while it could not be set up."""
    forget_link_watch(hass, entry.entry_id)


async def async_migrate_entry(hass: HomeAssistant, entry: NordicHeatPumpConfigEntry) -> bool:
    """Bring an entry made by an older version up to date.

    Version 1 keyed the entry, its entities and its device on the pump's endpoint (for
    example "tcp:192.0.2.5:502:1"). Version 2 keys them on the entry id, so a new IP
    address changes nothing; the entity ids, history and statistics stay. (Home Assistant
    itself refuses an entry made by a newer version.)
    """
    if entry.version == 1:
        await _rekey_from_endpoint(hass, entry)
        hass.config_entries.async_update_entry(
            entry,
            unique_id=None,
            options={k: v for k, v in entry.options.items() if k not in _RETIRED_OPTIONS},
            version=ENTRY_VERSION,
            minor_version=1,
        )
        _LOGGER.debug("Migrated %s to version 2", entry.title)
    return True


async def _rekey_from_endpoint(hass: HomeAssistant, entry: NordicHeatPumpConfigEntry) -> None:
    old = entry.unique_id
    if old is None:
        return
    prefix = f"{old}-"

    @callback
    def rekey(entity: er.RegistryEntry) -> dict[str, str] | None:
        if not entity.unique_id.startswith(prefix):
            return None
        return {"new_unique_id": entity_unique_id(entry, entity.unique_id.removeprefix(prefix))}

    await er.async_migrate_entries(hass, entry.entry_id, rekey)
    devices = dr.async_get(hass)
    device = devices.async_get_device(identifiers={(DOMAIN, old)})
    if device is not None:
        devices.async_update_device(device.id, new_identifiers={(DOMAIN, entry.entry_id)})
