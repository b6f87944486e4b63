"""Device side of an IVT / Bosch Rego 6xx controller's service port, for tests and manual runs.

The simulator is an independent check of the integration's frame code and register
table: it imports nothing from ``custom_components`` and is written from the protocol
reference (part A) only. It holds a register image from its own fixture
(``tests/fixtures/rego.json``) in one of two layouts, "600" (Rego 600-635/637) or
"636" (sensor and device registers 2 higher), and answers as the controller does:

* 0x7F version (600), 0x00 front panel, 0x02 system register: a 5-byte value reply;
* 0x03 system register write and 0x01 front-panel write: the 1-byte ack 0x01. Every
  well-formed write is acknowledged, as the real controller does, even to a register
  the fixture marks read-only or does not know; only writable registers (the
  settings) change, so a read-back shows whether the write took;
* 0x40 last error-log entry, 0x42 the one before (each further 0x42 one more step
  back, an assumption: no reader confirms it), 0x20 display rows 0-3: 42 bytes;
* a request with a wrong first byte or checksum is ignored, as is an unknown command.

It serves a raw TCP socket (a ser2net / ESP8266 bridge) and a pseudo-terminal
(a serial port). Faults are switched on through ``sim.faults``.

Run ``python -m tests.simulators.rego --help`` for a standalone server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
import json
import logging
import math
from pathlib import Path
import signal
import time
from typing import TYPE_CHECKING, Any, Final, Literal, Self, get_args

from . import rego_frames as frames
from .rego_lines import Line, PtyLine, SocketLine

if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import TracebackType

_LOGGER = logging.getLogger(__name__)

FIXTURE: Final = Path(__file__).resolve().parent.parent / "fixtures" / "rego.json"
BRIDGE_PORT: Final = 9265
"""The TCP port openHAB and the ESP8266 bridges use by default."""

type Layout = Literal["600", "636"]
LAYOUTS: Final[tuple[Layout, ...]] = get_args(Layout.__value__)

# Command codes (reference A.5).
READ_PANEL: Final = 0x00
WRITE_PANEL: Final = 0x01
READ_SYSTEM: Final = 0x02
WRITE_SYSTEM: Final = 0x03
READ_DISPLAY: Final = 0x20
READ_LAST_ERROR: Final = 0x40
READ_PREVIOUS_ERROR: Final = 0x42
READ_VERSION: Final = 0x7F
_WRITES: Final = {WRITE_PANEL: READ_PANEL, WRITE_SYSTEM: READ_SYSTEM}
DISPLAY_ROWS: Final = 4


@dataclass(frozen=True, slots=True)
class Register:
    """One register of the fixture, placed for the simulator's layout."""

    name: str
    channel: str
    """The openHAB channel id it backs (group#name), for cross-reference."""
    command: int
    """The read command: 0x02 system register or 0x00 front panel."""
    address: int
    writable: bool


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    """One entry of the controller's error log."""

    code: int
    when: datetime


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A well-formed request as the controller received it.

    ``time`` (``time.monotonic()``) is left out of comparisons, so a test can compare
    with ``RequestRecord(0x02, 0x020D)``.
    """

    command: int
    address: int
    value: int = 0
    """Signed 16-bit, as sent (0 for reads)."""
    time: float = field(default=0.0, compare=False)


@dataclass(frozen=True, slots=True)
class WriteRecord:
    """A write the controller acknowledged (whether or not the register changed)."""

    command: int
    address: int
    value: int
    """Signed 16-bit, as sent."""
    time: float = field(default=0.0, compare=False)


@dataclass
class Faults:
    """Faults that tests switch on and off while the simulator runs.

    Set an attribute to keep a fault on until ``clear()``, or use ``for_next(n, ...)``
    to limit it to the next ``n`` well-formed requests, after which it switches itself
    off and the controller recovers.
    """

    silent: bool = False
    """Read requests and answer nothing; the request is not acted upon."""
    bad_checksum: bool = False
    """Send 5- and 42-byte replies with a wrong checksum (a 1-byte ack has none)."""
    bad_header: bool = False
    """Send 0x00 instead of the 0x01 header (an ack becomes a lone 0x00)."""
    short_reply: int | None = None
    """Send only this many bytes of the reply, then nothing."""
    garbage: bytes = b""
    """Bytes sent before the reply."""
    drop_after_request: bool = False
    """Close the TCP connection right after a request (not acted upon); a pty stays mute."""
    drop_mid_reply: bool = False
    """Send the first half of the reply, then close the TCP connection."""
    delay: float = 0.0
    """Seconds to wait before replying."""
    _left: dict[str, int] = field(default_factory=dict, repr=False)

    def for_next(self, requests: int, **faults: Any) -> None:
        """Switch on ``faults`` (name=value) for the next ``requests`` requests only."""
        if requests < 1:
            raise ValueError("a fault lasts at least one request")
        for name, value in faults.items():
            if name not in _FAULT_NAMES:
                raise TypeError(f"unknown fault {name!r}")
            setattr(self, name, value)
            self._left[name] = requests

    def take(self) -> Faults:
        """The faults in force for one request; counts limited faults down."""
        now = replace(self, _left={})
        for name in list(self._left):
            self._left[name] -= 1
            if self._left[name] == 0:
                del self._left[name]
                setattr(self, name, _DEFAULTS[name])
        return now

    def clear(self) -> None:
        """Switch every fault off."""
        for name, value in _DEFAULTS.items():
            setattr(self, name, value)
        self._left.clear()


_DEFAULTS: Final[dict[str, Any]] = {
    f.name: f.default for f in fields(Faults) if not f.name.startswith("_")
}
_FAULT_NAMES: Final = frozenset(_DEFAULTS)


def _address(text: str | int) -> int:
    return int(text, 0) if isinstance(text, str) else int(text)


def _to_raw(value: int) -> int:
    if not -0x8000 <= value <= 0xFFFF:
        raise ValueError(f"{value} does not fit a 16-bit register")
    return value & 0xFFFF


class RegoSimulator:
    """A Rego 6xx controller's register image plus the lines that reach it."""

    def __init__(self, layout: Layout = "600", *, fixture: str | Path = FIXTURE) -> None:
        """Load ``fixture`` and place its registers for ``layout``."""
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}, expected one of {LAYOUTS}")
        data = json.loads(Path(fixture).read_text(encoding="utf-8"))
        self.layout: Layout = layout
        self.layout_title: str = data["layouts"][layout]
        self.version: int = int(data["version"])
        self.registers: dict[str, Register] = {}
        self._store: dict[tuple[int, int], int] = {}
        for name, spec in data["registers"].items():
            register = Register(
                name=name,
                channel=spec["channel"],
                command=int(spec.get("command", READ_SYSTEM)),
                address=_address(spec["address"][layout]),
                writable=bool(spec.get("writable", False)),
            )
            self.registers[name] = register
            self._store[register.command, register.address] = _to_raw(int(spec["raw"]))
        self._writable = {(r.command, r.address) for r in self.registers.values() if r.writable}
        self.error_log: list[ErrorEntry] = [
            ErrorEntry(int(e["code"]), datetime.fromisoformat(e["time"]))
            for e in data.get("error_log", ())
        ]
        self._error_cursor: int | None = None
        self.display: list[str] = list(data.get("display", [""] * DISPLAY_ROWS))
        self.faults = Faults()
        self.substitute: dict[int, int] = {}
        """System register -> raw value stored instead of any value written there (a
        controller that clamps or ignores a setting; proves a client's read-back)."""
        self.line_baudrate: int | None = None
        """When set, each reply waits as long as request and reply take on such a line."""
        self.requests: list[RequestRecord] = []
        self.replies: list[int] = []
        """Bytes of the reply to each request in ``requests`` (0: none was sent)."""
        self.writes: list[WriteRecord] = []
        self.ignored = bytearray()
        """Bytes received that were not part of a well-formed request."""
        self.connections_made = 0
        self.tcp_address: tuple[str, int] | None = None
        self.pty_path: str | None = None
        self._servers: list[asyncio.Server] = []
        self._sockets: set[SocketLine] = set()
        self._ptys: list[PtyLine] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._animation: asyncio.Task[None] | None = None

    # ----------------------------------------------------------------- data

    def register(self, name: str) -> Register:
        """The named register (fixture key), placed for this layout."""
        return self.registers[name]

    def get_raw(self, command: int, address: int) -> int:
        """The unsigned 16-bit value a read answers (0 where the image holds nothing)."""
        return self._store.get((command, address), 0)

    def set_raw(self, command: int, address: int, value: int) -> None:
        """Store a value (negative numbers as two's complement)."""
        self._store[command, address] = _to_raw(value)

    def raw(self, name: str) -> int:
        """A named register's unsigned 16-bit value."""
        register = self.registers[name]
        return self.get_raw(register.command, register.address)

    def signed(self, name: str) -> int:
        """A named register's value read as signed 16-bit."""
        return frames.signed16(self.raw(name))

    def set(self, name: str, value: int) -> None:
        """Store a named register's raw value (tenths for temperatures)."""
        register = self.registers[name]
        self.set_raw(register.command, register.address, value)

    def log_error(self, code: int, when: datetime | None = None) -> ErrorEntry:
        """Add an entry to the error log (now, to the second, unless ``when`` is given)."""
        if when is None:
            # The controller keeps local time without a zone.
            when = datetime.now().replace(microsecond=0)  # noqa: DTZ005
        entry = ErrorEntry(code, when)
        self.error_log.append(entry)
        return entry

    def clear_errors(self) -> None:
        """Empty the error log."""
        self.error_log.clear()
        self._error_cursor = None

    def clear_logs(self) -> None:
        """Forget logged requests, replies, writes and ignored bytes."""
        self.requests.clear()
        self.replies.clear()
        self.writes.clear()
        self.ignored.clear()

    # ------------------------------------------------------------ transports

    async def start_tcp(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        """Listen as a transparent TCP bridge and return the bound (host, port)."""
        server = await asyncio.start_server(self._serve_socket, host, port)
        self._servers.append(server)
        sockname = server.sockets[0].getsockname()
        self.tcp_address = (str(sockname[0]), int(sockname[1]))
        return self.tcp_address

    async def start_pty(self) -> str:
        """Serve on a pseudo-terminal and return the path a client opens as a serial port."""
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        line = PtyLine(queue)
        self._ptys.append(line)
        self._spawn(self._serve_pty(line, queue))
        self.pty_path = line.path
        return line.path

    async def stop_tcp(self) -> list[tuple[str, int]]:
        """Switch the TCP bridge off: connections dropped, new ones refused.

        Returns where it listened; ``start_tcp`` there switches it on again.
        """
        stopped = []
        for server in self._servers:
            stopped.append(tuple(server.sockets[0].getsockname()[:2]))
            server.close()
        self.drop_connections()
        for server in self._servers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), 2)
        self._servers.clear()
        return stopped

    def drop_connections(self) -> int:
        """Close every open TCP connection now; return how many."""
        lines = [line for line in self._sockets if not line.closed]
        for line in lines:
            line.hang_up()
        return len(lines)

    async def stop(self) -> None:
        """Stop animation, every server, connection and pty."""
        await self.stop_animation()
        for server in self._servers:
            server.close()
        self.drop_connections()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for server in self._servers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), 2)
        self._servers.clear()
        for line in self._ptys:
            line.close()
        self._ptys.clear()

    async def __aenter__(self) -> Self:
        """Use as ``async with RegoSimulator(...) as sim``."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop everything that was started."""
        await self.stop()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve_socket(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        if task is not None:  # stop() cancels connections still open
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self.connections_made += 1
        line = SocketLine(writer)
        self._sockets.add(line)
        splitter = frames.RequestSplitter()
        try:
            while not line.closed and (data := await reader.read(4096)):
                await self._serve_bytes(splitter, data, line)
                await writer.drain()
        except ConnectionError:
            pass  # the client went away; a bridge just waits for the next one
        finally:
            self._sockets.discard(line)
            writer.close()

    async def _serve_pty(self, line: PtyLine, queue: asyncio.Queue[bytes]) -> None:
        splitter = frames.RequestSplitter()
        while True:
            await self._serve_bytes(splitter, await queue.get(), line)

    async def _serve_bytes(self, splitter: frames.RequestSplitter, data: bytes, line: Line) -> None:
        requests = splitter.feed(data)
        self.ignored += splitter.rejected
        splitter.rejected.clear()
        for request in requests:
            if line.closed:
                break  # requests behind a dropped connection never reached the controller
            await self._handle(request, line)

    # -------------------------------------------------------- request path

    async def _handle(self, request: frames.Request, line: Line) -> None:
        received = time.monotonic()
        self.requests.append(
            RequestRecord(request.command, request.address, request.value, received)
        )
        self.replies.append(0)
        faults = self.faults.take()
        if faults.silent:
            return
        if faults.drop_after_request:
            line.hang_up()
            return
        reply = self._answer(request, received)
        if reply is None:
            return  # a command the controller does not know: no answer
        self.replies[-1] = len(reply)
        wait = faults.delay + self.wire_time(len(reply))
        if wait > 0:
            await asyncio.sleep(wait)
        reply = _corrupt(reply, faults)
        if faults.garbage:
            line.send(faults.garbage)
        if faults.drop_mid_reply:
            line.send(reply[: len(reply) // 2])
            line.hang_up()
            return
        if faults.short_reply is not None:
            reply = reply[: faults.short_reply]
        line.send(reply)

    def wire_time(self, reply_length: int) -> float:
        """Seconds a request and a reply of ``reply_length`` bytes take at ``line_baudrate``."""
        if not self.line_baudrate:
            return 0.0
        # 8N1: ten bit times per byte, request and reply.
        return (frames.REQUEST_LENGTH + reply_length) * 10 / self.line_baudrate

    def _answer(self, request: frames.Request, received: float) -> bytes | None:
        command, address = request.command, request.address
        if command in (READ_PANEL, READ_SYSTEM):
            return frames.short_reply(self.get_raw(command, address))
        if command in _WRITES:
            self._write(command, address, request.value, received)
            return frames.ack()
        if command == READ_VERSION:
            return frames.short_reply(self.version)
        if command in (READ_LAST_ERROR, READ_PREVIOUS_ERROR):
            return frames.long_reply(self._error_entry(command))
        if command == READ_DISPLAY and 0 <= address < DISPLAY_ROWS:
            row = self.display[address] if address < len(self.display) else ""
            return frames.long_reply(frames.display_payload(row))
        return None

    def _write(self, command: int, address: int, value: int, received: float) -> None:
        self.writes.append(WriteRecord(command, address, value, received))
        target = (_WRITES[command], address)
        if target not in self._writable:
            return  # acknowledged all the same; the controller keeps its own value
        self._store[target] = _to_raw(self.substitute.get(address, value))

    def _error_entry(self, command: int) -> bytes:
        if command == READ_LAST_ERROR:
            self._error_cursor = len(self.error_log) - 1
        else:
            start = len(self.error_log) - 1 if self._error_cursor is None else self._error_cursor
            self._error_cursor = start - 1
        if self._error_cursor < 0:
            self._error_cursor = -1
            return frames.error_payload(None)
        entry = self.error_log[self._error_cursor]
        return frames.error_payload(entry.code, entry.when)

    # ------------------------------------------------------------- animation

    def start_animation(self, interval: float = 2.0, speed: float = 1.0) -> None:
        """Slowly vary temperatures and count operating hours, for a live dashboard.

        Each tick of ``interval`` seconds stands for ``interval * speed`` seconds of pump time:
        at speed 1 the hour counter rises as a real pump's does (tests pass a large speed).
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
        # Outdoor only a little: the weather does not swing in minutes.
        swings = {"outdoor": 5, "indoor": 5, "radiator_forward": 20, "radiator_return": 15}
        base = {name: self.signed(name) for name in swings}
        tick = 0
        running_seconds = 0.0
        while True:
            await asyncio.sleep(interval)
            tick += 1
            wave = math.sin(tick / 15)
            for name, amplitude in swings.items():
                self.set(name, base[name] + round(amplitude * wave))
            # Hours only ever go up, one per running hour (and wrap like the 16-bit counter).
            running_seconds += seconds_per_tick
            if running_seconds >= 3600:
                running_seconds -= 3600
                hours = self.raw("heat_pump_in_operation_rad")
                self.set("heat_pump_in_operation_rad", (hours + 1) & 0xFFFF)


def _corrupt(reply: bytes, faults: Faults) -> bytes:
    data = bytearray(reply)
    if faults.bad_checksum and len(data) > 1:
        data[-1] ^= 0x01
    if faults.bad_header:
        data[0] = 0x00
    return bytes(data)


def requests_of(records: Iterable[RequestRecord], command: int) -> list[RequestRecord]:
    """The logged requests with one command code."""
    return [record for record in records if record.command == command]


# ------------------------------------------------------------------ command line


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host or "127.0.0.1", int(port)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulators.rego",
        description=(
            "Simulated IVT / Bosch Rego 6xx controller on its service port (raw TCP bridge"
            " and/or a pseudo-terminal at 19200 8N1). Runs until Ctrl-C."
        ),
    )
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="600",
        help="register layout: 600 = Rego 600-635/637, 636 = Rego 636 (default 600)",
    )
    parser.add_argument(
        "--fixture", type=Path, default=FIXTURE, help="register image JSON (default: bundled)"
    )
    parser.add_argument(
        "--tcp",
        type=_host_port,
        metavar="HOST:PORT",
        help=f"serve as a TCP serial bridge (default 127.0.0.1:{BRIDGE_PORT} if no --pty)",
    )
    parser.add_argument(
        "--pty", action="store_true", help="serve on a pseudo-terminal and print its path"
    )
    parser.add_argument("--delay", type=float, default=0.0, help="answer delay in seconds")
    parser.add_argument(
        "--line-speed",
        type=int,
        metavar="BAUD",
        help="pace replies as a serial line of this speed would (e.g. 19200)",
    )
    parser.add_argument(
        "--animate", action="store_true", help="slowly vary temperatures and hour counters"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="print every request")
    return parser


async def _run(args: argparse.Namespace) -> None:
    sim = RegoSimulator(args.layout, fixture=args.fixture)
    sim.faults.delay = args.delay
    sim.line_baudrate = args.line_speed
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with sim:
        print(f"Rego 6xx simulator, layout {sim.layout} ({sim.layout_title})", flush=True)
        if args.tcp is None and not args.pty:
            args.tcp = ("127.0.0.1", BRIDGE_PORT)
        if args.tcp is not None:
            host, port = await sim.start_tcp(*args.tcp)
            print(f"TCP bridge on {host}:{port}", flush=True)
        if args.pty:
            print(f"Serial port (19200 8N1) on {await sim.start_pty()}", flush=True)
        if args.animate:
            sim.start_animation()
        logged = 0
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
            if args.verbose:
                for record in sim.requests[logged:]:
                    print(
                        f"command 0x{record.command:02X} address 0x{record.address:04X}"
                        f" value {record.value}",
                        flush=True,
                    )
                logged = len(sim.requests)
            elif len(sim.requests) > 1000:
                sim.clear_logs()
    print("Stopped.", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point for ``python -m tests.simulators.rego``."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_run(args))


if __name__ == "__main__":
    main()
