"""The base of every entity: one channel of one pump."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

from homeassistant.const import EntityCategory
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator, entity_unique_id
from .pumps.model import Channel, Kind, Value


def channel_entities[EntityT: PumpEntity](
    entry: NordicHeatPumpConfigEntry,
    kinds: Collection[Kind],
    entity_class: Callable[[PumpCoordinator, Channel], EntityT],
) -> list[EntityT]:
    """One entity per channel of the configured model whose kind the platform shows."""
    coordinator = entry.runtime_data.coordinator
    return [
        entity_class(coordinator, channel)
        for channel in coordinator.client.channels.values()
        if channel.kind in kinds
    ]


def _display_name(name: object, fallback: str) -> str:
    return name if isinstance(name, str) and name else fallback


class PumpEntity(CoordinatorEntity[PumpCoordinator]):
    """Shows one channel; unavailable while that channel cannot be read."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: PumpCoordinator, channel: Channel) -> None:
        """Describe the entity from the channel's table row."""
        super().__init__(coordinator, context=(channel.key,))
        self.channel = channel
        self._attr_unique_id = entity_unique_id(coordinator.config_entry, channel.key)
        self._attr_translation_key = channel.key
        self._attr_entity_registry_enabled_default = channel.enabled_default
        self._attr_entity_category = EntityCategory(channel.category) if channel.category else None
        self._attr_device_info = coordinator.device_info

    @property
    def available(self) -> bool:
        """Available while the link is up and the pump answers for this channel."""
        return super().available and self.coordinator.is_readable(self.channel.key)

    @property
    def setting_name(self) -> str:
        """The entity's name as the user sees it, for error messages."""
        return _display_name(self.name, self.channel.key)

    @property
    def channel_value(self) -> Value:
        """The channel's latest value (None when unknown)."""
        return self.coordinator.data.get(self.channel.key)


class CompositeEntity(CoordinatorEntity[PumpCoordinator]):
    """An entity built from several channels (a climate, a water heater)."""

    _attr_target_temperature_step: float | None = None
    """Set from the target's setting by `_target_range_from` (climate, water heater)."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: PumpCoordinator, key: str, keys: tuple[str, ...]) -> None:
        """Listen to every channel the entity shows."""
        super().__init__(coordinator, context=keys)
        self._attr_unique_id = entity_unique_id(coordinator.config_entry, key)
        self._attr_translation_key = key
        self._attr_device_info = coordinator.device_info

    def _target_range_from(self, key: str) -> bool:
        """Take the target temperature's range from a setting's table row.

        Returns whether the target can be set. One the pump only reports (it cannot be
        written) is not offered as a control at all: Home Assistant then refuses a new
        target itself, and nothing is sent.
        """
        channel = self.channel(key)
        if not channel.writable:
            return False
        limits = channel.require_limits()
        self._attr_min_temp = limits.minimum
        self._attr_max_temp = limits.maximum
        # The UI steps in tenths; any value on the setting's finer grid is accepted.
        self._attr_target_temperature_step = max(limits.step, 0.1)
        return True

    def channel(self, key: str) -> Channel:
        """One of the pump's channels."""
        return self.coordinator.client.channels[key]

    def number_of(self, key: str) -> float | None:
        """A numeric channel's latest value as a float (None when unknown)."""
        value = self.value_of(key)
        return None if value is None or isinstance(value, str | datetime) else float(value)

    def value_of(self, key: str) -> Value:
        """A channel's latest value (None when unknown or unread)."""
        return self.coordinator.data.get(key)

    def is_readable(self, key: str) -> bool:
        """Whether the channel can be shown (the pump answers for it)."""
        return self.coordinator.is_readable(key)

    async def write(self, key: str, value: float | str | bool) -> None:
        """A confirmed write, named after this entity in error messages."""
        name = _display_name(self.name, key)
        await self.coordinator.async_write(self.channel(key), value, name)
