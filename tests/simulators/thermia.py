"""Device side of a Thermia Genesis heat pump over Modbus, for tests and manual runs.

The simulator is an independent check of the integration's register tables: it
imports nothing from ``custom_components`` and is written from the protocol
notes only. It serves raw 16-bit registers and bits from a fixture file and
follows the pump's addressing rules (see ``thermia_ranges``):

* a read or write is answered if its whole span lies inside one of the model's
  ranges, or if it touches a single register that the fixture lists;
* anything else gets Modbus exception 2 (Illegal Data Address);
* unlisted addresses inside a range read as 0;
* a read larger than the controller takes (``faults.max_registers``/``max_bits``,
  by default the Modbus limits) gets exception 3, or no answer.

Over Modbus TCP (MBAP) the pump answers any unit id; over RTU (a pty or RTU
framing over TCP) it answers only its own unit id and stays silent otherwise.

Run ``python -m tests.simulators.thermia --help`` for a standalone server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from dataclasses import dataclass, field
import importlib.util
import json
import logging
import math
from pathlib import Path
import signal
import time
from typing import TYPE_CHECKING, Any, NamedTuple, Self, cast

from pymodbus.constants import ExcCodes
from pymodbus.datastore import ModbusServerContext
from pymodbus.framer import FramerType
from pymodbus.framer.rtu import FramerRTU
from pymodbus.pdu import ExceptionResponse, ModbusPDU
from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.server.requesthandler import ServerRequestHandler

from .thermia_pty import PtyNullModem
from .thermia_ranges import (
    FUNCTION_KIND,
    KINDS,
    MODELS,
    WRITE_FUNCTIONS,
    Kind,
    Model,
    normalize_kind,
    span_allowed,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from types import TracebackType

_LOGGER = logging.getLogger(__name__)

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
BIT_KINDS: frozenset[Kind] = frozenset({"coils", "discrete_inputs"})

# Modbus application limits per request (spec 6.1-6.4, 6.11, 6.12).
_MAX_READ = {"bits": 2000, "registers": 125}
_MAX_WRITE = {"bits": 1968, "registers": 123}
_READ_FUNCTIONS = frozenset({1, 2, 3, 4})
_TIMER_SLACK = 0.003
"""Seconds an asyncio timer may overshoot; a paced answer waits the last of them in turns."""


def fixture_path(model: Model) -> Path:
    """Return the bundled fixture for a model."""
    return FIXTURES_DIR / f"thermia_{model}.json"


class RequestRecord(NamedTuple):
    """One request as the pump received it (compares equal to a plain tuple)."""

    function_code: int
    kind: Kind | None
    address: int
    count: int  # type: ignore[assignment]  # shadows tuple.count, on purpose
    unit_id: int


class FrameRecord(NamedTuple):
    """The sizes one request and its reply would have on an RTU line (0: no reply)."""

    request_bytes: int
    reply_bytes: int


class WriteRecord(NamedTuple):
    """One register or coil value the pump accepted, as the client sent it."""

    kind: Kind
    address: int
    raw_value: int

    @property
    def value(self) -> int:
        """Alias of ``raw_value``."""
        return self.raw_value


def _normalize_keys(keys: Iterable[tuple[str, int]]) -> set[tuple[Kind, int]]:
    return {(normalize_kind(kind), address) for kind, address in keys}


@dataclass
class Faults:
    """Faults that tests switch on and off while the simulator runs."""

    # Seconds to wait before answering any request.
    delay: float = 0.0
    # Answer nothing at all (a pump that is away); clients time out.
    silent: bool = False
    # Answer this many more requests, then behave as if ``silent`` were set.
    silent_after: int | None = None
    # Close the client's connection instead of answering the next request.
    drop_next_request: bool = False
    # Close the client's connection on every request.
    drop_every_request: bool = False
    # Answer every request with Modbus exception ``exception_code`` (a busy or failing pump).
    exception_every_request: bool = False
    # Bytes sent before each reply (noise on the line).
    garbage: bytes = b""
    # RTU framing only: replies go out with a wrong CRC.
    bad_crc: bool = False
    # Send the first half of each reply, then close the connection (a pty just stops).
    drop_mid_reply: bool = False
    # (kind, address) pairs; any read or write touching one gets exception_code.
    exception_at: set[tuple[str, int]] = field(default_factory=set)
    exception_code: int = ExcCodes.DEVICE_FAILURE
    # The largest read the controller takes, below the Modbus limits (None: those limits):
    # registers for FC3/FC4, bits for FC1/FC2. Larger reads get exception 3 (Illegal
    # Data Value), or no answer at all with ``oversize_silent``, as some controllers do.
    max_registers: int | None = None
    max_bits: int | None = None
    oversize_silent: bool = False

    def clear(self) -> None:
        """Switch every fault off."""
        self.max_registers = None
        self.max_bits = None
        self.oversize_silent = False
        self.delay = 0.0
        self.silent = False
        self.silent_after = None
        self.drop_next_request = False
        self.drop_every_request = False
        self.exception_every_request = False
        self.garbage = b""
        self.bad_crc = False
        self.drop_mid_reply = False
        self.exception_at.clear()
        self.exception_code = ExcCodes.DEVICE_FAILURE


@dataclass
class WriteRules:
    """How the pump treats particular writes."""

    # (kind, address) pairs whose writes are refused with reject_code.
    reject: set[tuple[str, int]] = field(default_factory=set)
    reject_code: int = ExcCodes.ILLEGAL_VALUE
    # (kind, address) -> raw value stored instead of the one written, as a pump
    # that clamps or ignores a setpoint would; proves a client's read-back check.
    substitute: dict[tuple[str, int], int] = field(default_factory=dict)

    def clear(self) -> None:
        """Drop every rule."""
        self.reject.clear()
        self.reject_code = ExcCodes.ILLEGAL_VALUE
        self.substitute.clear()


def _encode(kind: Kind, value: int | bool) -> int:
    """Turn a value into the raw form stored for its kind."""
    if kind in BIT_KINDS:
        return 1 if value else 0
    value = int(value)
    if not -0x8000 <= value <= 0xFFFF:
        raise ValueError(f"{value} does not fit a 16-bit register")
    # Negative numbers travel as 16-bit two's complement (notes §3).
    return value & 0xFFFF


class ThermiaSimulator:
    """A Thermia Genesis pump's Modbus register image plus servers that expose it."""

    def __init__(
        self,
        model: Model = "mega",
        values: Mapping[str, Mapping[int | str, int | bool]] | None = None,
        *,
        cases: Mapping[str, str] | None = None,
    ) -> None:
        """Create a pump of ``model`` holding raw ``values`` per kind."""
        if model not in MODELS:
            raise ValueError(f"unknown model {model!r}, expected one of {MODELS}")
        self.model: Model = model
        self.cases: dict[str, str] = dict(cases or {})
        self.faults = Faults()
        self.write_rules = WriteRules()
        self.requests: list[RequestRecord] = []
        self.writes: list[WriteRecord] = []
        self.frames: list[FrameRecord] = []
        # Pace every answer as an RTU line of this speed would (None: no wire time): the
        # request's characters, the silence that ends it, the reply's characters.
        self.line_baudrate: int | None = None
        self.line_character_bits = 11
        self._store: dict[Kind, dict[int, int]] = {kind: {} for kind in KINDS}
        for kind_name, registers in (values or {}).items():
            kind = normalize_kind(kind_name)
            for address, value in registers.items():
                self.set_raw(kind, int(address), value)
        # Where the most recently started transports listen (None until started).
        self.tcp_address: tuple[str, int] | None = None
        self.rtu_tcp_address: tuple[str, int] | None = None
        self.pty_path: str | None = None
        self._servers: list[ModbusTcpServer | ModbusSerialServer] = []
        self._modems: list[PtyNullModem] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._animation: asyncio.Task[None] | None = None

    # ----------------------------------------------------------------- data

    @classmethod
    def from_fixture(cls, path: str | Path, *, model: Model | None = None) -> Self:
        """Load a fixture file; ``model`` overrides the one the file names."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        values: dict[str, Mapping[int | str, int | bool]] = {}
        for key, section in data.items():
            if key.startswith("_") or key == "model":
                continue
            normalize_kind(key)  # reject typos in fixture files early
            values[key] = section
        return cls(model or data["model"], values, cases=data.get("_cases"))

    def set_raw(self, kind: str, address: int, value: int | bool) -> None:
        """Store a raw value; negatives are stored as two's complement.

        Setting an address also lists it, so a register outside the ranges
        then answers single-register requests.
        """
        canonical = normalize_kind(kind)
        self._store[canonical][int(address)] = _encode(canonical, value)

    def get_raw(self, kind: str, address: int) -> int:
        """Return the raw unsigned value (0/1 for bits); unlisted addresses are 0."""
        return self._store[normalize_kind(kind)].get(int(address), 0)

    def unset(self, kind: str, address: int) -> None:
        """Remove an address from the register image (it is no longer listed)."""
        self._store[normalize_kind(kind)].pop(int(address), None)

    def is_listed(self, kind: str, address: int) -> bool:
        """Return True if the register image holds this address."""
        return int(address) in self._store[normalize_kind(kind)]

    def listed(self, kind: str) -> dict[int, int]:
        """Return a copy of every listed address and raw value of one kind."""
        return dict(self._store[normalize_kind(kind)])

    def set_u32(self, kind: str, *, msb: int, lsb: int, value: int) -> None:
        """Store a 32-bit unsigned value split over two registers."""
        if not 0 <= value <= 0xFFFFFFFF:
            raise ValueError(f"{value} does not fit 32 bits")
        self.set_raw(kind, msb, value >> 16)
        self.set_raw(kind, lsb, value & 0xFFFF)

    def get_u32(self, kind: str, *, msb: int, lsb: int) -> int:
        """Return a 32-bit unsigned value split over two registers."""
        return (self.get_raw(kind, msb) << 16) | self.get_raw(kind, lsb)

    def clear_logs(self) -> None:
        """Forget logged requests, frames and writes."""
        self.requests.clear()
        self.writes.clear()
        self.frames.clear()

    def wire_time(self, frame: FrameRecord) -> float:
        """Seconds a request and its reply take on the RTU line at ``line_baudrate``.

        Characters of ``line_character_bits`` (11: start, 8 data, parity, stop) and the
        silence of 3.5 characters that ends each frame (a fixed 1.75 ms above 19200 baud),
        as Modbus over Serial Line V1.02 §2.5.1.1 sets them. An answer is sent this much
        after its request arrived, less the silence after the reply, which is the
        client's to keep.
        """
        frames = 2 if frame.reply_bytes else 1
        return self._characters_time(frame) + frames * self.line_silence()

    def line_silence(self) -> float:
        """Seconds of the silence that ends a frame at ``line_baudrate`` (0: not paced)."""
        if not self.line_baudrate:
            return 0.0
        if self.line_baudrate > 19200:
            return 0.00175
        return 3.5 * self.line_character_bits / self.line_baudrate

    def _characters_time(self, frame: FrameRecord) -> float:
        if not self.line_baudrate:
            return 0.0
        bytes_on_line = frame.request_bytes + frame.reply_bytes
        return bytes_on_line * self.line_character_bits / self.line_baudrate

    def _answer_time(self, frame: FrameRecord) -> float:
        """From a request's first byte to its reply's last: the silence after the reply
        is the client's to keep before its next request, so it is not waited here."""
        return self._characters_time(frame) + self.line_silence()

    # ------------------------------------------------------------ transports

    async def start_tcp(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        framer: str = "socket",
        unit_id: int = 1,
    ) -> tuple[str, int]:
        """Listen for Modbus over TCP and return the bound (host, port).

        ``framer="socket"`` is Modbus TCP (MBAP header, any unit id answered).
        ``framer="rtu"`` is RTU framing over a TCP socket, as a serial-to-TCP
        bridge passes it through; only ``unit_id`` is answered.
        """
        framer_type = FramerType(framer)
        if framer_type not in (FramerType.SOCKET, FramerType.RTU):
            raise ValueError("framer must be 'socket' or 'rtu'")
        server = _SimTcpServer(
            _NoDatastore(),
            framer=framer_type,
            address=(host, port),
            ignore_missing_devices=True,
        )
        server.sim = self
        server.unit_id = None if framer_type == FramerType.SOCKET else unit_id
        await server.serve_forever(background=True)
        self._servers.append(server)
        listener = cast("asyncio.Server", server.transport)
        sockname = listener.sockets[0].getsockname()
        bound = (str(sockname[0]), int(sockname[1]))
        if framer_type == FramerType.SOCKET:
            self.tcp_address = bound
        else:
            self.rtu_tcp_address = bound
        return bound

    async def start_rtu_pty(
        self,
        unit_id: int = 1,
        *,
        baudrate: int = 19200,
        parity: str = "E",
        stopbits: int = 1,
        bytesize: int = 8,
    ) -> str:
        """Serve Modbus RTU on a pseudo-terminal and return the client's device path.

        Defaults are Thermia's factory settings (19200 8E1, unit id 1, notes §6).
        pymodbus's serial transport needs pyserial (``pymodbus[serial]``).
        """
        if importlib.util.find_spec("serial") is None:
            raise RuntimeError("the pty transport needs pyserial (pymodbus[serial])")
        modem = PtyNullModem()
        self._modems.append(modem)
        server = _SimSerialServer(
            _NoDatastore(),
            framer=FramerType.RTU,
            port=modem.device_path,
            baudrate=baudrate,
            parity=parity,
            stopbits=stopbits,
            bytesize=bytesize,
            ignore_missing_devices=True,
        )
        server.sim = self
        server.unit_id = unit_id
        self.line_character_bits = 1 + bytesize + (parity != "N") + stopbits
        await server.serve_forever(background=True)
        self._servers.append(server)
        # The serial port is opened in a call_soon callback; let it run.
        await asyncio.sleep(0)
        self.pty_path = modem.client_path
        return modem.client_path

    async def stop_tcp(self) -> list[tuple[str, int]]:
        """Stop every TCP server (a bridge switched off); return where they listened.

        Connections are dropped and new ones refused until ``start_tcp`` binds again.
        """
        stopped = []
        for server in [s for s in self._servers if not isinstance(s, ModbusSerialServer)]:
            listener = cast("asyncio.Server", server.transport)
            stopped.append(tuple(listener.sockets[0].getsockname()[:2]))
            for connection in list(server.active_connections.values()):
                connection.close()
            await server.shutdown()  # type: ignore[no-untyped-call]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(listener.wait_closed(), 2)
            self._servers.remove(server)
        return stopped

    def drop_connections(self) -> int:
        """Close every open TCP client connection now; return how many."""
        dropped = 0
        for server in self._servers:
            if isinstance(server, ModbusSerialServer):
                continue  # a serial line has no connection to drop
            for connection in list(server.active_connections.values()):
                connection.close()
                dropped += 1
        return dropped

    async def stop(self) -> None:
        """Stop animation, every server and every pty."""
        await self.stop_animation()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for server in self._servers:
            listener = server.transport
            await server.shutdown()  # type: ignore[no-untyped-call]
            if isinstance(listener, asyncio.Server):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(listener.wait_closed(), 2)
        self._servers.clear()
        for modem in self._modems:
            modem.close()
        self._modems.clear()

    async def __aenter__(self) -> Self:
        """Use as ``async with ThermiaSimulator(...) as sim``."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop everything that was started."""
        await self.stop()

    # ------------------------------------------------------------- animation

    def start_animation(self, interval: float = 2.0, speed: float = 1.0) -> None:
        """Slowly vary a few values so a live dashboard looks alive.

        Each tick of ``interval`` seconds stands for ``interval * speed`` seconds of pump time:
        at speed 1 the counters rise as a real pump's do (tests pass a large speed).
        """
        if self._animation is None:
            self._animation = asyncio.get_running_loop().create_task(
                self._animate(interval, interval * speed)
            )

    async def stop_animation(self) -> None:
        """Stop varying values."""
        if self._animation is not None:
            self._animation.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._animation
            self._animation = None

    async def _animate(self, interval: float, seconds_per_tick: float) -> None:
        base = {
            address: _signed(self.get_raw("input_registers", address))
            for address in (7, 8, 9, 13, 15)
        }
        tick = 0
        running_seconds = 0.0
        energy_kwh = 0.0
        while True:
            await asyncio.sleep(interval)
            tick += 1
            wave = math.sin(tick / 15)
            # Temperatures (x100) drift around their fixture values; outdoor only a little.
            for address, amplitude in ((7, 150), (8, 60), (9, 80), (13, 30), (15, 40)):
                if self.is_listed("input_registers", address) and base[address] != 20000:
                    self.set_raw(
                        "input_registers",
                        address,
                        base[address] + round(amplitude * wave),
                    )
            # Counters only ever go up, at the pace of a running compressor: an hour per hour
            # and the energy the meter's phases draw (about 2 kWh per hour).
            running_seconds += seconds_per_tick
            energy_kwh += self._metered_power_w() * seconds_per_tick / 3_600_000
            self._advance_energy(energy_kwh)
            energy_kwh -= int(energy_kwh * 10) / 10
            if running_seconds >= 3600 and self.is_listed("input_registers", 48):
                hours = self.get_u32("input_registers", msb=48, lsb=49)
                self.set_u32("input_registers", msb=48, lsb=49, value=hours + 1)
                running_seconds -= 3600

    def _metered_power_w(self) -> int:
        """The three phases' power (inputs 78-80, W); a 2 kW draw when no meter is listed."""
        phases = [a for a in (78, 79, 80) if self.is_listed("input_registers", a)]
        if not phases:
            return 2000
        return sum(max(_signed(self.get_raw("input_registers", a)), 0) for a in phases)

    def _advance_energy(self, energy_kwh: float) -> None:
        """Add whole tenths of ``energy_kwh`` to the kWh total and the 16-bit meter value."""
        tenths = int(energy_kwh * 10)
        if tenths == 0 or not self.is_listed("input_registers", 83):
            return
        total = self.get_u32("input_registers", msb=84, lsb=83) + tenths
        self.set_u32("input_registers", msb=84, lsb=83, value=total)
        if self.is_listed("input_registers", 81):
            self.set_raw("input_registers", 81, (total // 10) & 0xFFFF)

    # -------------------------------------------------------- request path

    async def _answer(
        self,
        pdu: ModbusPDU,
        serial: bool,
        unit_id: int | None,
        handler: ServerRequestHandler,
    ) -> ModbusPDU | None:
        """Return the response to send, or None to stay silent, after its wire time."""
        response = await self._response(pdu, serial, unit_id, handler)
        frame = FrameRecord(_rtu_size(pdu), 0 if response is None else _rtu_size(response))
        self.frames.append(frame)
        if wait := self._answer_time(frame):
            await _sleep_precisely(wait)
        return response

    async def _response(
        self,
        pdu: ModbusPDU,
        serial: bool,
        unit_id: int | None,
        handler: ServerRequestHandler,
    ) -> ModbusPDU | None:
        function_code = pdu.function_code
        kind = FUNCTION_KIND.get(function_code)
        address, count = _span(pdu)
        self.requests.append(RequestRecord(function_code, kind, address, count, pdu.dev_id))
        if unit_id is not None and pdu.dev_id != unit_id:
            return None  # an RTU slave ignores frames for other addresses
        if not self._still_answering(serial, handler):
            return None
        if self.faults.delay > 0:
            await asyncio.sleep(self.faults.delay)
        if function_code in _READ_FUNCTIONS and count > self._read_limit(kind):
            if self.faults.oversize_silent:
                return None
            return ExceptionResponse(function_code, ExcCodes.ILLEGAL_VALUE)
        if kind is None or self.faults.exception_every_request:
            code = ExcCodes.ILLEGAL_FUNCTION if kind is None else self.faults.exception_code
            return ExceptionResponse(function_code, ExcCodes(code))
        return await pdu.datastore_update(_RequestContext(self), pdu.dev_id)

    def _still_answering(self, serial: bool, handler: ServerRequestHandler) -> bool:
        """Apply the silence and connection-drop faults to one request."""
        if self.faults.silent_after is not None:
            if self.faults.silent_after <= 0:
                self.faults.silent = True
                self.faults.silent_after = None
            else:
                self.faults.silent_after -= 1
        if self.faults.silent:
            return False
        if self.faults.drop_every_request or self.faults.drop_next_request:
            self.faults.drop_next_request = False
            if not serial:
                handler.close()
            return False
        return True

    def _read_limit(self, kind: Kind | None) -> int:
        """The largest read this controller answers for ``kind``."""
        if kind in BIT_KINDS:
            limit = self.faults.max_bits
            return _MAX_READ["bits"] if limit is None else limit
        limit = self.faults.max_registers
        return _MAX_READ["registers"] if limit is None else limit

    def _check(self, kind: Kind, address: int, count: int, write: bool) -> ExcCodes | int | None:
        """Return the exception code for a request span, or None if it is served."""
        limit = (_MAX_WRITE if write else _MAX_READ)["bits" if kind in BIT_KINDS else "registers"]
        if not 1 <= count <= limit:
            return ExcCodes.ILLEGAL_VALUE
        if not span_allowed(self.model, kind, address, count, self._store[kind]):
            return ExcCodes.ILLEGAL_ADDRESS
        span = {(kind, a) for a in range(address, address + count)}
        if span & _normalize_keys(self.faults.exception_at):
            return self.faults.exception_code
        if write and span & _normalize_keys(self.write_rules.reject):
            return self.write_rules.reject_code
        return None

    def _read(self, kind: Kind, address: int, count: int) -> list[int] | ExcCodes:
        if (code := self._check(kind, address, count, write=False)) is not None:
            return ExcCodes(code)
        store = self._store[kind]
        return [store.get(a, 0) for a in range(address, address + count)]

    def _write(self, kind: Kind, address: int, values: list[int]) -> ExcCodes | None:
        if (code := self._check(kind, address, len(values), write=True)) is not None:
            return ExcCodes(code)
        substitute = {
            (normalize_kind(k), a): v for (k, a), v in self.write_rules.substitute.items()
        }
        for offset, value in enumerate(values):
            target = address + offset
            raw = _encode(kind, value)
            self.writes.append(WriteRecord(kind, target, raw))
            self._store[kind][target] = _encode(kind, substitute.get((kind, target), raw))
        return None


async def _sleep_precisely(seconds: float) -> None:
    """Sleep to within microseconds: an event loop's timers may overshoot by a millisecond
    or two, longer than several characters on a 19200 baud line. The last stretch yields
    to the loop in a tight turn, so the other side still runs meanwhile."""
    deadline = time.monotonic() + seconds
    if seconds > _TIMER_SLACK:
        await asyncio.sleep(seconds - _TIMER_SLACK)
    while time.monotonic() < deadline:  # noqa: ASYNC110 - a timer would overshoot again
        await asyncio.sleep(0)


def _signed(raw: int) -> int:
    return raw - 0x10000 if raw & 0x8000 else raw


def _rtu_size(pdu: ModbusPDU) -> int:
    """Bytes of the PDU in an RTU frame: unit id, function code, data, CRC."""
    return 1 + 1 + len(pdu.encode()) + 2


def _span(pdu: ModbusPDU) -> tuple[int, int]:
    """Return (address, count) of a request, for reads and writes alike."""
    if pdu.function_code in (5, 15):
        return pdu.address, len(pdu.bits)
    if pdu.function_code in (6, 16):
        return pdu.address, len(pdu.registers)
    return getattr(pdu, "address", 0), getattr(pdu, "count", 0)


class _NoDatastore(ModbusServerContext):
    """Satisfies the server constructor; requests never reach a pymodbus datastore."""

    def __init__(self) -> None:  # pylint: disable=super-init-not-called
        self._devices = {}
        self.simdevices = []


class _RequestContext(ModbusServerContext):
    """The datastore one request sees; pymodbus PDUs call into it.

    It lives for a single request so that the echo of FC5/FC6 can repeat what
    the client wrote (as the Modbus spec requires) even when the pump stored a
    different value.
    """

    def __init__(self, sim: ThermiaSimulator) -> None:  # pylint: disable=super-init-not-called
        self._devices = {}
        self.simdevices = []
        self._sim = sim
        self._echo: list[int] | None = None

    async def async_getValues(  # noqa: N802 - pymodbus datastore API
        self, device_id: int, func_code: int, address: int, count: int = 1
    ) -> list[int] | list[bool] | ExcCodes:
        kind = FUNCTION_KIND[func_code]
        if func_code in WRITE_FUNCTIONS and self._echo is not None:
            values = self._echo[:count]
        else:
            result = self._sim._read(kind, address, count)
            if isinstance(result, ExcCodes):
                return result
            values = result
        if kind in BIT_KINDS:
            return [bool(v) for v in values]
        return values

    async def async_setValues(  # noqa: N802 - pymodbus datastore API
        self,
        device_id: int,
        func_code: int,
        address: int,
        values: list[int] | list[bool],
    ) -> ExcCodes | None:
        kind = FUNCTION_KIND[func_code]
        raw = [int(v) for v in values]
        if (code := self._sim._write(kind, address, raw)) is not None:
            return code
        self._echo = raw
        return None


class _SimHandler(ServerRequestHandler):
    """Per-connection request handler that hands each request to the simulator."""

    def __init__(self, owner: _SimTcpServer | _SimSerialServer) -> None:
        super().__init__(  # type: ignore[no-untyped-call]
            owner, owner.trace_packet, owner.trace_pdu, owner.trace_connect
        )
        self._sim = owner.sim
        self._unit_id = owner.unit_id
        self._serial = isinstance(owner, ModbusSerialServer)

    def handle_later(self) -> None:
        # Capture the request now: a later frame would overwrite last_pdu.
        pdu, addr = self.last_pdu, self.last_addr
        if pdu is None:
            return
        task = self.loop.create_task(self._respond(pdu, addr))
        self._sim._tasks.add(task)
        task.add_done_callback(self._sim._tasks.discard)

    async def _respond(self, pdu: ModbusPDU, addr: tuple[Any, ...] | None) -> None:
        try:
            response = await self._sim._answer(pdu, self._serial, self._unit_id, self)
        except Exception:  # a broken simulator must still answer, like a pump would
            _LOGGER.exception("Simulator failed on %s", pdu)
            response = ExceptionResponse(pdu.function_code, ExcCodes.DEVICE_FAILURE)
        if response is None or not self.transport:
            return
        response.transaction_id = pdu.transaction_id
        response.dev_id = pdu.dev_id
        faults = self._sim.faults
        frame = self.framer.buildFrame(response)
        if faults.bad_crc and isinstance(self.framer, FramerRTU):
            frame = frame[:-1] + bytes([frame[-1] ^ 0x01])
        if faults.garbage:
            self.send(faults.garbage, addr)  # type: ignore[no-untyped-call]
        if faults.drop_mid_reply:
            self.send(frame[: len(frame) // 2], addr)  # type: ignore[no-untyped-call]
            if not self._serial:
                self.close()
            return
        self.send(frame, addr)  # type: ignore[no-untyped-call]


class _SimTcpServer(ModbusTcpServer):
    sim: ThermiaSimulator
    unit_id: int | None

    def callback_new_connection(self) -> _SimHandler:
        return _SimHandler(self)


class _SimSerialServer(ModbusSerialServer):
    sim: ThermiaSimulator
    unit_id: int | None

    def callback_new_connection(self) -> _SimHandler:
        return _SimHandler(self)


# ------------------------------------------------------------------ command line


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host or "127.0.0.1", int(port)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulators.thermia",
        description="Simulated Thermia Genesis heat pump (Modbus TCP / RTU). Runs until Ctrl-C.",
    )
    parser.add_argument(
        "--model", choices=MODELS, help="pump model (default: the fixture's, else mega)"
    )
    parser.add_argument(
        "--fixture",
        type=Path,
        help="register image JSON (default: the model's bundled fixture)",
    )
    parser.add_argument(
        "--tcp",
        type=_host_port,
        metavar="HOST:PORT",
        help="serve Modbus TCP (default 127.0.0.1:5020 if no transport is given)",
    )
    parser.add_argument(
        "--rtu-over-tcp",
        type=_host_port,
        metavar="HOST:PORT",
        help="serve RTU framing over TCP, as a serial-to-Ethernet bridge does",
    )
    parser.add_argument(
        "--pty",
        action="store_true",
        help="serve Modbus RTU on a pseudo-terminal and print its path",
    )
    parser.add_argument("--unit-id", type=int, default=1, help="RTU unit id (default 1)")
    parser.add_argument("--baudrate", type=int, default=19200, help="pty baud rate (default 19200)")
    parser.add_argument(
        "--parity", choices=("E", "N", "O"), default="E", help="pty parity (default E)"
    )
    parser.add_argument("--delay", type=float, default=0.0, help="answer delay in seconds")
    parser.add_argument(
        "--line-speed",
        type=int,
        metavar="BAUD",
        help="pace answers as an RTU line of this speed would (e.g. 19200)",
    )
    parser.add_argument(
        "--animate", action="store_true", help="slowly vary temperatures and counters"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="log every request")
    return parser


async def _start_transports(sim: ThermiaSimulator, args: argparse.Namespace) -> None:
    if args.tcp is None and args.rtu_over_tcp is None and not args.pty:
        args.tcp = ("127.0.0.1", 5020)
    if args.tcp is not None:
        host, port = await sim.start_tcp(*args.tcp)
        print(f"Modbus TCP (any unit id) on {host}:{port}", flush=True)
    if args.rtu_over_tcp is not None:
        host, port = await sim.start_tcp(*args.rtu_over_tcp, framer="rtu", unit_id=args.unit_id)
        print(
            f"Modbus RTU over TCP (unit id {args.unit_id}) on {host}:{port}",
            flush=True,
        )
    if args.pty:
        path = await sim.start_rtu_pty(args.unit_id, baudrate=args.baudrate, parity=args.parity)
        # Another process cannot use the in-process parity shim (thermia_pty).
        print(
            f"Modbus RTU (unit id {args.unit_id}, {args.baudrate} baud; open with"
            f" parity N from another process) on {path}",
            flush=True,
        )


async def _run(args: argparse.Namespace) -> None:
    if args.fixture is not None:
        sim = ThermiaSimulator.from_fixture(args.fixture, model=args.model)
    else:
        sim = ThermiaSimulator.from_fixture(fixture_path(args.model or "mega"))
    sim.faults.delay = args.delay
    sim.line_baudrate = args.line_speed
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with sim:
        print(f"Thermia Genesis simulator, model {sim.model}", flush=True)
        await _start_transports(sim, args)
        if args.animate:
            sim.start_animation()
        logged = 0
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
            if args.verbose:
                for record in sim.requests[logged:]:
                    print(record, flush=True)
                logged = len(sim.requests)
            elif len(sim.requests) > 1000:
                sim.clear_logs()
    print("Stopped.", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point for ``python -m tests.simulators.thermia``."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_run(args))


if __name__ == "__main__":
    main()
