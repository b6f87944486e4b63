"""The protocol layer: plain asyncio clients for each pump family.

Nothing in this package imports Home Assistant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .descriptor import FAMILY
from .families import get
from .model import PumpClient


def open_client(config: Mapping[str, Any]) -> PumpClient:
    """Build the client a config entry's data and options describe (nothing is opened yet)."""
    return get(str(config[FAMILY])).client(config)
