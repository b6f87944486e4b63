"""Fix flows of the repair issues: switching a channel to the scale its values fit.

One confirm step; confirming updates the entry's option and reloads the entry. Nothing
is written to the pump.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import probatio as vol

from .const import DOMAIN
from .issues import ISSUE_ENTRY, ISSUE_OPTION, ISSUE_SCALE


class ScaleFixFlow(RepairsFlow):
    """Read a channel at the other documented scale: one option changed, one reload."""

    def __init__(self, entry_id: str, option: str, scale: int) -> None:
        """The option of `entry_id` to set to `scale`."""
        self._entry_id = entry_id
        self._option = option
        self._scale = scale

    async def async_step_init(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Go straight to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Show what changes; on confirmation switch the option and reload the entry."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="entry_removed")
        if user_input is not None:
            self.hass.config_entries.async_update_entry(
                entry, options={**entry.options, self._option: self._scale}
            )
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
            return self.async_create_entry(data={})
        issue = ir.async_get(self.hass).async_get_issue(DOMAIN, self.issue_id)
        placeholders = issue.translation_placeholders if issue is not None else None
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders=placeholders,
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """The fix flow of a fixable issue (only scale issues are fixable)."""
    data = data or {}
    return ScaleFixFlow(str(data[ISSUE_ENTRY]), str(data[ISSUE_OPTION]), int(data[ISSUE_SCALE]))
