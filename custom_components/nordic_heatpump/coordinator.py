"""One coordinator per pump: polls the channels that enabled entities listen to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DEFAULT_SCAN_INTERVAL, DOMAIN
from .pumps.model import (
    Channel,
    DeviceIdentity,
    PumpClient,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
    PumpWriteMismatchError,
    Value,
)

_LOGGER = logging.getLogger(__name__)

type NordicHeatPumpConfigEntry = ConfigEntry[NordicHeatPumpData]


@dataclass(slots=True)
class NordicHeatPumpData:
    """What a loaded entry holds."""

    client: PumpClient
    coordinator: PumpCoordinator
    identity: DeviceIdentity


def entity_unique_id(entry: ConfigEntry, key: str) -> str:
    """Entity unique ids hang off the entry's unique id, which never changes."""
    return f"{entry.unique_id}-{key}"


class PumpCoordinator(DataUpdateCoordinator[dict[str, Value]]):
    """Holds the latest value of every channel that is listened to.

    A key missing from `data` means that channel could not be read: its entity is
    unavailable while the rest keep updating.
    """

    config_entry: NordicHeatPumpConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: NordicHeatPumpConfigEntry,
        client: PumpClient,
        identity: DeviceIdentity,
    ) -> None:
        """Poll at the entry's chosen interval."""
        seconds = entry.options.get(CONF_SCAN_INTERVAL)
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=timedelta(seconds=seconds) if seconds else DEFAULT_SCAN_INTERVAL,
        )
        self.client = client
        self.device_info = DeviceInfo(
            identifiers={(DOMAIN, str(entry.unique_id))},
            manufacturer=identity.manufacturer,
            model=identity.model,
            sw_version=identity.firmware,
            serial_number=identity.serial_number,
            name=entry.title,
        )

    def _listened_channels(self) -> list[Channel]:
        keys: set[str] = set()
        for context in self.async_contexts():
            keys.update(context)
        if not keys:
            # Before the platforms add their entities: what the registry says is enabled.
            keys = set(self._enabled_in_registry())
        channels = self.client.channels
        return [channels[key] for key in sorted(keys) if key in channels]

    def _enabled_in_registry(self) -> Iterable[str]:
        registry = er.async_get(self.hass)
        known = {
            entry.unique_id: entry
            for entry in er.async_entries_for_config_entry(registry, self.config_entry.entry_id)
        }
        for key, channel in self.client.channels.items():
            entry = known.get(entity_unique_id(self.config_entry, key))
            if (entry.disabled_by is None) if entry else channel.enabled_default:
                yield key

    async def _async_update_data(self) -> dict[str, Value]:
        try:
            result = await self.client.read(self._listened_channels())
        except PumpError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        return result.values

    def publish(self, key: str, value: Value) -> None:
        """Show a value just confirmed by the pump without waiting for the next poll."""
        self.async_set_updated_data({**(self.data or {}), key: value})

    async def async_write(self, channel: Channel, value: float | str | bool, name: str) -> None:
        """Validate, write, confirm by reading back, and publish the confirmed value.

        `name` is how the user knows the setting; it goes into every error message.
        """
        self._validate(channel, value, name)
        placeholders = {"setting": name, "value": str(value)}
        try:
            confirmed = await self.client.write(channel, value)
        except PumpError as err:
            key, details = _write_error(err)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key=key,
                translation_placeholders={**placeholders, **details},
            ) from err
        self.publish(channel.key, confirmed)

    @staticmethod
    def _validate(channel: Channel, value: float | str | bool, name: str) -> None:
        """Refuse anything the table does not allow, before a byte is sent."""
        if not channel.writable:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_writable",
                translation_placeholders={"setting": name},
            )
        options = channel.options
        if options is not None:
            if value not in options:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="invalid_option",
                    translation_placeholders={
                        "setting": name,
                        "value": str(value),
                        "options": ", ".join(options),
                    },
                )
            return
        limits = channel.limits
        if limits is None:
            return  # a coil: on or off
        if isinstance(value, str | bool) or not limits.check(float(value)):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="out_of_range",
                translation_placeholders={
                    "setting": name,
                    "value": str(value),
                    "minimum": f"{limits.minimum:g}",
                    "maximum": f"{limits.maximum:g}",
                    "step": f"{limits.step:g}",
                },
            )


def _write_error(err: PumpError) -> tuple[str, dict[str, str]]:
    """The translation key of a failed write, and the details its message shows."""
    match err:
        case PumpWriteMismatchError():
            return "write_not_confirmed", {"read_back": str(err.read_back)}
        case PumpTimeoutError():
            return "write_timeout", {}
        case PumpRejectedError():
            return "write_rejected", {"code": str(err.code)}
    return "write_failed", {"error": str(err)}
