"""Constants of the Nordic Heat Pump integration."""

from __future__ import annotations

from typing import Final

from homeassistant.const import Platform

from .pumps import descriptor

DOMAIN: Final = "nordic_heatpump"
ENTRY_VERSION: Final = 2
"""Version 2: the entry, its entities and its device are keyed on the entry id."""

CONF_FAMILY: Final = descriptor.FAMILY
CONF_MODEL: Final = descriptor.MODEL
CONF_TRANSPORT: Final = descriptor.TRANSPORT

PLATFORMS: Final = [
    Platform.BINARY_SENSOR,
    Platform.CLIMATE,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.WATER_HEATER,
]
