"""The heating climate entity: on/off, the room setpoint, the room temperature."""

from __future__ import annotations

from typing import Any

from homeassistant.components.climate import (
    ClimateEntity,
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator
from .entity import CompositeEntity
from .pumps.model import ClimateRoles

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the heating climate where the pump family has one."""
    coordinator = entry.runtime_data.coordinator
    roles = coordinator.client.climate_roles
    if roles is not None:
        async_add_entities([HeatingClimate(coordinator, roles)])


class HeatingClimate(CompositeEntity, ClimateEntity):
    """OFF or AUTO (the pump follows its curve), with the comfort setpoint as target."""

    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )

    def __init__(self, coordinator: PumpCoordinator, roles: ClimateRoles) -> None:
        """Range and step of the target come from the comfort setpoint's row."""
        super().__init__(coordinator, "heating", roles.keys)
        self.roles = roles
        self._attr_hvac_modes = [HVACMode.OFF, HVACMode.AUTO]
        self._target_range_from(roles.target)

    @property
    def available(self) -> bool:
        """Available while mode and target can be read."""
        return (
            super().available
            and self.is_readable(self.roles.mode)
            and self.is_readable(self.roles.target)
        )

    @property
    def hvac_mode(self) -> HVACMode | None:
        """AUTO when the pump runs on its own; Standby and OFF both show as OFF."""
        mode = self.value_of(self.roles.mode)
        if mode is None:
            return None
        return HVACMode.AUTO if mode == self.roles.mode_auto else HVACMode.OFF

    @property
    def hvac_action(self) -> HVACAction | None:
        """What the pump does for this circuit, from its first prioritised demand."""
        if self.hvac_mode is HVACMode.OFF:
            return HVACAction.OFF
        demand = self.value_of(self.roles.demand)
        action = self.roles.action_of.get(demand) if isinstance(demand, str) else None
        return HVACAction(action) if action else None

    @property
    def target_temperature(self) -> float | None:
        """The comfort setpoint."""
        value = self.value_of(self.roles.target)
        return None if value is None else float(value)

    @property
    def current_temperature(self) -> float | None:
        """The room sensor, when one is fitted; never a placeholder value."""
        if self.roles.current is None:
            return None
        value = self.value_of(self.roles.current)
        return None if value is None else float(value)

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """OFF writes the pump's off mode, AUTO its automatic mode.

        Home Assistant refuses any mode outside `hvac_modes` before this is called.
        """
        option = self.roles.mode_off if hvac_mode == HVACMode.OFF else self.roles.mode_auto
        await self.write(self.roles.mode, option)

    async def async_turn_on(self) -> None:
        """Let the pump run on its curve."""
        await self.async_set_hvac_mode(HVACMode.AUTO)

    async def async_turn_off(self) -> None:
        """Switch the pump off."""
        await self.async_set_hvac_mode(HVACMode.OFF)

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Write the comfort setpoint (checked against its range first)."""
        temperature = kwargs.get(ATTR_TEMPERATURE)
        if temperature is not None:
            await self.write(self.roles.target, float(temperature))
