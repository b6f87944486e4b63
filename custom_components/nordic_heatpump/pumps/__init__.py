"""The protocol layer: plain asyncio clients for each pump family.

Nothing in this package imports Home Assistant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import PumpClient
from .settings import FAMILY, MODEL, Family, ModbusLink, PollTuning, chosen_scales
from .thermia.client import ThermiaClient


def open_client(config: Mapping[str, Any]) -> PumpClient:
    """Build the client a config entry's data and options describe (nothing is opened yet)."""
    family = Family(config[FAMILY])
    match family:
        case Family.THERMIA:
            link = ModbusLink.from_config(config)
            return ThermiaClient(
                str(config[MODEL]),
                link,
                PollTuning.from_config(config, link.transport),
                chosen_scales(config),
            )
