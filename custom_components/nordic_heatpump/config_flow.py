"""Set up a pump from the UI: family → model → transport → connection (probed)."""

from __future__ import annotations

import logging
from typing import Any, Final

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SCAN_INTERVAL
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
)
import voluptuous as vol

from .const import (
    CONF_BAUDRATE,
    CONF_DEVICE,
    CONF_FAMILY,
    CONF_MAX_REGISTERS,
    CONF_MODEL,
    CONF_PARITY,
    CONF_REQUEST_GAP_MS,
    CONF_STOPBITS,
    CONF_TRANSPORT,
    CONF_UNIT_ID,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    MAX_SCAN_INTERVAL_S,
    MIN_SCAN_INTERVAL_S,
)
from .pumps import open_client
from .pumps.model import (
    DeviceIdentity,
    PumpConnectionError,
    PumpError,
    PumpNoAnswerError,
    PumpRejectedError,
    PumpTimeoutError,
)
from .pumps.settings import (
    DEFAULT_BAUDRATE,
    DEFAULT_MAX_REGISTERS,
    DEFAULT_PARITY,
    DEFAULT_STOPBITS,
    DEFAULT_UNIT_ID,
    MODBUS_MAX_REGISTERS,
    MODBUS_TCP_PORT,
    PARITIES,
    SCALE_PREFIX,
    Family,
    ModbusLink,
    Transport,
    default_request_gap_ms,
)
from .pumps.thermia.registers import DISPUTED_SCALES, MODELS

_LOGGER = logging.getLogger(__name__)

BAUDRATES: Final = ["2400", "4800", "9600", "14400", "19200", "28800", "38400", "57600", "115200"]
TITLES: Final = {"mega": "Thermia Genesis Mega", "inverter": "Thermia Genesis Inverter"}

_PORT = vol.All(
    NumberSelector(NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX)),
    vol.Coerce(int),
)
_UNIT = vol.All(
    NumberSelector(NumberSelectorConfig(min=1, max=247, mode=NumberSelectorMode.BOX)),
    vol.Coerce(int),
)


def _select(options: list[str], key: str) -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(options=options, translation_key=key, mode=SelectSelectorMode.DROPDOWN)
    )


def _network_schema(defaults: dict[str, Any], default_port: int) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_HOST, default=defaults.get(CONF_HOST, "")): TextSelector(),
            vol.Required(CONF_PORT, default=defaults.get(CONF_PORT, default_port)): _PORT,
            vol.Required(CONF_UNIT_ID, default=defaults.get(CONF_UNIT_ID, DEFAULT_UNIT_ID)): _UNIT,
        }
    )


def _serial_schema(defaults: dict[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_DEVICE, default=defaults.get(CONF_DEVICE, "")): SerialPortSelector(),
            vol.Required(
                CONF_BAUDRATE, default=str(defaults.get(CONF_BAUDRATE, DEFAULT_BAUDRATE))
            ): vol.All(_select(BAUDRATES, CONF_BAUDRATE), vol.Coerce(int)),
            vol.Required(CONF_PARITY, default=defaults.get(CONF_PARITY, DEFAULT_PARITY)): _select(
                list(PARITIES), CONF_PARITY
            ),
            vol.Required(
                CONF_STOPBITS, default=str(defaults.get(CONF_STOPBITS, DEFAULT_STOPBITS))
            ): vol.All(_select(["1", "2"], CONF_STOPBITS), vol.Coerce(int)),
            vol.Required(CONF_UNIT_ID, default=defaults.get(CONF_UNIT_ID, DEFAULT_UNIT_ID)): _UNIT,
        }
    )


async def _probe(config: dict[str, Any]) -> tuple[DeviceIdentity | None, str | None]:
    """Talk to the pump once; return its identity, or the error key of what went wrong."""
    client = open_client(config)
    try:
        return await client.identify(), None
    except PumpNoAnswerError:
        return None, "no_answer"
    except PumpTimeoutError:
        return None, "timeout"
    except PumpConnectionError:
        return None, "cannot_connect"
    except PumpRejectedError:
        return None, "not_supported"
    except PumpError:
        _LOGGER.exception("Unexpected error probing %s", ModbusLink.from_config(config).endpoint)
        return None, "unknown"
    finally:
        await client.close()


