"""The base of every entity: one channel of one pump."""

from __future__ import annotations

from homeassistant.const import EntityCategory
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .coordinator import PumpCoordinator, entity_unique_id
from .pumps.model import Channel, Value


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
        """Available while the last poll succeeded and read this channel."""
        return super().available and self.channel.key in self.coordinator.data

    @property
    def value(self) -> Value:
        """The channel's latest value (None when unknown)."""
        return self.coordinator.data.get(self.channel.key)
