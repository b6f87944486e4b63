"""Events: the controller logged a new error."""

from __future__ import annotations

from datetime import datetime

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import NordicHeatPumpConfigEntry, PumpCoordinator
from .entity import CompositeEntity
from .pumps.model import ErrorLogRoles

PARALLEL_UPDATES = 0

OTHER_ERROR = "other"
"""The event type of an error code the table has no name for."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NordicHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the error event where the device keeps an error log."""
    coordinator = entry.runtime_data.coordinator
    roles = coordinator.client.error_log_roles
    if roles is not None:
        async_add_entities([ErrorLogged(coordinator, roles)])


class ErrorLogged(CompositeEntity, EventEntity):
    """Fires once for each new entry in the controller's error log.

    The entry shown when Home Assistant starts is not new: only a later time is.
    """

    def __init__(self, coordinator: PumpCoordinator, roles: ErrorLogRoles) -> None:
        """The event types are the error names of the code channel."""
        super().__init__(coordinator, "error_logged", roles.keys)
        self.roles = roles
        self._attr_event_types = [*(self.channel(roles.code).options or []), OTHER_ERROR]
        self._last_time = self._logged_at()

    def _logged_at(self) -> datetime | None:
        value = self.value_of(self.roles.time)
        return value if isinstance(value, datetime) else None

    @callback
    def _handle_coordinator_update(self) -> None:
        """Fire when the log's latest entry is one not seen before."""
        logged_at = self._logged_at()
        if logged_at is not None and logged_at != self._last_time:
            self._last_time = logged_at
            code = self.value_of(self.roles.code)
            event_type = code if isinstance(code, str) else OTHER_ERROR
            if logged_at.tzinfo is None:
                logged_at = logged_at.replace(tzinfo=dt_util.get_default_time_zone())
            self._trigger_event(event_type, {"logged_at": logged_at.isoformat()})
        super()._handle_coordinator_update()
