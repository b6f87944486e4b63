"""How Thermia Genesis describes itself to the set-up flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..descriptor import MODEL, TRANSPORT, FamilyDescriptor, Field, FieldKind, TransportForm
from ..model import PumpClient
from ..plausibility import ScaleDispute
from ..settings import (
    BAUDRATE,
    DEFAULT_BAUDRATE,
    DEFAULT_STOPBITS,
    DEVICE,
    HOST,
    PARITIES,
    PARITY,
    PORT,
    REQUEST_GAP_MS,
    STOPBITS,
)
from .client import ThermiaClient
from .connection import (
    DEFAULT_MAX_REGISTERS,
    DEFAULT_PARITY,
    DEFAULT_UNIT_ID,
    MAX_REGISTERS,
    MODBUS_MAX_REGISTERS,
    MODBUS_TCP_PORT,
    SCALE_PREFIX,
    UNIT_ID,
    ModbusTarget,
    Transport,
    chosen_scales,
    default_request_gap_ms,
    max_registers_of,
    pacing_for,
)
from .registers import DISPUTED_SCALES, INVERTER, MEGA, MODELS, PLAUSIBLE

BAUDRATES: Final = (2400, 4800, 9600, 14400, 19200, 28800, 38400, 57600, 115200)
TITLES: Final[Mapping[str, str]] = {
    MEGA: "Thermia Genesis Mega",
    INVERTER: "Thermia Genesis Inverter",
}
POLL_INTERVAL: Final = 30.0
"""Seconds between two reads of the enabled entities."""

_UNIT_ID = Field(UNIT_ID, FieldKind.INTEGER, default=DEFAULT_UNIT_ID, minimum=1, maximum=247)
_NETWORK = (
    Field(HOST, FieldKind.HOST),
    Field(PORT, FieldKind.PORT, default=MODBUS_TCP_PORT),
    _UNIT_ID,
)
_SERIAL = (
    Field(DEVICE, FieldKind.SERIAL_PORT),
    Field(BAUDRATE, FieldKind.CHOICE, default=DEFAULT_BAUDRATE, choices=BAUDRATES),
    Field(PARITY, FieldKind.CHOICE, default=DEFAULT_PARITY, choices=tuple(PARITIES)),
    Field(STOPBITS, FieldKind.CHOICE, default=DEFAULT_STOPBITS, choices=(1, 2)),
    _UNIT_ID,
)


def _options(data: Mapping[str, Any]) -> tuple[Field, ...]:
    transport = Transport(data[TRANSPORT])
    return (
        Field(
            MAX_REGISTERS,
            FieldKind.INTEGER,
            default=DEFAULT_MAX_REGISTERS,
            minimum=1,
            maximum=MODBUS_MAX_REGISTERS,
        ),
        Field(
            REQUEST_GAP_MS,
            FieldKind.INTEGER,
            default=default_request_gap_ms(transport, int(data.get(BAUDRATE, DEFAULT_BAUDRATE))),
            minimum=0,
            maximum=1000,
            unit="ms",
        ),
        *(
            Field(
                f"{SCALE_PREFIX}{key}",
                FieldKind.CHOICE,
                default=scales[0],
                choices=scales,
                translation_key="scale",
            )
            for key, scales in DISPUTED_SCALES.items()
        ),
    )


def scale_disputes(config: Mapping[str, Any]) -> tuple[ScaleDispute, ...]:
    """Each disputed channel, at the scale the entry's options pick (else the documented)."""
    chosen = chosen_scales(config)
    return tuple(
        ScaleDispute(
            key,
            f"{SCALE_PREFIX}{key}",
            scales,
            chosen[key] if chosen.get(key) in scales else scales[0],
            PLAUSIBLE[key],
        )
        for key, scales in DISPUTED_SCALES.items()
    )


def _client(config: Mapping[str, Any]) -> PumpClient:
    target = ModbusTarget.from_config(config)
    return ThermiaClient(
        str(config[MODEL]),
        target,
        pacing_for(target.transport, config),
        chosen_scales(config),
        max_registers_of(config),
    )


def endpoint(config: Mapping[str, Any]) -> str:
    """What an entry talks to, normalised (see `ModbusTarget.endpoint`)."""
    return ModbusTarget.from_config(config).endpoint


THERMIA: Final = FamilyDescriptor(
    key="thermia",
    order=10,
    models=MODELS,
    transports=(
        TransportForm(Transport.TCP.value, _NETWORK),
        TransportForm(Transport.RTU.value, _SERIAL),
        TransportForm(Transport.RTU_OVER_TCP.value, _NETWORK),
    ),
    title=lambda model: TITLES[model],
    client=_client,
    endpoint=endpoint,
    options=_options,
    scale_disputes=scale_disputes,
    poll_interval=POLL_INTERVAL,
)
