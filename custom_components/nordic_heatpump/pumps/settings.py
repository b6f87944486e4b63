"""Connection settings, as plain data: what a config entry stores, typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

FAMILY: Final = "family"
MODEL: Final = "model"
TRANSPORT: Final = "transport"
HOST: Final = "host"
PORT: Final = "port"
DEVICE: Final = "device"
BAUDRATE: Final = "baudrate"
PARITY: Final = "parity"
STOPBITS: Final = "stopbits"
UNIT_ID: Final = "unit_id"
MAX_REGISTERS: Final = "max_registers"
REQUEST_GAP_MS: Final = "request_gap_ms"
SCALE_PREFIX: Final = "scale_"
"""Options named scale_<channel key> choose a disputed scale for that channel."""

MODBUS_TCP_PORT: Final = 502
DEFAULT_BAUDRATE: Final = 19200
DEFAULT_PARITY: Final = "even"
PARITIES: Final = {"even": "E", "none": "N", "odd": "O"}
"""Parity as stored in an entry -> the character serial libraries take."""
DEFAULT_STOPBITS: Final = 1
DEFAULT_UNIT_ID: Final = 1
DEFAULT_MAX_REGISTERS: Final = 16
"""Reads of up to 16 registers are what field clients have used on real pumps."""
MODBUS_MAX_REGISTERS: Final = 125


class Family(StrEnum):
    """Pump families the integration speaks to."""

    THERMIA = "thermia"


class Transport(StrEnum):
    """How the pump is wired."""

    TCP = "tcp"
    """Modbus TCP (MBAP framing)."""
    RTU = "rtu"
    """Modbus RTU on a local serial port."""
    RTU_OVER_TCP = "rtu_over_tcp"
    """Modbus RTU framing through a transparent TCP serial bridge."""

    @property
    def is_serial_line(self) -> bool:
        """Whether frames travel on an RS-485 line where a unit id must answer."""
        return self is not Transport.TCP


def default_request_gap_ms(transport: Transport) -> int:
    """Pause between requests: none on TCP, 30 ms on a serial line (as HA's Modbus)."""
    return 0 if transport is Transport.TCP else 30


@dataclass(frozen=True, slots=True)
class ModbusLink:
    """Where and how to reach a Modbus device."""

    transport: Transport
    host: str = ""
    port: int = MODBUS_TCP_PORT
    device: str = ""
    baudrate: int = DEFAULT_BAUDRATE
    parity: str = "E"
    stopbits: int = DEFAULT_STOPBITS
    unit_id: int = DEFAULT_UNIT_ID

    @property
    def endpoint(self) -> str:
        """A normalised name of the endpoint + unit id, stable for one pump."""
        if self.transport is Transport.RTU:
            return f"serial:{self.device.strip()}:{self.unit_id}"
        host = self.host.strip().lower().rstrip(".")
        scheme = "tcp" if self.transport is Transport.TCP else "rtu-tcp"
        return f"{scheme}:{host}:{self.port}:{self.unit_id}"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ModbusLink:
        """Build from a config entry's data."""
        transport = Transport(config[TRANSPORT])
        if transport is Transport.RTU:
            return cls(
                transport=transport,
                device=str(config[DEVICE]),
                baudrate=int(config.get(BAUDRATE, DEFAULT_BAUDRATE)),
                parity=PARITIES[str(config.get(PARITY, DEFAULT_PARITY))],
                stopbits=int(config.get(STOPBITS, DEFAULT_STOPBITS)),
                unit_id=int(config.get(UNIT_ID, DEFAULT_UNIT_ID)),
            )
        return cls(
            transport=transport,
            host=str(config[HOST]),
            port=int(config.get(PORT, MODBUS_TCP_PORT)),
            unit_id=int(config.get(UNIT_ID, DEFAULT_UNIT_ID)),
        )


def chosen_scales(config: Mapping[str, Any]) -> dict[str, int]:
    """The disputed scales an entry's options choose, by channel key."""
    return {
        key.removeprefix(SCALE_PREFIX): int(value)
        for key, value in config.items()
        if key.startswith(SCALE_PREFIX)
    }


@dataclass(frozen=True, slots=True)
class PollTuning:
    """How hard the link may be driven."""

    max_registers: int = DEFAULT_MAX_REGISTERS
    request_gap: float = 0.0
    """Seconds between the end of one request and the start of the next."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any], transport: Transport) -> PollTuning:
        """Build from a config entry's options (falling back to defaults)."""
        gap_ms = config.get(REQUEST_GAP_MS, default_request_gap_ms(transport))
        max_registers = int(config.get(MAX_REGISTERS, DEFAULT_MAX_REGISTERS))
        return cls(
            max_registers=max(1, min(MODBUS_MAX_REGISTERS, max_registers)),
            request_gap=max(0.0, float(gap_ms) / 1000),
        )
