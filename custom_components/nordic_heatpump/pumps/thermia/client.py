"""A Thermia Genesis client over pymodbus: one link, one lock, confirmed writes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
import contextlib
import logging
import time
from typing import Any, Final

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException
from pymodbus.framer import FramerType
from pymodbus.pdu import ModbusPDU

from ..model import (
    Channel,
    ClimateRoles,
    DeviceIdentity,
    PumpConnectionError,
    PumpError,
    PumpNoAnswerError,
    PumpRejectedError,
    PumpTimeoutError,
    PumpWriteMismatchError,
    ReadResult,
    Value,
    WaterHeaterRoles,
)
from ..settings import ModbusLink, PollTuning, Transport
from .blocks import Block, make_block, plan_blocks, punch_holes
from .register import ModbusChannel, Space
from .registers import CLIMATE, MEGA, REGISTER_RANGES, WATER_HEATER, channels_for

_LOGGER = logging.getLogger(__name__)

type _Modbus = AsyncModbusTcpClient | AsyncModbusSerialClient

REQUEST_TIMEOUT: Final = 3.0
"""Seconds to wait for one answer."""
REQUEST_RETRIES: Final = 1
BACKOFF_FIRST: Final = 2.0
BACKOFF_MAX: Final = 60.0
RETRY_FAILED_AFTER: Final = 600.0
"""Seconds before a register the pump rejected is tried again (an accessory may return)."""

MODEL_NAMES: Final[Mapping[str, str]] = {
    MEGA: "Genesis Mega",
    "inverter": "Genesis Inverter (Atlas, Calibra, Diplomat Inverter)",
}

_MAX_CACHED_PLANS: Final = 32


class _LinkDownError(PumpError):
    """Internal: the link failed mid-poll; the rest of the poll is skipped."""


class ThermiaClient:
    """Reads and writes one Thermia Genesis pump."""

    def __init__(
        self,
        model: str,
        link: ModbusLink,
        tuning: PollTuning | None = None,
        scales: Mapping[str, int] | None = None,
    ) -> None:
        """Prepare the client; nothing is opened until `connect`.

        `scales` picks, per channel, one of the scales the sources dispute.
        """
        self.model = model
        self.link = link
        self.tuning = tuning or PollTuning()
        self._channels = {channel.key: channel for channel in channels_for(model, scales)}
        self._ranges = REGISTER_RANGES[model]
        self._modbus: _Modbus | None = None
        self._lock = asyncio.Lock()
        self._last_request_end = 0.0
        self._backoff = 0.0
        self._next_attempt = 0.0
        self._rejected: dict[str, float] = {}
        self._plans: dict[frozenset[str], list[Block]] = {}
        self._stats: dict[str, int] = {
            "requests": 0,
            "exceptions": 0,
            "timeouts": 0,
            "connects": 0,
            "connect_failures": 0,
        }

    @property
    def channels(self) -> Mapping[str, Channel]:
        """Every channel this model has."""
        return self._channels

    @property
    def climate_roles(self) -> ClimateRoles | None:
        """The heating climate: operational mode, comfort wheel, room sensor, demand."""
        return CLIMATE if set(CLIMATE.keys) <= self._channels.keys() else None

    @property
    def water_heater_roles(self) -> WaterHeaterRoles | None:
        """Tap water: weighted/top temperature, start/stop temperatures."""
        return WATER_HEATER if set(WATER_HEATER.keys) <= self._channels.keys() else None

    # -- link -------------------------------------------------------------------

    def _new_modbus(self) -> _Modbus:
        # reconnect_delay=0: reconnecting is ours to pace, not pymodbus's.
        common: dict[str, Any] = {
            "timeout": REQUEST_TIMEOUT,
            "retries": REQUEST_RETRIES,
            "reconnect_delay": 0,
        }
        if self.link.transport is Transport.RTU:
            return AsyncModbusSerialClient(
                self.link.device,
                framer=FramerType.RTU,
                baudrate=self.link.baudrate,
                bytesize=8,
                parity=self.link.parity,
                stopbits=self.link.stopbits,
                **common,
            )
        framer = FramerType.SOCKET if self.link.transport is Transport.TCP else FramerType.RTU
        return AsyncModbusTcpClient(self.link.host, port=self.link.port, framer=framer, **common)

    async def connect(self) -> None:
        """Open the link, pacing attempts with a growing backoff after failures."""
        async with self._lock:
            await self._connect()

    async def _connect(self) -> None:
        if self._modbus is not None and self._modbus.connected:
            return
        now = time.monotonic()
        if now < self._next_attempt:
            wait = self._next_attempt - now
            msg = f"{self.link.endpoint}: waiting {wait:.0f} s before reconnecting"
            raise PumpConnectionError(msg)
        self._drop()
        self._modbus = self._new_modbus()
        try:
            connected = await self._modbus.connect()
        except (OSError, ModbusException) as err:
            _LOGGER.debug("Connecting to %s failed: %s", self.link.endpoint, err)
            connected = False
        if not connected:
            self._stats["connect_failures"] += 1
            self._backoff = min(BACKOFF_MAX, max(BACKOFF_FIRST, self._backoff * 2))
            self._next_attempt = time.monotonic() + self._backoff
            self._drop()
            msg = f"cannot connect to {self.link.endpoint}"
            raise PumpConnectionError(msg)
        self._stats["connects"] += 1
        self._backoff = 0.0
        self._next_attempt = 0.0

    def _drop(self) -> None:
        if self._modbus is not None:
            self._modbus.close()
            self._modbus = None

    @contextlib.asynccontextmanager
    async def _session(self) -> AsyncIterator[None]:
        """The lock held and the link open; a failed link is closed and reported as ours."""
        async with self._lock:
            await self._connect()
            try:
                yield
            except _LinkDownError as err:
                self._drop()
                raise PumpConnectionError(str(err)) from err
            except PumpTimeoutError:
                self._drop()
                raise

    async def close(self) -> None:
        """Close the link."""
        async with self._lock:
            self._drop()

    async def _exchange(
        self, doing: str, send: Callable[[_Modbus], Awaitable[ModbusPDU]]
    ) -> ModbusPDU:
        """One request with the lock held: paced, counted, outcomes mapped to ours."""
        modbus = self._modbus
        if modbus is None or not modbus.connected:
            raise _LinkDownError("not connected")
        await self._respect_gap()
        self._stats["requests"] += 1
        try:
            response = await send(modbus)
        except ModbusIOException as err:
            self._stats["timeouts"] += 1
            raise self._timeout_error(f"no answer {doing}") from err
        except ConnectionException as err:
            raise _LinkDownError(str(err)) from err
        finally:
            self._last_request_end = time.monotonic()
        self._raise_if_exception(response, doing)
        return response

    async def _request(self, space: Space, address: int, count: int) -> list[int]:
        """Read raw words (or bits)."""
        unit = self.link.unit_id

        def send(modbus: _Modbus) -> Awaitable[ModbusPDU]:
            match space:
                case Space.COIL:
                    return modbus.read_coils(address, count=count, device_id=unit)
                case Space.DISCRETE_INPUT:
                    return modbus.read_discrete_inputs(address, count=count, device_id=unit)
                case Space.INPUT:
                    return modbus.read_input_registers(address, count=count, device_id=unit)
                case Space.HOLDING:
                    return modbus.read_holding_registers(address, count=count, device_id=unit)

        response = await self._exchange(f"reading {space} {address}+{count}", send)
        if space.is_bit:
            return [int(bit) for bit in response.bits[:count]]
        return list(response.registers)

    async def _respect_gap(self) -> None:
        wait = self._last_request_end + self.tuning.request_gap - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def _timeout_error(self, message: str) -> PumpTimeoutError:
        if self.link.transport.is_serial_line:
            return PumpNoAnswerError(f"unit {self.link.unit_id}: {message}")
        return PumpTimeoutError(message)

    def _raise_if_exception(self, response: ModbusPDU, doing: str) -> None:
        if response.isError():
            self._stats["exceptions"] += 1
            code = getattr(response, "exception_code", None)
            msg = f"pump answered Modbus exception {code} {doing}"
            raise PumpRejectedError(msg, code)

    # -- identity ---------------------------------------------------------------

    async def identify(self) -> DeviceIdentity:
        """Check the pump answers; read its firmware (input 311-313, else 57-59)."""
        async with self._session():
            version = await self._read_version()
        return DeviceIdentity(
            manufacturer="Thermia",
            model=MODEL_NAMES.get(self.model, self.model),
            firmware=version,
        )

    async def _read_version(self) -> str | None:
        # Every Genesis answers the first prioritised demand; anything else is not one.
        await self._request(Space.INPUT, 1, 1)
        parts: list[int] = []
        try:
            # v12/v13 registers outside the answered ranges: one read each.
            for address in (311, 312, 313):
                parts += await self._request(Space.INPUT, address, 1)
        except PumpRejectedError:
            parts = []
        if not any(parts):
            try:
                parts = await self._request(Space.INPUT, 57, 3)
            except PumpRejectedError:
                return None
        if not any(parts):
            return None
        return ".".join(str(part) for part in parts)

    # -- reading ----------------------------------------------------------------

    async def read(self, channels: Iterable[Channel]) -> ReadResult:
        """Read channels in blocks; isolate and remember registers the pump rejects.

        Raises only when nothing at all could be read.
        """
        wanted = [own for c in channels if (own := self._channels.get(c.key)) is c]
        result = ReadResult()
        if not wanted:
            return result
        now = time.monotonic()
        healthy = [c for c in wanted if c.key not in self._rejected]
        retry = [c for c in wanted if c.key in self._rejected and self._rejected[c.key] <= now]
        result.failed.update(c.key for c in wanted if c.key in self._rejected and c not in retry)
        blocks = self._plan(healthy) + [make_block([channel]) for channel in retry]
        async with self._session():
            try:
                for block in blocks:
                    await self._read_block(block, result)
            except (_LinkDownError, PumpTimeoutError) as err:
                result.failed.update(c.key for c in wanted if c.key not in result.values)
                if not result.values:
                    raise
                # Keep what was read; the link is rebuilt on the next request.
                self._drop()
                _LOGGER.debug("Poll of %s cut short: %s", self.link.endpoint, err)
        return result

    def _plan(self, channels: list[ModbusChannel]) -> list[Block]:
        key = frozenset(c.key for c in channels)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > _MAX_CACHED_PLANS:
                self._plans.clear()
            # A rejected register is a barrier: reads around it never span it again.
            rejected = [self._channels[key] for key in self._rejected]
            ranges = punch_holes(self._ranges, rejected)
            plan = plan_blocks(channels, ranges, self.tuning.max_registers)
            self._plans[key] = plan
        return plan

    async def _read_block(self, block: Block, result: ReadResult) -> None:
        try:
            raw = await self._request(block.space, block.start, block.count)
        except PumpRejectedError as err:
            if len(block.channels) > 1:
                for half in block.halves():
                    await self._read_block(half, result)
                return
            channel = block.channels[0]
            if channel.key not in self._rejected:
                _LOGGER.info(
                    "%s: the pump rejects %s (%s %s): %s",
                    self.link.endpoint,
                    channel.key,
                    channel.where.space,
                    channel.where.address,
                    err,
                )
            self._rejected[channel.key] = time.monotonic() + RETRY_FAILED_AFTER
            self._plans.clear()
            result.failed.add(channel.key)
            return
        for channel in block.channels:
            offset = channel.where.address - block.start
            result.values[channel.key] = channel.decode(raw[offset : offset + channel.where.count])
            if self._rejected.pop(channel.key, None) is not None:
                _LOGGER.info("%s: %s answers again", self.link.endpoint, channel.key)
                self._plans.clear()

    # -- writing ----------------------------------------------------------------

    async def write(self, channel: Channel, value: float | str | bool) -> Value:
        """Write one channel, read it back, and return the value read back.

        The value must already be validated against the channel's limits; this
        refuses channels the table does not mark writable.
        """
        own = self._channels.get(channel.key)
        if own is not channel or not own.writable:
            msg = f"{channel.key} is not writable"
            raise PumpError(msg)
        if own.kind.is_on_off:
            raw = [int(bool(value))]
        elif isinstance(value, bool):
            msg = f"{channel.key} takes a number or an option, not {value!r}"
            raise PumpError(msg)
        else:
            raw = own.codec.encode(value)
        expected = own.decode(raw)
        where = own.where
        async with self._session():
            await self._write_raw(own, raw)
            read_back = own.decode(await self._request(where.space, where.address, where.count))
        if read_back != expected and not own.momentary:
            raise PumpWriteMismatchError(own, expected, read_back)
        return read_back

    async def _write_raw(self, channel: ModbusChannel, raw: list[int]) -> None:
        unit = self.link.unit_id
        address = channel.where.address

        def send(modbus: _Modbus) -> Awaitable[ModbusPDU]:
            if channel.where.space is Space.COIL:
                return modbus.write_coil(address, bool(raw[0]), device_id=unit)
            if len(raw) == 1:
                return modbus.write_register(address, raw[0], device_id=unit)
            return modbus.write_registers(address, raw, device_id=unit)

        await self._exchange(f"writing {channel.key}", send)

    # -- diagnostics ------------------------------------------------------------

    def diagnostics(self) -> dict[str, object]:
        """Link counters and the registers the pump currently rejects."""
        return {
            "model": self.model,
            "transport": str(self.link.transport),
            "unit_id": self.link.unit_id,
            "max_registers": self.tuning.max_registers,
            "request_gap_s": self.tuning.request_gap,
            "connected": self._modbus is not None and self._modbus.connected,
            "statistics": dict(self._stats),
            "rejected_channels": sorted(self._rejected),
        }
