"""How a pump behind a Husdata H1 interface describes itself to the set-up flow.

One model: the H1 speaks one line protocol whatever controller it is wired to, and says
which one in its `XV` reply, so nothing is asked about the controller. The interface is
reached through a local serial port (19200 8N1) or a transparent TCP bridge (port 9265,
openHAB's default). The device pushes its values: the family has no polling interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from ..descriptor import TRANSPORT, FamilyDescriptor, Field, FieldKind, TransportForm
from ..link import LineSettings, Link, LinkKind
from ..model import PumpClient
from ..plausibility import ScaleDispute
from ..settings import DEVICE, HOST, PORT
from .client import HusdataClient, Timing
from .ids import (
    CLIMATE,
    DEFAULT_PULSES_PER_KWH,
    PLAUSIBLE,
    PULSES_PER_KWH,
    SCALE_CHOICES,
    SCALE_DISPUTED,
    channels_for,
    scale_option,
)

MODEL: Final = "h1"
TITLE: Final = "Husdata H1"
BRIDGE_PORT: Final = 9265
"""The TCP port of openHAB's Husdata IP thing and of the usual serial bridges."""
LINE: Final = LineSettings(baudrate=19200, parity="N", stopbits=1, bytesize=8)
"""The H1's line: 19200 8N1, fixed."""

SERIAL: Final = "husdata_serial"
BRIDGE: Final = "husdata_bridge"
LINK_KINDS: Final[Mapping[str, LinkKind]] = {SERIAL: LinkKind.SERIAL, BRIDGE: LinkKind.NETWORK}
"""How the bytes of each transport travel."""

SILENCE_S: Final = "silence_s"
"""Option: seconds without a line after which the interface is asked again, then given up."""
REFRESH_MIN: Final = "refresh_min"
"""Option: minutes between two full read-outs (`XR`) asked of the interface."""
DEFAULT_TIMING: Final = Timing()

_SERIAL = (Field(DEVICE, FieldKind.SERIAL_PORT),)
_BRIDGE = (Field(HOST, FieldKind.HOST), Field(PORT, FieldKind.PORT, default=BRIDGE_PORT))
_DEFAULT_SCALES: Final[Mapping[int, int]] = {
    channel.where: channel.codec.scale
    for channel in channels_for(None).values()
    if channel.where in SCALE_DISPUTED
}


def link_of(config: Mapping[str, Any]) -> Link:
    """The link an entry's data describes."""
    kind = LINK_KINDS[str(config[TRANSPORT])]
    return Link.from_config(config, kind, default_port=BRIDGE_PORT, default_line=LINE)


def endpoint(config: Mapping[str, Any]) -> str:
    """What an entry talks to: the serial port's path, or the bridge's host:port."""
    return link_of(config).endpoint


def timing_of(config: Mapping[str, Any]) -> Timing:
    """The interface's timing, with what the entry's options change."""
    silence = float(config.get(SILENCE_S, DEFAULT_TIMING.silence))
    refresh = float(config.get(REFRESH_MIN, DEFAULT_TIMING.refresh / 60)) * 60
    return replace(DEFAULT_TIMING, silence=silence, refresh=refresh)


def _options(data: Mapping[str, Any]) -> tuple[Field, ...]:
    return (
        Field(
            SILENCE_S,
            FieldKind.INTEGER,
            default=round(DEFAULT_TIMING.silence),
            minimum=10,
            maximum=3600,
            unit="s",
        ),
        Field(
            REFRESH_MIN,
            FieldKind.INTEGER,
            default=round(DEFAULT_TIMING.refresh / 60),
            minimum=1,
            maximum=240,
            unit="min",
        ),
        Field(
            PULSES_PER_KWH,
            FieldKind.INTEGER,
            default=DEFAULT_PULSES_PER_KWH,
            minimum=1,
            maximum=100_000,
        ),
        *(
            Field(
                scale_option(id_),
                FieldKind.CHOICE,
                default=_DEFAULT_SCALES[id_],
                choices=_scales(id_),
                translation_key="scale",
            )
            for id_ in SCALE_DISPUTED
        ),
    )


def _scales(id_: int) -> tuple[int, ...]:
    """The scales an id may be read at, its table's first."""
    default = _DEFAULT_SCALES[id_]
    return (default, *(scale for scale in SCALE_CHOICES if scale != default))


def scale_disputes(config: Mapping[str, Any]) -> tuple[ScaleDispute, ...]:
    """Each disputed id with a plausible range, at the scale the entry's options pick."""
    channels = {channel.where: channel for channel in channels_for(config).values()}
    return tuple(
        ScaleDispute(
            channels[id_].key,
            scale_option(id_),
            _scales(id_),
            channels[id_].codec.scale,
            plausible,
        )
        for id_, plausible in PLAUSIBLE.items()
    )


def _option_placeholders(client: PumpClient | None) -> Mapping[str, str]:
    """The last raw word of each id whose scale is disputed ("-" while none came)."""
    last = client.last_raw if isinstance(client, HusdataClient) else {}
    return {f"raw_{id_:04X}": str(last[id_]) if id_ in last else "-" for id_ in SCALE_DISPUTED}


def _client(config: Mapping[str, Any]) -> PumpClient:
    """The client of an entry: its data and options merged."""
    return HusdataClient(channels_for(config), link_of(config), timing_of(config), climate=CLIMATE)


HUSDATA: Final = FamilyDescriptor(
    key="husdata",
    order=30,
    models=(MODEL,),
    transports=(TransportForm(SERIAL, _SERIAL), TransportForm(BRIDGE, _BRIDGE)),
    title=lambda _model: TITLE,
    client=_client,
    endpoint=endpoint,
    options=_options,
    option_placeholders=_option_placeholders,
    scale_disputes=scale_disputes,
    poll_interval=None,
)
