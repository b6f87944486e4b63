"""Numbers: settings the user may change within a range."""

from __future__ import annotations

from homeassistant.components.number import NumberDeviceClass, NumberEntity, NumberMode
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator
from .entity import PumpEntity, channel_entities
from .pumps.model import Channel, Kind

PARALLEL_UPDATES = 1


NUMBER_KINDS = frozenset({Kind.SETTING})


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a number for every numeric setting of the configured model."""
    async_add_entities(channel_entities(entry, NUMBER_KINDS, PumpNumber))


class PumpNumber(PumpEntity, NumberEntity):
    """A setting written with a confirmed write."""

    _attr_mode = NumberMode.BOX

    def __init__(self, coordinator: PumpCoordinator, channel: Channel) -> None:
        """Range and step come from the table row."""
        super().__init__(coordinator, channel)
        limits = channel.require_limits()
        self._attr_native_min_value = limits.minimum
        self._attr_native_max_value = limits.maximum
        self._attr_native_step = limits.step
        self._attr_native_unit_of_measurement = channel.unit
        if channel.device_class:
            self._attr_device_class = NumberDeviceClass(channel.device_class)

    @property
    def native_value(self) -> float | None:
        """The value the pump holds."""
        value = self.channel_value
        return float(value) if isinstance(value, int | float) else None

    async def async_set_native_value(self, value: float) -> None:
        """Write, read back, and show what the pump confirmed."""
        await self.coordinator.async_write(self.channel, value, self.setting_name)
