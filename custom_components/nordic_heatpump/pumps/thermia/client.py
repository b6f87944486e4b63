"""A Thermia Genesis client over pymodbus, through the shared session: confirmed writes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from itertools import chain
import logging
import time
from typing import Any, Final

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusIOException
from pymodbus.framer import FramerType
from pymodbus.pdu import ModbusPDU

from ..model import (
    Channel,
    ClimateRoles,
    DeviceIdentity,
    ErrorLogRoles,
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
from ..session import PROBE_BUDGET, Pacing, Session, Turn
from ..settings import BAUDRATE
from . import connection
from .blocks import Block, make_block, pack, plan_blocks, smaller_read
from .connection import DEFAULT_MAX_REGISTERS, ModbusTarget, Transport, pacing_for
from .pymodbus_log import our_link
from .read_sizes import ReadSizes
from .register import ModbusChannel, Space
from .registers import CLIMATE, MEGA, REGISTER_RANGES, WATER_HEATER, channels_for
from .rtu_framer import use_linear_framer

_LOGGER = logging.getLogger(__name__)

type _Modbus = AsyncModbusTcpClient | AsyncModbusSerialClient

RETRY_FAILED_AFTER: Final = 600.0
"""Seconds before a register the pump rejected is tried again (an accessory may return)."""

MODEL_NAMES: Final[Mapping[str, str]] = {
    MEGA: "Genesis Mega",
    "inverter": "Genesis Inverter (Atlas, Calibra, Diplomat Inverter)",
}


class ThermiaClient:
    """Reads and writes one Thermia Genesis pump."""

    def __init__(
        self,
        model: str,
        target: ModbusTarget,
        pacing: Pacing | None = None,
        scales: Mapping[str, int] | None = None,
        max_registers: int = DEFAULT_MAX_REGISTERS,
    ) -> None:
        """Prepare the client; nothing is opened until `connect`.

        `pacing` defaults to the transport's; `scales` picks, per channel, one of the
        scales the sources dispute; `max_registers` caps one read (reads the pump
        refuses are made smaller on their own).
        """
        self.model = model
        self.target = target
        self.max_registers = max_registers
        self._session: Session[_Modbus] = Session(
            target.endpoint,
            self._open,
            _close,
            pacing or pacing_for(target.transport, {BAUDRATE: target.link.line.baudrate}),
            alive=_is_connected,
        )
        self._channels = {channel.key: channel for channel in channels_for(model, scales)}
        self._ranges = REGISTER_RANGES[model]
        self._rejected: dict[str, float] = {}
        """Channels the pump refused, and when each is tried again."""
        self._refused_now: dict[str, PumpError] = {}
        """Channels refused during the poll under way; kept only if the pump answered
        other reads in it (a pump that refuses everything is busy, not short of those)."""
        self._read_sizes = ReadSizes(max_registers)
        self._last_raw: dict[tuple[Space, int], list[int]] = {}
        """The words (or bits) last read at each channel's address, for diagnostics."""

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

    @property
    def error_log_roles(self) -> ErrorLogRoles | None:
        """Genesis keeps no error log readable over Modbus; alarms are flags."""
        return None

    # -- link -------------------------------------------------------------------

    @property
    def pacing(self) -> Pacing:
        """How the link is driven."""
        return self._session.pacing

    async def _open(self) -> _Modbus:
        """A connected pymodbus client; the session paces, times and retries the requests."""
        target = self.target
        link = target.link
        # reconnect_delay=0 and retries=0: reconnects and retries are the session's.
        common: dict[str, Any] = {
            "timeout": connection.REQUEST_TIMEOUT,
            "retries": 0,
            "reconnect_delay": 0,
        }
        modbus: _Modbus
        if target.transport is Transport.RTU:
            modbus = AsyncModbusSerialClient(
                link.device,
                framer=FramerType.RTU,
                baudrate=link.line.baudrate,
                bytesize=link.line.bytesize,
                parity=link.line.parity,
                stopbits=link.line.stopbits,
                **common,
            )
        else:
            framer = FramerType.SOCKET if target.transport is Transport.TCP else FramerType.RTU
            modbus = AsyncModbusTcpClient(link.host, port=link.port, framer=framer, **common)
        if target.transport.is_serial_line:
            use_linear_framer(modbus)
        connected = False
        try:
            with our_link():
                connected = await modbus.connect()
        finally:
            if not connected:
                modbus.close()
        if not connected:
            msg = f"{target}: the link did not open"
            raise PumpConnectionError(msg)
        return modbus

    async def connect(self) -> None:
        """Open the link, pacing attempts with a growing delay after failures."""
        await self._session.connect()

    async def close(self) -> None:
        """Close the link."""
        await self._session.close()

    async def _exchange(
        self, turn: Turn[_Modbus], doing: str, send: Callable[[_Modbus], Awaitable[ModbusPDU]]
    ) -> ModbusPDU:
        """One request through the session, pymodbus's outcomes mapped to ours."""
        target = self.target

        async def request(modbus: _Modbus) -> ModbusPDU:
            try:
                with our_link():
                    response = await send(modbus)
            except ModbusIOException as err:
                if not modbus.connected:
                    raise PumpConnectionError(f"{target}: the link broke {doing}") from err
                raise PumpTimeoutError(f"no answer {doing}") from err
            except ConnectionException as err:
                raise PumpConnectionError(f"{target}: {err}") from err
            if response.isError():
                code = getattr(response, "exception_code", None)
                msg = f"pump answered Modbus exception {code} {doing}"
                raise PumpRejectedError(msg, code)
            return response

        try:
            return await turn.request(request, doing)
        except PumpTimeoutError as err:
            if target.transport.is_serial_line:
                raise PumpNoAnswerError(f"unit {target.unit_id}: {err}") from err
            raise

    async def _request(
        self, turn: Turn[_Modbus], space: Space, address: int, count: int
    ) -> list[int]:
        """Read raw words (or bits)."""
        unit = self.target.unit_id

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

        response = await self._exchange(turn, f"reading {space} {address}+{count}", send)
        if space.is_bit:
            return [int(bit) for bit in response.bits[:count]]
        return list(response.registers)

    # -- identity ---------------------------------------------------------------

    async def identify(self) -> DeviceIdentity:
        """Check the pump answers; read its firmware (input 311-313, else 57-59).

        The whole exchange has one short budget, so a mute pump is named quickly.
        """
        async with self._session.turn(budget=PROBE_BUDGET) as turn:
            version = await self._read_version(turn)
        return DeviceIdentity(
            manufacturer="Thermia",
            model=MODEL_NAMES.get(self.model, self.model),
            firmware=version,
        )

    async def _read_version(self, turn: Turn[_Modbus]) -> str | None:
        # Every Genesis answers the first prioritised demand; anything else is not one.
        await self._request(turn, Space.INPUT, 1, 1)
        parts: list[int] = []
        try:
            # v12/v13 registers outside the answered ranges: one read each.
            for address in (311, 312, 313):
                parts += await self._request(turn, Space.INPUT, address, 1)
        except PumpRejectedError:
            parts = []
        if not any(parts):
            try:
                parts = await self._request(turn, Space.INPUT, 57, 3)
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
        blocks = chain(self._plan(healthy, now), (make_block([channel]) for channel in retry))
        self._refused_now = {}
        async with self._session.turn() as turn:
            try:
                for block in blocks:
                    await self._read_block(turn, block, result)
            except (PumpConnectionError, PumpTimeoutError) as err:
                result.failed.update(c.key for c in wanted if c.key not in result.values)
                if not result.values:
                    raise
                # Keep what was read; the session rebuilds the link on the next request.
                _LOGGER.debug("Poll of %s cut short: %s", self.target, err)
        refused, self._refused_now = self._refused_now, {}
        if refused and not result.values:
            # Every read refused: the pump is busy or failing, not missing all of these.
            first = next(iter(refused.values()))
            msg = f"{self.target}: the pump refused every read ({first})"
            raise PumpRejectedError(msg, getattr(first, "code", None))
        for key, refusal in refused.items():
            self._remember_refusal(self._channels[key], refusal)
        return result

    def _plan(self, channels: list[ModbusChannel], now: float) -> Iterator[Block]:
        self._read_sizes.start_poll(now)
        # A rejected register is a barrier: reads around it never span it again.
        rejected = [self._channels[key] for key in self._rejected]
        return plan_blocks(channels, self._ranges, self._read_sizes, rejected)

    async def _read_block(self, turn: Turn[_Modbus], block: Block, result: ReadResult) -> bool:
        """Read one block, splitting it if the pump refuses it.

        Returns whether a register inside was found rejected. A single register left
        unanswered is not a size problem: that timeout cuts the poll short.
        """
        try:
            raw = await self._request(turn, block.space, block.start, block.count)
        except (PumpRejectedError, PumpTimeoutError) as err:
            timed_out = isinstance(err, PumpTimeoutError)
            if len(block.channels) > 1:
                return await self._read_split(turn, block, result, timed_out=timed_out)
            if timed_out:
                raise
            self._reject(block.channels[0], err, result)
            return True
        self._read_sizes.answered(block.span, block.count, time.monotonic())
        for channel in block.channels:
            offset = channel.where.address - block.start
            words = raw[offset : offset + channel.where.count]
            self._last_raw[channel.where.space, channel.where.address] = words
            result.values[channel.key] = channel.decode(words)
            if self._rejected.pop(channel.key, None) is not None:
                _LOGGER.info("%s: %s answers again", self.target, channel.key)
        return False

    async def _read_split(
        self, turn: Turn[_Modbus], block: Block, result: ReadResult, *, timed_out: bool
    ) -> bool:
        """Read a refused block's channels in smaller blocks; learn the size if that was it."""
        channels = block.channels
        rejected = False
        if timed_out:
            # One register first: if that times out too, the pump or the link is away.
            first = make_block(channels[:1], block.span)
            rejected = await self._read_block(turn, first, result)
            channels = channels[1:]
        size = smaller_read(block.count, timed_out=timed_out)
        for part in pack(block.span, channels, lambda _span: size):
            rejected = await self._read_block(turn, part, result) or rejected
        if not rejected:
            # Every smaller read was answered: the size was the trouble, not a register.
            self._read_sizes.refused(block.span, size, time.monotonic(), timed_out=timed_out)
        return rejected

    def _reject(self, channel: ModbusChannel, err: PumpError, result: ReadResult) -> None:
        self._refused_now[channel.key] = err
        result.failed.add(channel.key)

    def _remember_refusal(self, channel: ModbusChannel, err: PumpError) -> None:
        if channel.key not in self._rejected:
            _LOGGER.info(
                "%s: the pump rejects %s (%s %s): %s",
                self.target,
                channel.key,
                channel.where.space,
                channel.where.address,
                err,
            )
        self._rejected[channel.key] = time.monotonic() + RETRY_FAILED_AFTER

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
        async with self._session.turn() as turn:
            await self._write_raw(turn, own, raw)
            read_back = own.decode(
                await self._request(turn, where.space, where.address, where.count)
            )
        if read_back != expected and not own.momentary:
            raise PumpWriteMismatchError(own, expected, read_back)
        return read_back

    async def _write_raw(self, turn: Turn[_Modbus], channel: ModbusChannel, raw: list[int]) -> None:
        unit = self.target.unit_id
        address = channel.where.address

        def send(modbus: _Modbus) -> Awaitable[ModbusPDU]:
            if channel.where.space is Space.COIL:
                return modbus.write_coil(address, bool(raw[0]), device_id=unit)
            if len(raw) == 1:
                return modbus.write_register(address, raw[0], device_id=unit)
            return modbus.write_registers(address, raw, device_id=unit)

        await self._exchange(turn, f"writing {channel.key}", send)

    # -- diagnostics ------------------------------------------------------------

    def diagnostics(self) -> dict[str, object]:
        """The link's state and counters, rejected registers, and the last raw words."""
        rejected = [self._channels[key].where for key in self._rejected]
        return {
            "model": self.model,
            "transport": str(self.target.transport),
            "unit_id": self.target.unit_id,
            "max_registers": self.max_registers,
            "read_sizes": self._read_sizes.learned(),
            **self._session.diagnostics(),
            "rejected_channels": sorted(self._rejected),
            "rejected_registers": [
                f"{where.space} {where.address}"
                for where in sorted(rejected, key=lambda where: (where.space, where.address))
            ],
            "last_raw": {
                f"{space} {address}": words
                for (space, address), words in sorted(self._last_raw.items())
            },
        }


def _close(modbus: _Modbus) -> None:
    modbus.close()


def _is_connected(modbus: _Modbus) -> bool:
    return bool(modbus.connected)
