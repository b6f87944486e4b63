"""Binary sensors: alarms and status flags."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator
from .entity import PumpEntity, channel_entities
from .pumps.model import Channel, Kind

PARALLEL_UPDATES = 0


BINARY_SENSOR_KINDS = frozenset({Kind.FLAG})


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a binary sensor for every flag channel of the configured model."""
    async_add_entities(channel_entities(entry, BINARY_SENSOR_KINDS, PumpBinarySensor))


class PumpBinarySensor(PumpEntity, BinarySensorEntity):
    """One flag read from the pump."""

    def __init__(self, coordinator: PumpCoordinator, channel: Channel) -> None:
        """Device class comes from the table row."""
        super().__init__(coordinator, channel)
        if channel.device_class:
            self._attr_device_class = BinarySensorDeviceClass(channel.device_class)

    @property
    def is_on(self) -> bool | None:
        """On when the flag is set."""
        value = self.channel_value
        return None if value is None else bool(value)
