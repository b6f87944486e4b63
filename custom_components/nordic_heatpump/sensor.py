"""Sensors: every read-only value channel of the pump."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator
from .entity import PumpEntity, channel_entities
from .pumps.model import Channel, Kind

PARALLEL_UPDATES = 0


SENSOR_KINDS = frozenset({Kind.MEASUREMENT, Kind.STATUS, Kind.COUNTER, Kind.TIMESTAMP})
"""Read-only values: numbers, named states, growing totals and moments."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a sensor for every sensor channel of the configured model."""
    async_add_entities(channel_entities(entry, SENSOR_KINDS, PumpSensor))


class PumpSensor(PumpEntity, SensorEntity):
    """A number or an enum option read from the pump."""

    def __init__(self, coordinator: PumpCoordinator, channel: Channel) -> None:
        """Unit, device class and state class come from the table row."""
        super().__init__(coordinator, channel)
        if channel.device_class:
            self._attr_device_class = SensorDeviceClass(channel.device_class)
        if channel.state_class:
            self._attr_state_class = SensorStateClass(channel.state_class)
        self._attr_native_unit_of_measurement = channel.unit
        self._attr_suggested_display_precision = channel.precision
        self._attr_options = channel.options

    @property
    def native_value(self) -> str | int | float | date | datetime | Decimal | None:
        """The decoded value; None (unknown) for a missing sensor or unmapped option."""
        value = self.channel_value
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            # Controllers keep local time without a zone: Home Assistant's zone is theirs.
            return value.replace(tzinfo=dt_util.get_default_time_zone())
        return value
