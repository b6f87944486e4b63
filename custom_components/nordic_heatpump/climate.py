"""The heating climate entity: on/off, the room setpoint, the room temperature."""

from __future__ import annotations

from typing import Any

from homeassistant.components.climate import ClimateEntity
from homeassistant.components.climate.const import ClimateEntityFeature, HVACAction, HVACMode
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
    """The heating circuit, with the room setpoint as target.

    With a mode channel it is OFF or AUTO (the pump follows its curve); without one the
    circuit always heats.
    """

    _attr_temperature_unit = UnitOfTemperature.CELSIUS

    def __init__(self, coordinator: PumpCoordinator, roles: ClimateRoles) -> None:
        """Range and step of the target come from the setpoint's row."""
        super().__init__(coordinator, "heating", roles.keys)
        self.roles = roles
        self._attr_supported_features = ClimateEntityFeature(0)
        if self._target_range_from(roles.target):
            self._attr_supported_features |= ClimateEntityFeature.TARGET_TEMPERATURE
        if roles.mode is None:
            self._attr_hvac_modes = [HVACMode.HEAT]
        else:
            self._attr_hvac_modes = [HVACMode.OFF, HVACMode.AUTO]
            self._attr_supported_features |= (
                ClimateEntityFeature.TURN_ON | ClimateEntityFeature.TURN_OFF
            )

    @property
    def available(self) -> bool:
        """Available while the mode (if any) and the target can be read."""
        mode = self.roles.mode
        return (
            super().available
            and (mode is None or self.is_readable(mode.key))
            and self.is_readable(self.roles.target)
        )

    @property
    def hvac_mode(self) -> HVACMode | None:
        """AUTO when the pump runs on its own; Standby and OFF both show as OFF."""
        mode = self.roles.mode
        if mode is None:
            return HVACMode.HEAT
        value = self.value_of(mode.key)
        if value is None:
            return None
        return HVACMode.AUTO if value == mode.auto else HVACMode.OFF

    @property
    def hvac_action(self) -> HVACAction | None:
        """What the pump does for this circuit: from its demand, else its running flag."""
        if self.hvac_mode is HVACMode.OFF:
            return HVACAction.OFF
        roles = self.roles
        if roles.demand is not None:
            demand = self.value_of(roles.demand)
            action = roles.action_of.get(demand) if isinstance(demand, str) else None
            return HVACAction(action) if action else None
        if roles.running is not None:
            running = self.value_of(roles.running)
            if running is None:
                return None
            return HVACAction.HEATING if running else HVACAction.IDLE
        return None

    @property
    def target_temperature(self) -> float | None:
        """The room setpoint."""
        return self.number_of(self.roles.target)

    @property
    def current_temperature(self) -> float | None:
        """The room sensor, when one is fitted; never a placeholder value."""
        if self.roles.current is None:
            return None
        return self.number_of(self.roles.current)

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """OFF writes the pump's off mode, AUTO its automatic mode.

        Home Assistant refuses any mode outside `hvac_modes` before this is called: a
        circuit without a mode channel only gets HEAT, which it does anyway.
        """
        mode = self.roles.mode
        if mode is None:
            return
        await self.write(mode.key, mode.off if hvac_mode == HVACMode.OFF else mode.auto)

    async def async_turn_on(self) -> None:
        """Let the pump run on its curve."""
        await self.async_set_hvac_mode(HVACMode.AUTO)

    async def async_turn_off(self) -> None:
        """Switch the pump off."""
        await self.async_set_hvac_mode(HVACMode.OFF)

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Write the room setpoint (checked against its range first)."""
        temperature = kwargs.get(ATTR_TEMPERATURE)
        if temperature is not None:
            await self.write(self.roles.target, float(temperature))
