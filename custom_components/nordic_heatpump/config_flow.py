"""Set up a pump from the UI: family → model → transport → connection (probed).

Every step is built from the family descriptors in `pumps.families`: this module knows no
family. The step of a family is named after its key and the form of a transport after
the transport's key, so their translations live under those ids.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from functools import partial
import logging
from typing import Any, cast

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    SerialPortSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol

from .const import CONF_FAMILY, CONF_MODEL, CONF_TRANSPORT, DOMAIN, ENTRY_VERSION
from .pumps import families
from .pumps.descriptor import FamilyDescriptor, Field, FieldKind, FieldValue, TransportForm
from .pumps.model import (
    PumpAuthError,
    PumpConnectionError,
    PumpCorruptReplyError,
    PumpError,
    PumpNoAnswerError,
    PumpRejectedError,
    PumpTimeoutError,
)

_LOGGER = logging.getLogger(__name__)

type _Step = Callable[[dict[str, Any] | None], Coroutine[Any, Any, ConfigFlowResult]]

_STEP_PREFIX = "async_step_"


def _number(minimum: int, maximum: int, unit: str | None = None) -> vol.All[int]:
    config = NumberSelectorConfig(mode=NumberSelectorMode.BOX, min=minimum, max=maximum)
    if unit is not None:
        config["unit_of_measurement"] = unit
    return vol.All(NumberSelector(config), vol.Coerce(int))


def _choice(options: list[str], translation_key: str) -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(
            options=options, translation_key=translation_key, mode=SelectSelectorMode.DROPDOWN
        )
    )


def _typed_choice(field: Field) -> vol.All[FieldValue]:
    """A select of the field's choices; the stored value keeps the choice's type."""
    by_text = {str(choice): choice for choice in field.choices}
    # The selector refuses anything but its options, so the lookup cannot miss.
    select = _choice(list(by_text), field.translation_key or field.key)
    return vol.All(select, vol.Coerce(by_text.__getitem__))


_VALIDATORS: dict[FieldKind, Callable[[Field], Any]] = {
    FieldKind.HOST: lambda _: TextSelector(),
    FieldKind.PORT: lambda _: _number(1, 65535),
    FieldKind.SERIAL_PORT: lambda _: SerialPortSelector(),
    FieldKind.CHOICE: _typed_choice,
    # Field refuses an integer field without both bounds.
    FieldKind.INTEGER: lambda field: _number(
        cast("int", field.minimum), cast("int", field.maximum), field.unit
    ),
    FieldKind.NAME: lambda _: TextSelector(),
    FieldKind.SECRET: lambda _: TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD)),
}
"""How each kind of field is asked for."""


def _schema(fields: tuple[Field, ...], current: Mapping[str, Any]) -> vol.Schema:
    """A form of the fields, filled with the current values (else the fields' defaults)."""
    schema: dict[vol.Marker, Any] = {}
    for field in fields:
        default = current.get(field.key, field.default)
        if default is None:
            default = ""
        elif field.kind is FieldKind.CHOICE:
            default = str(default)
        schema[vol.Required(field.key, default=default)] = _VALIDATORS[field.kind](field)
    return vol.Schema(schema)


_PROBE_ERRORS: tuple[tuple[type[PumpError], str], ...] = (
    (PumpAuthError, "invalid_auth"),
    (PumpNoAnswerError, "no_answer"),
    (PumpTimeoutError, "timeout"),
    (PumpConnectionError, "cannot_connect"),
    (PumpRejectedError, "not_supported"),
    (PumpCorruptReplyError, "garbled"),
)
"""What a failed probe tells the user, the most specific error first."""


async def _probe(family: FamilyDescriptor, config: dict[str, Any]) -> str | None:
    """Talk to the pump once; the error key of what went wrong, or None."""
    try:
        await family.probe(config)
    except PumpError as err:
        key = next((key for kind, key in _PROBE_ERRORS if isinstance(err, kind)), None)
        if key is None:
            _LOGGER.exception("Unexpected error probing %s", family.endpoint(config))
            return "unknown"
        return key
    return None


def _endpoint_of(entry: ConfigEntry) -> str | None:
    """The normalised endpoint an entry talks to (None if its data cannot say)."""
    family = families.find(entry.data.get(CONF_FAMILY))
    if family is None:
        return None
    try:
        return family.endpoint(entry.data)
    except KeyError, ValueError:
        return None


class NordicHeatPumpConfigFlow(ConfigFlow, domain=DOMAIN):
    """Pick the pump family, model and transport, then probe the pump.

    Pumps report no hardware identity, so entries have no unique id; a second entry for
    an endpoint already in use is refused instead.
    """

    VERSION = ENTRY_VERSION
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self._data: dict[str, Any] = {}

    def __getattr__(self, name: str) -> _Step:
        """The steps named after families and, once one is chosen, after its transports."""
        step = name.removeprefix(_STEP_PREFIX)
        if step != name:
            if (family := families.find(step)) is not None:
                return partial(self._async_step_family, family)
            if (family := families.find(self._data.get(CONF_FAMILY))) is not None and (
                form := family.transport(step)
            ) is not None:
                return partial(self._async_step_connection, family, form)
        raise AttributeError(name)

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> NordicHeatPumpOptionsFlow:
        """Options: what the entry's family lets the user tune."""
        return NordicHeatPumpOptionsFlow()

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry) -> bool:
        """Only a family that has options offers the options form."""
        return bool(_option_fields(config_entry))

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """First, the pump family."""
        return self.async_show_menu(
            step_id="user", menu_options=[family.key for family in families.families()]
        )

    async def _async_step_family(
        self, family: FamilyDescriptor, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Which model of the family (asked only when it has several)."""
        if user_input is None and len(family.models) == 1:
            user_input = {CONF_MODEL: family.models[0]}
        if user_input is not None:
            self._data = {CONF_FAMILY: family.key, CONF_MODEL: user_input[CONF_MODEL]}
            return await self.async_step_transport()
        schema = vol.Schema({vol.Required(CONF_MODEL): _choice(list(family.models), CONF_MODEL)})
        return self.async_show_form(step_id=family.key, data_schema=schema)

    async def async_step_transport(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How the pump is wired (asked only when the family knows several ways)."""
        family = families.get(self._data[CONF_FAMILY])
        if len(family.transports) == 1:
            return await self._async_step_connection(family, family.transports[0])
        return self.async_show_menu(
            step_id="transport", menu_options=[form.key for form in family.transports]
        )

    async def _async_step_connection(
        self,
        family: FamilyDescriptor,
        form: TransportForm,
        user_input: dict[str, Any] | None = None,
    ) -> ConfigFlowResult:
        """The connection form of one transport; the pump is probed before anything is kept."""
        # Reconfiguring the same transport starts from the current values.
        current = self._data if self._data.get(CONF_TRANSPORT) == form.key else {}
        schema = _schema(form.fields, current)
        errors: dict[str, str] = {}
        if user_input is not None:
            config = {
                CONF_FAMILY: family.key,
                CONF_MODEL: self._data[CONF_MODEL],
                CONF_TRANSPORT: form.key,
                **user_input,
            }
            for field in form.fields:
                if field.kind in {FieldKind.HOST, FieldKind.NAME, FieldKind.SECRET}:
                    config[field.key] = str(config[field.key]).strip()
            reconfiguring = self.source == SOURCE_RECONFIGURE
            moving = self._get_reconfigure_entry().entry_id if reconfiguring else None
            if self._endpoint_in_use(family.endpoint(config), moving):
                return self.async_abort(reason="already_configured")
            error = await _probe(family, config)
            if error is None:
                if reconfiguring:
                    return self.async_update_reload_and_abort(
                        self._get_reconfigure_entry(), data=config
                    )
                return self.async_create_entry(title=family.title(config[CONF_MODEL]), data=config)
            errors["base"] = error
            schema = self.add_suggested_values_to_schema(schema, user_input)
        return self.async_show_form(step_id=form.key, data_schema=schema, errors=errors)

    def _endpoint_in_use(self, endpoint: str, moving_entry_id: str | None) -> bool:
        """Another entry already talks to this endpoint."""
        return any(
            _endpoint_of(entry) == endpoint
            for entry in self._async_current_entries(include_ignore=False)
            if entry.entry_id != moving_entry_id
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how an existing pump is reached (same pump, same entities)."""
        self._data = dict(self._get_reconfigure_entry().data)
        return await self.async_step_transport()

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The pump refused the entry's credentials: ask for them again."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The transport's secret fields, probed before the entry is updated."""
        entry = self._get_reauth_entry()
        family = families.get(entry.data[CONF_FAMILY])
        fields = family.secret_fields(entry.data[CONF_TRANSPORT])
        # A refused secret is not offered again: the form starts empty.
        schema = _schema(fields, {})
        errors: dict[str, str] = {}
        if user_input is not None:
            config = {
                **entry.data,
                **{key: str(value).strip() for key, value in user_input.items()},
            }
            error = await _probe(family, config)
            if error is None:
                return self.async_update_reload_and_abort(entry, data=config)
            errors["base"] = error
        # Home Assistant fills the description's {name} with the entry's title.
        return self.async_show_form(step_id="reauth_confirm", data_schema=schema, errors=errors)


def _option_fields(entry: ConfigEntry) -> tuple[Field, ...]:
    family = families.find(entry.data.get(CONF_FAMILY))
    return family.options(entry.data) if family is not None else ()


def _option_placeholders(entry: ConfigEntry) -> dict[str, str]:
    """What the option texts show of the running pump (its client, while loaded)."""
    family = families.find(entry.data.get(CONF_FAMILY))
    if family is None:
        return {}
    loaded = entry.state is ConfigEntryState.LOADED
    data = getattr(entry, "runtime_data", None) if loaded else None
    return dict(family.option_placeholders(data.client if data is not None else None))


class NordicHeatPumpOptionsFlow(OptionsFlowWithReload):
    """The options of the entry's family, and only those."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """One form with every option."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        entry = self.config_entry
        schema = _schema(_option_fields(entry), entry.options)
        return self.async_show_form(
            step_id="init",
            data_schema=schema,
            description_placeholders=_option_placeholders(entry),
        )
