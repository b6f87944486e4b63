"""How Rego 6xx controllers describe themselves to the set-up flow.

One model: the controller layout is not a model but a property of the controller that
its version reply cannot tell (every layout answers 600), so each connection form asks
for it. The service port runs at 19200 baud 8N1, fixed; it is reached through a local
serial port or a transparent TCP bridge (ser2net, an ESP8266 on port 9265). Another
transport (an ESPHome serial proxy) is one more form and one more link kind here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..descriptor import TRANSPORT, FamilyDescriptor, Field, FieldKind, TransportForm
from ..link import LineSettings, Link, LinkKind
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
LINK_KINDS: Final[Mapping[str, LinkKind]] = {SERIAL: LinkKind.SERIAL, BRIDGE: LinkKind.NETWORK}
"""How the bytes of each transport travel."""

_LAYOUT = Field(LAYOUT, FieldKind.CHOICE, default=LAYOUT_600, choices=LAYOUTS)
_SERIAL = (Field(DEVICE, FieldKind.SERIAL_PORT), _LAYOUT)
_BRIDGE = (Field(HOST, FieldKind.HOST), Field(PORT, FieldKind.PORT, default=BRIDGE_PORT), _LAYOUT)


def link_of(config: Mapping[str, Any]) -> Link:
    """The link an entry's data describes."""
    kind = LINK_KINDS[str(config[TRANSPORT])]
    return Link.from_config(config, kind, default_port=BRIDGE_PORT, default_line=LINE)


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
    )


REGO: Final = FamilyDescriptor(
    key="rego",
    order=20,
    models=(MODEL,),
    transports=(TransportForm(SERIAL, _SERIAL), TransportForm(BRIDGE, _BRIDGE)),
    title=lambda _model: TITLE,
    client=_client,
    endpoint=endpoint,
    options=_options,
    poll_interval=POLL_INTERVAL,
)
