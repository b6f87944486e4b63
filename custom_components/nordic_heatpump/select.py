"""Selects: settings with named options."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator
from .entity import PumpEntity, channel_entities
from .pumps.model import Channel, Kind

PARALLEL_UPDATES = 1


SELECT_KINDS = frozenset({Kind.CHOICE})


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a select for every named-value setting of the configured model."""
    async_add_entities(channel_entities(entry, SELECT_KINDS, PumpSelect))


class PumpSelect(PumpEntity, SelectEntity):
    """A mode written with a confirmed write."""

    def __init__(self, coordinator: PumpCoordinator, channel: Channel) -> None:
        """Options come from the table row."""
        super().__init__(coordinator, channel)
        self._attr_options = channel.options or []

    @property
    def current_option(self) -> str | None:
        """The option the pump holds (None when its raw value has no name)."""
        value = self.channel_value
        return value if isinstance(value, str) else None

    async def async_select_option(self, option: str) -> None:
        """Write, read back, and show what the pump confirmed."""
        await self.coordinator.async_write(self.channel, option, self.setting_name)
