"""Constants of the Nordic Heat Pump integration."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from homeassistant.const import Platform

from .pumps import settings

DOMAIN: Final = "nordic_heatpump"

CONF_FAMILY: Final = settings.FAMILY
CONF_MODEL: Final = settings.MODEL
CONF_TRANSPORT: Final = settings.TRANSPORT
CONF_DEVICE: Final = settings.DEVICE
CONF_BAUDRATE: Final = settings.BAUDRATE
CONF_PARITY: Final = settings.PARITY
CONF_STOPBITS: Final = settings.STOPBITS
CONF_UNIT_ID: Final = settings.UNIT_ID
CONF_MAX_REGISTERS: Final = settings.MAX_REGISTERS
CONF_REQUEST_GAP_MS: Final = settings.REQUEST_GAP_MS

DEFAULT_SCAN_INTERVAL: Final = timedelta(seconds=30)
MIN_SCAN_INTERVAL_S: Final = 5
MAX_SCAN_INTERVAL_S: Final = 3600

PLATFORMS: Final = [
    Platform.BINARY_SENSOR,
    Platform.CLIMATE,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.WATER_HEATER,
]
