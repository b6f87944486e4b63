"""One coordinator per pump: the latest value of every channel an entity listens to.

A polling family reads those channels at its interval and each poll replaces the data.
A push family has no interval: what the device sends is merged into the data and wakes
only the entities that show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import CONF_FAMILY, DOMAIN
from .issues import ScaleIssues, link_watch
from .pumps import families
from .pumps.model import (
    Channel,
    DeviceIdentity,
    PumpAuthError,
    PumpClient,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
    PumpWriteMismatchError,
    PushSource,
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
    """Entity unique ids hang off the entry id, never off the pump's address.

    The pump reports no hardware identity, and its address may change while it stays
    the same pump.
    """
    return f"{entry.entry_id}-{key}"


class PumpCoordinator(DataUpdateCoordinator[dict[str, Value]]):
    """Holds the latest value of every channel that is listened to.

    An entity is available while the link is up and its channel is not in `unreadable`
    (the device refused it, or the last poll could not reach it); a channel with no
    value yet shows as unknown.
    """

    config_entry: NordicHeatPumpConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: NordicHeatPumpConfigEntry,
        client: PumpClient,
        identity: DeviceIdentity,
    ) -> None:
        """Poll at the family's interval; a push client is not polled."""
        self.pushes = isinstance(client, PushSource)
        seconds = families.get(entry.data[CONF_FAMILY]).poll_interval
        interval = None if self.pushes or seconds is None else timedelta(seconds=seconds)
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=interval,
        )
        self.client = client
        self.unreadable: set[str] = set()
        self.link = link_watch(hass, entry)
        self.scale_issues = ScaleIssues(hass, entry, client.channels)
        self._listeners_by_key: dict[str, list[CALLBACK_TYPE]] = {}
        self.device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            manufacturer=identity.manufacturer,
            model=identity.model,
            sw_version=identity.firmware,
            serial_number=identity.serial_number,
            name=entry.title,
        )

    async def _async_setup(self) -> None:
        """Start receiving what a push device sends (once, before the first read)."""
        if isinstance(self.client, PushSource):
            unsubscribe = self.client.subscribe(self._values_received, self._link_changed)
            self.config_entry.async_on_unload(unsubscribe)

    @callback
    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, context: Any = None
    ) -> Callable[[], None]:
        """Also index the listener by the channel keys it shows, for pushed values."""
        remove_listener = super().async_add_listener(update_callback, context)
        keys = tuple(context or ())
        for key in keys:
            self._listeners_by_key.setdefault(key, []).append(update_callback)

        @callback
        def remove() -> None:
            remove_listener()
            for key in keys:
                listeners = self._listeners_by_key[key]
                listeners.remove(update_callback)
                if not listeners:
                    del self._listeners_by_key[key]

        return remove

    def is_readable(self, key: str) -> bool:
        """Whether the channel's value can be shown (it may still be unknown)."""
        return self.last_update_success and key not in self.unreadable

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
        except PumpAuthError as err:
            raise auth_failed(err) from err
        except PumpError as err:
            self.link.failed(str(err))
            raise _update_failed(err) from err
        self.link.restored()
        self.unreadable = set(result.failed)
        if self.pushes:
            # Pushed values were judged as they came; this only catches up with them.
            return {**(self.data or {}), **result.values}
        self.scale_issues.observe(result.values)
        return result.values

    @callback
    def _values_received(self, values: Mapping[str, Value]) -> None:
        """Merge pushed values; wake only the entities that show a changed one."""
        data = self.data or {}
        changed = [key for key, value in values.items() if key not in data or data[key] != value]
        self.data = {**data, **values}
        self.unreadable.difference_update(values)
        self.link.restored()
        self.scale_issues.observe(values)
        if not self.last_update_success:
            self._link_changed(None)
            return
        woken: dict[CALLBACK_TYPE, None] = {}
        for key in changed:
            woken.update(dict.fromkeys(self._listeners_by_key.get(key, ())))
        for update_callback in woken:
            update_callback()

    @callback
    def _link_changed(self, error: PumpError | None) -> None:
        """A push link went down (every entity unavailable) or came back."""
        if error is not None:
            self.link.failed(str(error))
            self.async_set_update_error(_update_failed(error))
            return
        self.link.restored()
        if not self.last_update_success:
            self.logger.info("Fetching %s data recovered", self.name)
            self.last_update_success = True
            self.last_exception = None
            self.async_update_listeners()

    def publish(self, key: str, value: Value) -> None:
        """Show a value just confirmed by the pump without waiting for the next poll."""
        self.unreadable.discard(key)
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
            return  # an on/off setting
        refusal = "out_of_range" if isinstance(value, str | bool) else limits.refusal(float(value))
        if refusal is not None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=refusal,
                translation_placeholders={
                    "setting": name,
                    "value": str(value),
                    "minimum": f"{limits.minimum:g}",
                    "maximum": f"{limits.maximum:g}",
                    "step": f"{limits.step:g}",
                },
            )


def auth_failed(err: PumpAuthError) -> ConfigEntryAuthFailed:
    """The link refused its credentials: Home Assistant starts the reauth flow."""
    return ConfigEntryAuthFailed(
        translation_domain=DOMAIN,
        translation_key="auth_failed",
        translation_placeholders={"error": str(err)},
    )


def _update_failed(err: PumpError) -> UpdateFailed:
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key="update_failed",
        translation_placeholders={"error": str(err)},
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
