"""The tap water heater entity: tank temperature, start and stop temperatures."""

from __future__ import annotations

from typing import Any

from homeassistant.components.water_heater import STATE_HEAT_PUMP, WaterHeaterEntity
from homeassistant.components.water_heater.const import WaterHeaterEntityFeature
from homeassistant.const import ATTR_TEMPERATURE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator
from .entity import CompositeEntity
from .pumps.model import WaterHeaterRoles

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the tap water heater where the pump family has one."""
    coordinator = entry.runtime_data.coordinator
    roles = coordinator.client.water_heater_roles
    if roles is not None:
        async_add_entities([TapWaterHeater(coordinator, roles)])


class TapWaterHeater(CompositeEntity, WaterHeaterEntity):
    """The pump heats the tank from the start temperature up to the stop temperature."""

    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_current_operation = STATE_HEAT_PUMP

    def __init__(self, coordinator: PumpCoordinator, roles: WaterHeaterRoles) -> None:
        """The target's range comes from the stop temperature's row."""
        super().__init__(coordinator, "tap_water", roles.keys)
        self.roles = roles
        self._attr_operation_list = [STATE_HEAT_PUMP]
        self._attr_supported_features = WaterHeaterEntityFeature(0)
        if self._target_range_from(roles.target):
            self._attr_supported_features |= WaterHeaterEntityFeature.TARGET_TEMPERATURE

    @property
    def available(self) -> bool:
        """Available while the stop temperature can be read."""
        return super().available and self.is_readable(self.roles.target)

    @property
    def current_temperature(self) -> float | None:
        """The weighted tank temperature, or the top one when that is unknown."""
        for key in self.roles.current:
            value = self.number_of(key)
            if value is not None:
                return value
        return None

    @property
    def target_temperature(self) -> float | None:
        """Stop temperature: the pump heats the tank up to this."""
        return self.number_of(self.roles.target)

    @property
    def target_temperature_high(self) -> float | None:
        """The stop temperature."""
        return self.target_temperature

    @property
    def target_temperature_low(self) -> float | None:
        """Start temperature: the pump starts heating the tank below this."""
        if self.roles.target_low is None:
            return None
        return self.number_of(self.roles.target_low)

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Write the stop temperature (checked against its range first)."""
        temperature = kwargs.get(ATTR_TEMPERATURE)
        if temperature is not None:
            await self.write(self.roles.target, float(temperature))
