"""How a Thermia Genesis is reached: a link, the Modbus framing over it, and a unit id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
import math
from typing import Any, Final

from ..descriptor import TRANSPORT
from ..link import LineSettings, Link, LinkKind
from ..session import Pacing
from ..settings import BAUDRATE, DEFAULT_BAUDRATE, DEFAULT_STOPBITS, PARITIES, REQUEST_GAP_MS

UNIT_ID: Final = "unit_id"
MAX_REGISTERS: Final = "max_registers"
SCALE_PREFIX: Final = "scale_"
"""Options named scale_<channel key> choose a disputed scale for that channel."""

MODBUS_TCP_PORT: Final = 502
DEFAULT_PARITY: Final = "even"
DEFAULT_UNIT_ID: Final = 1
MODBUS_MAX_REGISTERS: Final = 125
"""Registers one Modbus read (FC3/FC4) may return."""
DEFAULT_MAX_REGISTERS: Final = MODBUS_MAX_REGISTERS
"""A ceiling only: a range whose reads the pump refuses is read in smaller blocks."""

REQUEST_TIMEOUT: Final = 3.0
"""Seconds to wait for one answer during a poll or a write."""
REQUEST_RETRIES: Final = 1
"""Further attempts after a timeout."""
RECONNECT_DELAY_MAX: Final = 15.0
"""Seconds the growing wait between reconnects stops at: half the 30 s poll interval, so
the first poll after the pump is back always tries the link (a longer wait skips polls)."""

LINE: Final = LineSettings(
    baudrate=DEFAULT_BAUDRATE,
    parity=PARITIES[DEFAULT_PARITY],
    stopbits=DEFAULT_STOPBITS,
    bytesize=8,
)
"""Thermia's factory line settings: 19200 8E1."""

RTU_CHARACTER_BITS: Final = 11
"""Bits of one Modbus RTU character: start, 8 data, parity (or a second stop), stop."""
RTU_FIXED_SILENCE: Final = 0.00175
"""Seconds of the inter-frame silence above 19200 baud, where the Modbus serial-line
specification fixes it instead of counting characters."""


class Transport(StrEnum):
    """How the pump is wired."""

    TCP = "tcp"
    """Modbus TCP (MBAP framing)."""
    RTU = "rtu"
    """Modbus RTU on a local serial port."""
    RTU_OVER_TCP = "rtu_over_tcp"
    """Modbus RTU framing through a transparent TCP serial bridge."""

    @property
    def link_kind(self) -> LinkKind:
        """What carries the frames."""
        return LinkKind.SERIAL if self is Transport.RTU else LinkKind.NETWORK

    @property
    def is_serial_line(self) -> bool:
        """Whether frames travel on an RS-485 line where a unit id must answer."""
        return self is not Transport.TCP


@dataclass(frozen=True, slots=True)
class ModbusTarget:
    """One Modbus device: the link, the framing its transport implies, the unit id."""

    transport: Transport
    link: Link
    unit_id: int = DEFAULT_UNIT_ID

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ModbusTarget:
        """Build from a config entry's data."""
        transport = Transport(config[TRANSPORT])
        link = Link.from_config(
            config, transport.link_kind, default_port=MODBUS_TCP_PORT, default_line=LINE
        )
        return cls(transport, link, int(config.get(UNIT_ID, DEFAULT_UNIT_ID)))

    @property
    def endpoint(self) -> str:
        """What this talks to, normalised: a second entry for it is refused.

        Over Modbus TCP the pump answers any unit id, so host and port alone name it. On
        an RS-485 line (local or behind a bridge) several pumps may share the bus: the
        unit id is part of the endpoint there.
        """
        match self.transport:
            case Transport.TCP:
                return f"tcp:{self.link.endpoint}"
            case Transport.RTU:
                return f"serial:{self.link.endpoint}:{self.unit_id}"
            case Transport.RTU_OVER_TCP:
                return f"rtu-tcp:{self.link.endpoint}:{self.unit_id}"

    def __str__(self) -> str:
        """The endpoint, for log lines and error messages."""
        return self.endpoint


def rtu_silence(baudrate: int) -> float:
    """Seconds of silence that end a Modbus RTU frame.

    3.5 character times, and a fixed 1.75 ms above 19200 baud (Modbus over Serial Line
    V1.02, 2.5.1.1).
    """
    if baudrate > DEFAULT_BAUDRATE:
        return RTU_FIXED_SILENCE
    return 3.5 * RTU_CHARACTER_BITS / baudrate


def default_request_gap_ms(transport: Transport, baudrate: int = DEFAULT_BAUDRATE) -> int:
    """Pause between requests, in whole milliseconds: none on TCP.

    On a serial line, the silence that must part two frames (3 ms at 19200); Thermia
    documents no pause of its own. Behind a bridge the line's speed is not known:
    Thermia's factory 19200 is taken.
    """
    if not transport.is_serial_line:
        return 0
    return math.ceil(rtu_silence(baudrate) * 1000)


def pacing_for(transport: Transport, options: Mapping[str, Any] | None = None) -> Pacing:
    """How hard the link may be driven, from an entry's data and options (or the defaults)."""
    config = options or {}
    baudrate = int(config.get(BAUDRATE, DEFAULT_BAUDRATE))
    gap_ms = config.get(REQUEST_GAP_MS, default_request_gap_ms(transport, baudrate))
    return Pacing(
        request_gap=max(0.0, float(gap_ms) / 1000),
        timeout=REQUEST_TIMEOUT,
        retries=REQUEST_RETRIES,
        backoff_max=RECONNECT_DELAY_MAX,
    )


def max_registers_of(options: Mapping[str, Any]) -> int:
    """The largest read an entry's options allow, within what Modbus allows."""
    wanted = int(options.get(MAX_REGISTERS, DEFAULT_MAX_REGISTERS))
    return max(1, min(MODBUS_MAX_REGISTERS, wanted))


def chosen_scales(config: Mapping[str, Any]) -> dict[str, int]:
    """The disputed scales an entry's options choose, by channel key."""
    return {
        key.removeprefix(SCALE_PREFIX): int(value)
        for key, value in config.items()
        if key.startswith(SCALE_PREFIX)
    }
