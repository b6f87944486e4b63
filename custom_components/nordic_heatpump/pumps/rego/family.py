"""How Rego 6xx controllers describe themselves to the set-up flow.

One model: the controller layout is not a model but a property of the controller that
its version reply cannot tell (every layout answers 600), so each connection form asks
for it. The service port runs at 19200 baud 8N1, fixed; it is reached through a local
serial port or a transparent TCP bridge (ser2net, an ESP8266 on port 9265). Another
or through the serial proxy of an ESPHome device, by its native API (host, port 6053, the
API encryption key and the proxy's port name).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..descriptor import TRANSPORT, FamilyDescriptor, Field, FieldKind, TransportForm
from ..link import ESPHOME_API_PORT, LineSettings, Link, LinkKind
from ..model import PumpClient
from ..settings import DEVICE, HOST, PORT, REQUEST_GAP_MS
from .client import DEFAULT_REQUEST_GAP_MS, RegoClient, pacing_from
from .registers import (
    CLIMATE,
    CONTROL_DATA_636,
    CONTROL_DATA_READINGS,
    ERROR_LOG,
    LAYOUT,
    LAYOUT_600,
    LAYOUT_636,
    LAYOUTS,
    UNSHIFTED,
    channels_for,
)

MODEL: Final = "rego_6xx"
TITLE: Final = "Rego 6xx"
POLL_INTERVAL: Final = 60.0
"""Seconds between two reads of the enabled entities (openHAB's default refresh)."""
BRIDGE_PORT: Final = 9265
"""The TCP port of openHAB's IP thing and of the ESP8266 bridges."""
LINE: Final = LineSettings(baudrate=19200, parity="N", stopbits=1, bytesize=8)
"""The service port's line: 19200 8N1, fixed."""

SERIAL: Final = "rego_serial"
BRIDGE: Final = "rego_bridge"
ESPHOME: Final = "rego_esphome"
LINK_KINDS: Final[Mapping[str, LinkKind]] = {
    SERIAL: LinkKind.SERIAL,
    BRIDGE: LinkKind.NETWORK,
    ESPHOME: LinkKind.ESPHOME,
}
"""How the bytes of each transport travel."""
DEFAULT_PORTS: Final[Mapping[LinkKind, int]] = {LinkKind.ESPHOME: ESPHOME_API_PORT}
"""The TCP port a transport's link uses when its entry stores none (else the bridge's)."""
ENCRYPTION_KEY: Final = "encryption_key"
"""The ESPHome device's API encryption key (empty for a device without one)."""

_LAYOUT = Field(LAYOUT, FieldKind.CHOICE, default=LAYOUT_600, choices=LAYOUTS)
_SERIAL = (Field(DEVICE, FieldKind.SERIAL_PORT), _LAYOUT)
_BRIDGE = (Field(HOST, FieldKind.HOST), Field(PORT, FieldKind.PORT, default=BRIDGE_PORT), _LAYOUT)
_ESPHOME = (
    Field(HOST, FieldKind.HOST),
    Field(PORT, FieldKind.PORT, default=ESPHOME_API_PORT),
    Field(ENCRYPTION_KEY, FieldKind.SECRET, default=""),
    Field(DEVICE, FieldKind.NAME),  # the proxy's port name: the device on the ESPHome node
    _LAYOUT,
)


def link_of(config: Mapping[str, Any]) -> Link:
    """The link an entry's data describes."""
    kind = LINK_KINDS[str(config[TRANSPORT])]
    port = DEFAULT_PORTS.get(kind, BRIDGE_PORT)
    return Link.from_config(config, kind, default_port=port, default_line=LINE)


def serial_options_of(config: Mapping[str, Any]) -> dict[str, Any]:
    """Serialx's extra keywords for an entry: an ESPHome proxy's encryption key, if any."""
    key = str(config.get(ENCRYPTION_KEY) or "").strip()
    return {"key": key} if key else {}


def endpoint(config: Mapping[str, Any]) -> str:
    """What an entry talks to: the serial port's path, or the bridge's host:port."""
    return link_of(config).endpoint


def _options(data: Mapping[str, Any]) -> tuple[Field, ...]:
    pause = Field(
        REQUEST_GAP_MS,
        FieldKind.INTEGER,
        default=DEFAULT_REQUEST_GAP_MS,
        minimum=0,
        maximum=1000,
        unit="ms",
    )
    if data.get(LAYOUT) != LAYOUT_636:
        return (pause,)
    reading = Field(
        CONTROL_DATA_636, FieldKind.CHOICE, default=UNSHIFTED, choices=CONTROL_DATA_READINGS
    )
    return (pause, reading)


def _client(config: Mapping[str, Any]) -> PumpClient:
    """The client of an entry: its data and options merged."""
    layout = str(config[LAYOUT])
    return RegoClient(
        channels_for(layout, config),
        link_of(config),
        pacing_from(config),
        layout=layout,
        climate=CLIMATE,
        error_log=ERROR_LOG,
        serial_options=serial_options_of(config),
    )


REGO: Final = FamilyDescriptor(
    key="rego",
    order=20,
    models=(MODEL,),
    transports=(
        TransportForm(SERIAL, _SERIAL),
        TransportForm(BRIDGE, _BRIDGE),
        TransportForm(ESPHOME, _ESPHOME),
    ),
    title=lambda _model: TITLE,
    client=_client,
    endpoint=endpoint,
    options=_options,
    poll_interval=POLL_INTERVAL,
)
