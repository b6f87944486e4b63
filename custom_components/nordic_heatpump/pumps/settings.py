"""The keys and defaults every family's entry uses for its link and its pacing.

The family, model and transport keys are in `descriptor.py`; the link these describe is
built in `link.py`. A family's own keys (Modbus unit id, read sizes, scales) live with
the family.
"""

from __future__ import annotations

from typing import Final

HOST: Final = "host"
PORT: Final = "port"
DEVICE: Final = "device"
BAUDRATE: Final = "baudrate"
PARITY: Final = "parity"
STOPBITS: Final = "stopbits"
BYTESIZE: Final = "bytesize"
REQUEST_GAP_MS: Final = "request_gap_ms"

DEFAULT_BAUDRATE: Final = 19200
PARITIES: Final = {"even": "E", "none": "N", "odd": "O"}
"""Parity as stored in an entry -> the character serial libraries take."""
DEFAULT_STOPBITS: Final = 1
