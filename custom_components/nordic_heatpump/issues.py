"""Repair issues the user can act on: a scale that does not fit, a link down for an hour.

A channel whose scale the sources dispute and that keeps reading a value only another
documented scale makes plausible gets a fixable issue (repairs.py switches the option).
A link that stays down for `LINK_DOWN_AFTER` seconds gets an issue that says what to
check for its transport. Each clears itself when its cause is gone, and on unload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import ATTR_FRIENDLY_NAME
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.event import async_call_later
from homeassistant.util.hass_dict import HassKey

from .const import CONF_FAMILY, CONF_TRANSPORT, DOMAIN
from .pumps import families
from .pumps.model import Channel, Value
from .pumps.plausibility import ScaleSuggestion, ScaleWatch

LINK_DOWN_AFTER: Final = 3600.0
"""Seconds a link must stay down, without one good read or line, before an issue says so."""

ISSUE_ENTRY: Final = "entry_id"
ISSUE_OPTION: Final = "option"
ISSUE_SCALE: Final = "scale"
"""What a scale issue's data holds for its fix flow: the entry, the option, the new scale."""
SCALE_ISSUE: Final = "implausible_scale"
"""The translation key of a scale issue (and of its fix flow)."""

_LINK_WATCHES: HassKey[dict[str, LinkWatch]] = HassKey(f"{DOMAIN}_link_watches")


def link_issue_id(entry_id: str) -> str:
    """The id of an entry's link-down issue."""
    return f"link_down_{entry_id}"


def scale_issue_id(entry_id: str, key: str) -> str:
    """The id of the scale issue of one channel of an entry."""
    return f"scale_{entry_id}_{key}"


_WATCHED_STATES: Final = frozenset(
    {ConfigEntryState.SETUP_IN_PROGRESS, ConfigEntryState.SETUP_RETRY, ConfigEntryState.LOADED}
)
"""While an entry is in one of these its link is watched; in any other, its issue goes."""


class LinkWatch:
    """Times how long an entry's link has been down; raises its issue after an hour.

    One per entry for as long as the entry exists: it outlives the retries of a set-up
    that cannot reach the pump, so a pump that is off when Home Assistant starts is
    reported as well. It stops, and clears its issue, when the entry is unloaded or
    disabled.
    """

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Watch the link of `entry` (up until told otherwise)."""
        self._hass = hass
        self._entry = entry
        self._error = ""
        self._timer: CALLBACK_TYPE | None = None
        self._raised = False
        entry.async_on_state_change(self._entry_changed)

    @property
    def issue_id(self) -> str:
        """The id of the issue this watch raises."""
        return link_issue_id(self._entry.entry_id)

    @callback
    def failed(self, error: str) -> None:
        """A read failed or the link went down; start timing unless already timing."""
        self._error = error
        if self._raised:
            self._create()  # the issue shows the latest error
        elif self._timer is None:
            self._timer = async_call_later(
                self._hass,
                LINK_DOWN_AFTER,
                HassJob(self._expired, "nordic_heatpump link down", cancel_on_shutdown=True),
            )

    @callback
    def restored(self) -> None:
        """A read succeeded or a valid line came: stop timing, clear the issue."""
        if self._timer is not None:
            self._timer()
            self._timer = None
        if self._raised:
            self._raised = False
            ir.async_delete_issue(self._hass, DOMAIN, self.issue_id)

    @callback
    def _entry_changed(self) -> None:
        if self._entry.state not in _WATCHED_STATES:
            self.restored()  # unloaded or disabled: nothing left to report

    @callback
    def _expired(self, _now: Any) -> None:
        self._timer = None
        if self._entry.state in _WATCHED_STATES:
            self._raised = True
            self._create()

    @callback
    def _create(self) -> None:
        entry = self._entry
        transport = str(entry.data[CONF_TRANSPORT])
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            self.issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=f"link_down_{transport}",
            translation_placeholders={
                "name": entry.title,
                "error": self._error,
                **link_placeholders(entry.data),
            },
        )


def link_placeholders(data: Mapping[str, Any]) -> dict[str, str]:
    """What an entry's transport form holds (no secret): the host, port, serial port, …."""
    family = families.find(data.get(CONF_FAMILY))
    form = family.transport(str(data.get(CONF_TRANSPORT))) if family is not None else None
    if form is None:
        return {}
    return {
        field.key: str(data.get(field.key, field.default if field.default is not None else ""))
        for field in form.fields
        if not field.is_secret
    }


