"""The keys and defaults of what a config entry stores about a link and its tuning.

The family, model and transport keys are in `descriptor.py`; the link these describe is
built in `link.py`, the Modbus framing and unit id in the Thermia family.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

HOST: Final = "host"
PORT: Final = "port"
DEVICE: Final = "device"
BAUDRATE: Final = "baudrate"
PARITY: Final = "parity"
STOPBITS: Final = "stopbits"
BYTESIZE: Final = "bytesize"
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
MODBUS_MAX_REGISTERS: Final = 125
"""Registers one Modbus read (FC3/FC4) may return."""
DEFAULT_MAX_REGISTERS: Final = MODBUS_MAX_REGISTERS
"""A ceiling only: a range whose reads the pump refuses is read in smaller blocks."""


def chosen_scales(config: Mapping[str, Any]) -> dict[str, int]:
    """The disputed scales an entry's options choose, by channel key."""
    return {
        key.removeprefix(SCALE_PREFIX): int(value)
        for key, value in config.items()
        if key.startswith(SCALE_PREFIX)
    }