class NordicHeatPumpConfigFlow(ConfigFlow, domain=DOMAIN):
    """Pick the pump family, model and transport, then probe the pump."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self._data: dict[str, Any] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> NordicHeatPumpOptionsFlow:
        """Options: polling and link pacing."""
        return NordicHeatPumpOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """First, the pump family."""
        return self.async_show_menu(step_id="user", menu_options=[Family.THERMIA.value])

    async def async_step_thermia(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Thermia Genesis: which model family."""
        if user_input is not None:
            self._data = {CONF_FAMILY: Family.THERMIA.value, CONF_MODEL: user_input[CONF_MODEL]}
            return await self.async_step_transport()
        schema = vol.Schema({vol.Required(CONF_MODEL): _select(list(MODELS), CONF_MODEL)})
        return self.async_show_form(step_id="thermia", data_schema=schema)

    async def async_step_transport(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How the pump is wired."""
        return self.async_show_menu(
            step_id="transport", menu_options=[transport.value for transport in Transport]
        )

    async def async_step_tcp(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Modbus TCP: the display unit's RJ45, port 502."""
        return await self._connection_step(
            Transport.TCP,
            user_input,
            _network_schema(self._defaults(Transport.TCP), MODBUS_TCP_PORT),
        )

    async def async_step_rtu_over_tcp(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Modbus RTU through a TCP serial bridge."""
        defaults = self._defaults(Transport.RTU_OVER_TCP)
        return await self._connection_step(
            Transport.RTU_OVER_TCP, user_input, _network_schema(defaults, MODBUS_TCP_PORT)
        )

    async def async_step_rtu(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Modbus RTU on a local serial port."""
        return await self._connection_step(
            Transport.RTU, user_input, _serial_schema(self._defaults(Transport.RTU))
        )

    def _defaults(self, transport: Transport) -> dict[str, Any]:
        """Current values when reconfiguring the same transport, else nothing."""
        if self._data.get(CONF_TRANSPORT) == transport.value:
            return self._data
        return {}

    async def _connection_step(
        self, transport: Transport, user_input: dict[str, Any] | None, schema: vol.Schema
    ) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            config = {
                CONF_FAMILY: self._data[CONF_FAMILY],
                CONF_MODEL: self._data[CONF_MODEL],
                CONF_TRANSPORT: transport.value,
                **user_input,
            }
            if CONF_HOST in config:
                config[CONF_HOST] = str(config[CONF_HOST]).strip()
            endpoint = ModbusLink.from_config(config).endpoint
            reconfiguring = self.source == SOURCE_RECONFIGURE
            if not reconfiguring:
                await self.async_set_unique_id(endpoint)
                self._abort_if_unique_id_configured()
            exclude = self._get_reconfigure_entry().entry_id if reconfiguring else None
            if self._endpoint_in_use(endpoint, exclude):
                return self.async_abort(reason="already_configured")
            identity, error = await _probe(config)
            if identity is not None:
                if reconfiguring:
                    return self.async_update_reload_and_abort(
                        self._get_reconfigure_entry(), data=config
                    )
                return self.async_create_entry(title=TITLES[config[CONF_MODEL]], data=config)
            errors["base"] = error or "unknown"
            schema = self.add_suggested_values_to_schema(schema, user_input)
        return self.async_show_form(step_id=transport.value, data_schema=schema, errors=errors)

    def _endpoint_in_use(self, endpoint: str, exclude_entry_id: str | None) -> bool:
        """Another entry already talks to this endpoint (its unique_id may predate a move)."""
        for entry in self._async_current_entries(include_ignore=False):
            if entry.entry_id == exclude_entry_id:
                continue
            try:
                if ModbusLink.from_config(entry.data).endpoint == endpoint:
                    return True
            except KeyError, ValueError:
                continue
        return False

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how an existing pump is reached (same pump, same entities)."""
        self._data = dict(self._get_reconfigure_entry().data)
        return await self.async_step_transport()


class NordicHeatPumpOptionsFlow(OptionsFlowWithReload):
    """Polling interval and how hard the link may be driven."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """One form with every option."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        transport = Transport(self.config_entry.data[CONF_TRANSPORT])
        options = self.config_entry.options
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_SCAN_INTERVAL,
                    default=options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL.total_seconds()),
                ): vol.All(
                    NumberSelector(
                        NumberSelectorConfig(
                            min=MIN_SCAN_INTERVAL_S,
                            max=MAX_SCAN_INTERVAL_S,
                            unit_of_measurement="s",
                            mode=NumberSelectorMode.BOX,
                        )
                    ),
                    vol.Coerce(int),
                ),
                vol.Required(
                    CONF_MAX_REGISTERS,
                    default=options.get(CONF_MAX_REGISTERS, DEFAULT_MAX_REGISTERS),
                ): vol.All(
                    NumberSelector(
                        NumberSelectorConfig(
                            min=1, max=MODBUS_MAX_REGISTERS, mode=NumberSelectorMode.BOX
                        )
                    ),
                    vol.Coerce(int),
                ),
                vol.Required(
                    CONF_REQUEST_GAP_MS,
                    default=options.get(CONF_REQUEST_GAP_MS, default_request_gap_ms(transport)),
                ): vol.All(
                    NumberSelector(
                        NumberSelectorConfig(
                            min=0, max=1000, unit_of_measurement="ms", mode=NumberSelectorMode.BOX
                        )
                    ),
                    vol.Coerce(int),
                ),
            }
        )
        for key, scales in DISPUTED_SCALES.items():
            option = f"{SCALE_PREFIX}{key}"
            default = str(options.get(option, scales[0]))
            schema = schema.extend(
                {
                    vol.Required(option, default=default): vol.All(
                        _select([str(scale) for scale in scales], "scale"), vol.Coerce(int)
                    )
                }
            )
        return self.async_show_form(step_id="init", data_schema=schema)