def link_watch(hass: HomeAssistant, entry: ConfigEntry) -> LinkWatch:
    """The link watch of an entry, made on first use."""
    watches = hass.data.setdefault(_LINK_WATCHES, {})
    if entry.entry_id not in watches:
        watches[entry.entry_id] = LinkWatch(hass, entry)
    return watches[entry.entry_id]


@callback
def forget_link_watch(hass: HomeAssistant, entry_id: str) -> None:
    """Stop watching the link of a removed entry and clear its issue."""
    watch = hass.data.get(_LINK_WATCHES, {}).pop(entry_id, None)
    if watch is not None:
        watch.restored()


class ScaleIssues:
    """The scale issues of one loaded entry: raised, refreshed and cleared by its readings."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, channels: Mapping[str, Channel]
    ) -> None:
        """Watch the disputed channels of `entry` its client has."""
        self._hass = hass
        self._entry = entry
        self._channels = channels
        family = families.get(str(entry.data[CONF_FAMILY]))
        disputes = family.scale_disputes({**entry.data, **entry.options})
        self._watch = ScaleWatch(dispute for dispute in disputes if dispute.key in channels)
        self._raised: dict[str, int] = {}
        """Channel key -> the scale its open issue suggests."""

    @callback
    def observe(self, values: Mapping[str, Value]) -> None:
        """Take one reading; raise, or clear, the issues it settles."""
        for key, verdict in self._watch.observe(values).items():
            if verdict is None:
                self._clear(key)
            elif self._raised.get(key) != verdict.scale:
                self._raise(verdict)

    @callback
    def close(self) -> None:
        """Clear every issue raised (the entry unloads)."""
        for key in list(self._raised):
            self._clear(key)

    @callback
    def _clear(self, key: str) -> None:
        if self._raised.pop(key, None) is not None:
            ir.async_delete_issue(self._hass, DOMAIN, scale_issue_id(self._entry.entry_id, key))

    @callback
    def _raise(self, suggestion: ScaleSuggestion) -> None:
        self._raised[suggestion.key] = suggestion.scale
        unit = self._channels[suggestion.key].unit
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            scale_issue_id(self._entry.entry_id, suggestion.key),
            data={
                ISSUE_ENTRY: self._entry.entry_id,
                ISSUE_OPTION: suggestion.option,
                ISSUE_SCALE: suggestion.scale,
            },
            is_fixable=True,
            severity=ir.IssueSeverity.WARNING,
            translation_key=SCALE_ISSUE,
            translation_placeholders={
                "name": self._entry.title,
                "entity": self._entity_name(suggestion.key),
                "value": _shown(suggestion.value, unit),
                "suggested": _shown(suggestion.rescaled, unit),
                "scale": str(suggestion.chosen),
                "suggested_scale": str(suggestion.scale),
            },
        )

    def _entity_name(self, key: str) -> str:
        """The name the user knows the channel's entity by (its id while it has no state)."""
        unique_id = f"{self._entry.entry_id}-{key}"  # as coordinator.entity_unique_id
        registry = er.async_get(self._hass)
        for entity in er.async_entries_for_config_entry(registry, self._entry.entry_id):
            if entity.unique_id == unique_id:
                state = self._hass.states.get(entity.entity_id)
                name = state.attributes.get(ATTR_FRIENDLY_NAME) if state is not None else None
                return str(name or entity.entity_id)
        return key


def _shown(value: float, unit: str | None) -> str:
    """A value as the issue shows it: at most two decimals, with its unit."""
    number = f"{round(value, 2):g}"
    return f"{number} {unit}" if unit else number
