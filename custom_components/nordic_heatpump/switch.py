"""Switches: on/off settings, and momentary actions the pump clears itself."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NordicHeatPumpConfigEntry
from .entity import PumpEntity, channel_entities
from .pumps.model import Kind

PARALLEL_UPDATES = 1


SWITCH_KINDS = frozenset({Kind.TOGGLE, Kind.ACTION})
"""On/off settings, and momentary actions the pump clears itself."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for every on/off setting and action of the configured model."""
    async_add_entities(channel_entities(entry, SWITCH_KINDS, PumpSwitch))


class PumpSwitch(PumpEntity, SwitchEntity):
    """An enable flag written with a confirmed write."""

    @property
    def is_on(self) -> bool | None:
        """Whether the pump has the flag set."""
        value = self.channel_value
        return None if value is None else bool(value)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Set the flag and confirm it."""
        await self.coordinator.async_write(self.channel, True, self.setting_name)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Clear the flag and confirm it."""
        await self.coordinator.async_write(self.channel, False, self.setting_name)
