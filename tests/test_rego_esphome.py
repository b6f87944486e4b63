"""A Rego 6xx behind an ESPHome serial proxy, reached by its native API.

serialx's ESPHome platform builds an aioesphomeapi `APIClient` for an `esphome://` URL.
Here that client is replaced by `ProxyDevice.client`, a stand-in for the ESPHome node:
it checks the encryption key as the node does at its handshake, answers the serial
proxy requests, and relays the proxied UART's bytes to the Rego simulator over a real
TCP socket. Everything above the API client (serialx, the Rego client, the config flow,
set-up and reauth) runs for real.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
import contextlib
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

from aioesphomeapi.core import InvalidEncryptionKeyAPIError, RequiresEncryptionAPIError
from aioesphomeapi.model import (
    APIVersion,
    ConnectionClosedEvent,
    DeviceInfo,
    SerialProxyDataReceived,
    SerialProxyInfo,
    SerialProxyParity,
    SerialProxyRequestResponse,
    SerialProxyRequestType,
    SerialProxyStatus,
)
from homeassistant import config_entries
from homeassistant.components.esphome import (
    _async_scan_serial_ports as esphome_scanner,
    serial_proxy,
)
from homeassistant.components.usb import async_register_serial_port_scanner
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.nordic_heatpump.const import DOMAIN
from custom_components.nordic_heatpump.pumps import families
from custom_components.nordic_heatpump.pumps.model import PumpAuthError, PumpConnectionError
from custom_components.nordic_heatpump.pumps.rego.client import RegoClient, pacing_from
from custom_components.nordic_heatpump.pumps.rego.family import link_of
from custom_components.nordic_heatpump.pumps.rego.registers import channels_for

from .conftest import make_entry, state_of
from .simulators.rego import RegoSimulator

KEY = "px7tsbK3C7hpXEVKp2gX5vKGOLXXzLCvkjXE6UMNUdU="
"""A well-formed API encryption key (32 bytes, base64)."""
OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
PORT_NAME = "rego uart"
"""The serial proxy's name in the node's YAML (a space, to test the URL's quoting)."""
NODE = "rego-node.local"
FAST = {"request_gap_ms": 5}


@dataclass
class ProxyDevice:
    """An ESPHome node with one serial proxy wired to the simulator's service port."""

    sim: RegoSimulator
    key: str | None = KEY
    ports: tuple[str, ...] = ("debug", PORT_NAME)
    clients: list[FakeAPIClient] = field(default_factory=list)

    def client(self, **kwargs: Any) -> FakeAPIClient:
        """What serialx gets in place of aioesphomeapi's APIClient."""
        client = FakeAPIClient(self, **kwargs)
        self.clients.append(client)
        return client


class FakeAPIClient:
    """The parts of aioesphomeapi's APIClient that serialx's serial proxy uses."""

    api_version = APIVersion(1, 17)

    def __init__(  # noqa: PLR0913  # aioesphomeapi's keywords
        self,
        device: ProxyDevice,
        *,
        address: str,
        port: int,
        password: str | None,
        noise_psk: str | None,
        provide_time: bool,
    ) -> None:
        """Remember what serialx asked for; nothing is connected yet."""
        self.device = device
        self.address = address
        self.port = port
        self.noise_psk = noise_psk
        self.loop = asyncio.get_running_loop()
        self._loop = self.loop  # where Home Assistant's serialx handler finds the client's loop
        self.is_connected = False
        self.configured: dict[str, Any] = {}
        self.subscribed: list[int] = []
        self._data: list[Callable[[SerialProxyDataReceived], None]] = []
        self._closed: list[Callable[[ConnectionClosedEvent], None]] = []
        self._writer: asyncio.StreamWriter | None = None
        self._relay: asyncio.Task[None] | None = None

    async def connect(self, *, login: bool = False) -> None:
        """The handshake: the node refuses a wrong key, or none when it has one."""
        if self.device.key is not None and self.noise_psk is None:
            msg = "Connection requires encryption"
            raise RequiresEncryptionAPIError(msg)
        if self.noise_psk != self.device.key:
            msg = "Invalid encryption key"
            raise InvalidEncryptionKeyAPIError(msg)
        host, port = self.device.sim.tcp_address or ("", 0)
        reader, self._writer = await asyncio.open_connection(host, port)
        self._relay = asyncio.create_task(self._relay_uart(reader))
        self.is_connected = True

    async def _relay_uart(self, reader: asyncio.StreamReader) -> None:
        instance = self.device.ports.index(PORT_NAME)
        while data := await reader.read(256):
            for callback in list(self._data):
                callback(SerialProxyDataReceived(instance=instance, data=data))
        self.is_connected = False
        for callback in list(self._closed):
            callback(ConnectionClosedEvent(expected_disconnect=False))

    async def disconnect(self, *, force: bool = False) -> None:
        """Close the API connection."""
        self.is_connected = False
        if self._relay is not None:
            self._relay.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._relay
        if self._writer is not None:
            self._writer.close()

    async def device_info(self) -> DeviceInfo:
        """The node's serial proxies, by name."""
        return DeviceInfo(serial_proxies=[SerialProxyInfo(name=name) for name in self.device.ports])

    def add_connection_closed_callback(
        self, callback: Callable[[ConnectionClosedEvent], None]
    ) -> Callable[[], None]:
        self._closed.append(callback)
        return lambda: self._closed.remove(callback)

    def subscribe_serial_proxy_identity(self, callback: object) -> Callable[[], None]:
        # An API 1.17 node never reports identities.
        return lambda: None

    def subscribe_serial_proxy_data(
        self, callback: Callable[[SerialProxyDataReceived], None]
    ) -> Callable[[], None]:
        self._data.append(callback)
        return lambda: self._data.remove(callback)

    async def serial_proxy_subscribe_await_response(
        self, instance: int, **_wait: Any
    ) -> SerialProxyRequestResponse:
        self.subscribed.append(instance)
        return SerialProxyRequestResponse(instance=instance, status=SerialProxyStatus.OK)

    async def serial_proxy_set_mode_await_response(
        self, instance: int, mode: object, **_wait: Any
    ) -> SerialProxyRequestResponse:
        return SerialProxyRequestResponse(
            instance=instance, type=SerialProxyRequestType.SET_MODE, status=SerialProxyStatus.OK
        )

    async def serial_proxy_configure_await_response(
        self, instance: int, baudrate: int, **line: Any
    ) -> SerialProxyRequestResponse:
        self.configured = {"instance": instance, "baudrate": baudrate, **line}
        return SerialProxyRequestResponse(
            instance=instance, type=SerialProxyRequestType.CONFIGURE, status=SerialProxyStatus.OK
        )

    def serial_proxy_write(self, instance: int, data: bytes) -> None:
        assert instance == self.device.ports.index(PORT_NAME)
        assert self._writer is not None
        self._writer.write(data)

    def serial_proxy_unsubscribe(self, instance: int) -> None:
        self.subscribed.remove(instance)


@pytest.fixture
def node(rego: RegoSimulator) -> Iterator[ProxyDevice]:
    """The ESPHome node, standing in for aioesphomeapi's client inside serialx."""
    device = ProxyDevice(rego)
    with patch("serialx.platforms.serial_esphome.APIClient", device.client):
        yield device


def esphome_config(key: str = KEY, port_name: str = PORT_NAME) -> dict[str, Any]:
    """Entry data for the controller behind the node's serial proxy."""
    return {
        "family": "rego",
        "model": "rego_6xx",
        "transport": "rego_esphome",
        "host": NODE,
        "port": 6053,
        "encryption_key": key,
        "device": port_name,
        "layout": "600",
    }


# ------------------------------------------------------------------ the client


async def test_reads_through_the_serial_proxy(node: ProxyDevice, rego: RegoSimulator) -> None:
    rego.set("radiator_return", 305)
    client = families.get("rego").client({**esphome_config(), **FAST})
    try:
        identity = await client.identify()
        result = await client.read([client.channels["radiator_return"]])
    finally:
        await client.close()
    assert identity.model == "Rego 6xx (layout 600)"
    assert result.values == {"radiator_return": 30.5}
    (api,) = node.clients
    # The URL's host, port and quoted port name, and the key, reach aioesphomeapi.
    assert (api.address, api.port, api.noise_psk) == (NODE, 6053, KEY)
    assert api.configured == {
        "instance": 1,
        "baudrate": 19200,
        "flow_control": False,
        "parity": SerialProxyParity.NONE,
        "stop_bits": 1,
        "data_size": 8,
    }
    assert api.is_connected is False  # closing the client hangs up the API connection


def test_the_link_is_an_esphome_url() -> None:
    link = link_of(esphome_config())
    assert link.url == "esphome://rego-node.local:6053/?port_name=rego%20uart"
    assert link.endpoint == "esphome:rego-node.local:6053:rego uart"
    # An entry without a port takes the API's, not the TCP bridges' 9265.
    config = esphome_config()
    del config["port"]
    assert link_of(config).url == "esphome://rego-node.local:6053/?port_name=rego%20uart"


def test_a_proxy_picked_from_home_assistant_keeps_its_url() -> None:
    # The usb integration lists the serial proxies of ESPHome devices set up in Home
    # Assistant under the esphome integration's own scheme; the serial form stores it.
    url = "esphome-hass://esphome/01JABCDEF?port_name=rego%20uart"
    config = {"family": "rego", "model": "rego_6xx", "transport": "rego_serial"}
    link = link_of({**config, "device": url, "layout": "600"})
    assert link.url == url


@pytest.mark.parametrize(
    ("key", "refusal"),
    [(OTHER_KEY, InvalidEncryptionKeyAPIError), ("", RequiresEncryptionAPIError)],
)
async def test_a_refused_key_is_an_auth_error(
    node: ProxyDevice, rego: RegoSimulator, key: str, refusal: type[Exception]
) -> None:
    client = families.get("rego").client(esphome_config(key=key))
    with pytest.raises(PumpAuthError) as caught:
        await client.identify()
    await client.close()
    cause: BaseException | None = caught.value
    while cause is not None and not isinstance(cause, refusal):
        cause = cause.__cause__
    assert isinstance(cause, refusal)
    assert rego.requests == []
    assert len(node.clients) == 1  # refused once, not asked again with the same key


async def test_an_unknown_port_name_is_a_connection_error(
    node: ProxyDevice, rego: RegoSimulator
) -> None:
    client = families.get("rego").client(esphome_config(port_name="uart2"))
    with pytest.raises(PumpConnectionError):
        await client.identify()
    await client.close()
    assert rego.requests == []


async def test_a_node_without_encryption_takes_no_key(
    node: ProxyDevice, rego: RegoSimulator
) -> None:
    node.key = None
    client = families.get("rego").client(esphome_config(key=" "))
    try:
        identity = await client.identify()
    finally:
        await client.close()
    assert identity.model == "Rego 6xx (layout 600)"
    assert node.clients[0].noise_psk is None


# ------------------------------------------------------------------ Home Assistant


async def _esphome_form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    flow_id = result["flow_id"]
    result = await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "rego"})
    assert result["menu_options"] == ["rego_serial", "rego_bridge", "rego_esphome"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": "rego_esphome"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "rego_esphome"
    assert list(result["data_schema"].schema) == [
        "host",
        "port",
        "encryption_key",
        "device",
        "layout",
    ]
    key_selector = result["data_schema"].schema["encryption_key"]
    assert key_selector.config["type"] == "password"
    return str(flow_id)


async def test_set_up_through_the_flow(
    hass: HomeAssistant, node: ProxyDevice, rego: RegoSimulator
) -> None:
    flow_id = await _esphome_form(hass)
    form = {"host": f" {NODE} ", "port": 6053, "device": PORT_NAME, "layout": "600"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, {**form, "encryption_key": OTHER_KEY}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, {**form, "encryption_key": f"{KEY} "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == esphome_config()
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    assert float(state_of(hass, entry, "sensor", "outdoor").state) == -5.0


async def test_a_refused_key_asks_again(
    hass: HomeAssistant, node: ProxyDevice, rego: RegoSimulator
) -> None:
    entry = make_entry(esphome_config(), FAST)
    entry.add_to_hass(hass)
    node.key = OTHER_KEY  # the node was given a new key
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["source"] == config_entries.SOURCE_REAUTH
    assert flow["step_id"] == "reauth_confirm"
    flow_id = flow["flow_id"]
    result = await hass.config_entries.flow.async_configure(flow_id, {"encryption_key": KEY})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert list(result["data_schema"].schema) == ["encryption_key"]
    assert result["description_placeholders"] == {"name": entry.title}
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"encryption_key": f" {OTHER_KEY}"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data == esphome_config(key=OTHER_KEY)
    assert entry.state is ConfigEntryState.LOADED


async def test_a_key_refused_while_polling_asks_again(
    hass: HomeAssistant, node: ProxyDevice, rego: RegoSimulator
) -> None:
    entry = make_entry(esphome_config(), FAST)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []
    # The node gets a new key; the next connection is refused.
    node.key = OTHER_KEY
    await entry.runtime_data.client.close()
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["source"] == config_entries.SOURCE_REAUTH
    assert flow["step_id"] == "reauth_confirm"
    assert not entry.runtime_data.coordinator.last_update_success


async def test_diagnostics_hide_the_key(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    node: ProxyDevice,
    rego: RegoSimulator,
) -> None:
    entry = make_entry(esphome_config(), FAST)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    data = diagnostics["entry"]["data"]
    assert data["encryption_key"] == "**REDACTED**"
    assert data["host"] == "**REDACTED**"
    assert data["device"] == "**REDACTED**"
    assert data["port"] == 6053
    assert KEY not in str(diagnostics)


async def test_an_api_client_of_home_assistant(node: ProxyDevice, rego: RegoSimulator) -> None:
    # Home Assistant's esphome integration hands serialx its own connected client: serialx
    # neither logs in with it nor hangs it up.
    api = node.client(address=NODE, port=6053, password=None, noise_psk=KEY, provide_time=False)
    await api.connect()
    link = link_of(esphome_config())
    client = RegoClient(
        channels_for("600", {}), link, pacing_from(FAST), serial_options={"api": api}
    )
    try:
        result = await client.read([client.channels["outdoor"]])
    finally:
        await client.close()
    assert result.values == {"outdoor": -5.0}
    assert api.configured["baudrate"] == 19200
    assert api.subscribed == []  # the port was let go
    assert api.is_connected is True
    assert node.clients == [api]
    await api.disconnect()


# ------------------------------------------- an ESPHome device already in Home Assistant


@pytest.fixture
async def node_in_home_assistant(
    hass: HomeAssistant, node: ProxyDevice
) -> AsyncIterator[tuple[MockConfigEntry, FakeAPIClient]]:
    """The node set up by Home Assistant's esphome integration, its API client connected.

    The esphome integration's own serial port scanner and its `esphome-hass://` handler for
    serialx are registered as its set-up does; the entry's runtime data holds the client
    and the device information the scanner reads.
    """
    assert await async_setup_component(hass, "usb", {})
    api = node.client(address=NODE, port=6053, password=None, noise_psk=KEY, provide_time=False)
    await api.connect(login=True)
    esphome = MockConfigEntry(
        domain="esphome",
        title="Heat pump node",
        data={"host": NODE, "port": 6053, "password": "", "noise_psk": KEY},
    )
    esphome.add_to_hass(hass)
    esphome.mock_state(hass, ConfigEntryState.LOADED)
    esphome.runtime_data = SimpleNamespace(
        client=api,
        available=True,
        device_info=DeviceInfo(
            name="rego-node",
            mac_address="AA:BB:CC:DD:EE:FF",
            manufacturer="Espressif",
            model="ESP32",
            serial_proxies=[SerialProxyInfo(name=name) for name in node.ports],
        ),
    )
    remove_scanner = async_register_serial_port_scanner(hass, esphome_scanner)
    unregister_handler = serial_proxy.register_serialx_transport(hass.loop)
    yield esphome, api
    unregister_handler(Event("test"))
    remove_scanner()
    # Not Home Assistant's to unload: the stand-in has none of the integration's state.
    esphome.mock_state(hass, ConfigEntryState.NOT_LOADED)
    await api.disconnect()


async def _offered_ports(hass: HomeAssistant, ws: WebSocketGenerator) -> list[dict[str, Any]]:
    """The serial ports the frontend's serial port selector lists, with their users."""
    client = await ws(hass)
    await client.send_json_auto_id({"type": "usb/list_serial_ports", "include_usage": True})
    reply = await client.receive_json()
    assert reply["success"], reply
    return list(reply["result"])


async def test_a_node_in_home_assistant_is_offered_and_its_connection_reused(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    node: ProxyDevice,
    node_in_home_assistant: tuple[MockConfigEntry, FakeAPIClient],
    rego: RegoSimulator,
) -> None:
    esphome, api = node_in_home_assistant
    offered = {port["description"]: port for port in await _offered_ports(hass, hass_ws_client)}
    # Each proxy of the node is offered by the node's model and the proxy's name.
    port = offered[f"ESP32 ({PORT_NAME})"]
    assert "ESP32 (debug)" in offered
    url = f"esphome-hass://esphome/{esphome.entry_id}?port_name=rego+uart"
    assert port["device"] == url

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    flow_id = result["flow_id"]
    await hass.config_entries.flow.async_configure(flow_id, {"next_step_id": "rego"})
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": "rego_serial"}
    )
    assert list(result["data_schema"].schema) == ["device", "layout"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"device": port["device"], "layout": "600"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    assert float(state_of(hass, entry, "sensor", "outdoor").state) == -5.0

    # No second API connection: the probe and the entry both went through the node's own.
    assert node.clients == [api]
    assert api.configured["baudrate"] == 19200
    assert api.subscribed == [node.ports.index(PORT_NAME)]
    # The port picker shows who uses the proxy.
    offered = {port["device"]: port for port in await _offered_ports(hass, hass_ws_client)}
    (consumer,) = offered[url]["consumers"]
    assert (consumer["domain"], consumer["config_entry_id"]) == (DOMAIN, entry.entry_id)

    # Unloading lets the proxy go and leaves the node's connection to Home Assistant.
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert api.subscribed == []
    assert api.is_connected is True


async def test_a_node_not_loaded_yet_retries_the_set_up(
    hass: HomeAssistant,
    node: ProxyDevice,
    node_in_home_assistant: tuple[MockConfigEntry, FakeAPIClient],
    rego: RegoSimulator,
) -> None:
    esphome, api = node_in_home_assistant
    esphome.mock_state(hass, ConfigEntryState.SETUP_RETRY)
    url = f"esphome-hass://esphome/{esphome.entry_id}?port_name=rego+uart"
    config = {"family": "rego", "model": "rego_6xx", "transport": "rego_serial"}
    entry = make_entry({**config, "device": url, "layout": "600"}, FAST)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert rego.requests == []
    # Once the node is back, the next attempt reads the controller.
    esphome.mock_state(hass, ConfigEntryState.LOADED)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert float(state_of(hass, entry, "sensor", "outdoor").state) == -5.0
    assert node.clients == [api]
