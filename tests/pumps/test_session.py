"""The request session against a device on a real socket (127.0.0.1): no Home Assistant.

The device speaks one line per request; the "family" below maps its replies to the
model's errors, as a real family maps its library's.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
import socket

import pytest

from custom_components.nordic_heatpump.pumps.model import (
    PumpConnectionError,
    PumpCorruptReplyError,
    PumpRejectedError,
    PumpTimeoutError,
)
from custom_components.nordic_heatpump.pumps.session import Pacing, Session


@dataclass
class Arrival:
    connection: int
    request: str
    at: float


@dataclass
class LineDevice:
    """Answers "ok <request>"; told to, it stays silent, rejects, garbles, or hangs up."""

    port: int = 0
    delay: float = 0.0
    silent: bool = False
    ignore_first: int = 0
    garble_first: int = 0
    """Answer the first N requests with a reply the family cannot parse."""
    reject: set[str] = field(default_factory=set)
    hang_up_on: set[str] = field(default_factory=set)
    hang_up_once: set[str] = field(default_factory=set)
    arrivals: list[Arrival] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    connections: int = 0
    _writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        self._writers.append(writer)
        loop = asyncio.get_running_loop()
        while line := await reader.readline():
            request = line.decode().strip()
            self.arrivals.append(Arrival(number, request, loop.time()))
            if request in self.hang_up_on:
                break
            if request in self.hang_up_once:
                self.hang_up_once.discard(request)
                break
            if self.silent or len(self.arrivals) <= self.ignore_first:
                continue
            await asyncio.sleep(self.delay)
            if len(self.arrivals) <= self.ignore_first + self.garble_first:
                writer.write(f"#%? {request}\n".encode())
                continue
            writer.write(f"{'err' if request in self.reject else 'ok'} {request}\n".encode())
            self.replies.append(loop.time())
        writer.close()

    def hang_up_all(self) -> None:
        for writer in self._writers:
            writer.close()

    @property
    def requests(self) -> list[str]:
        return [arrival.request for arrival in self.arrivals]


@pytest.fixture
async def device() -> AsyncIterator[LineDevice]:
    dev = LineDevice()
    server = await asyncio.start_server(dev.serve, "127.0.0.1", 0)
    dev.port = server.sockets[0].getsockname()[1]
    yield dev
    dev.hang_up_all()
    server.close()
    await server.wait_closed()


@dataclass
class Line:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter


class LineFamily:
    """How a family plugs into the session: open, close, alive, and one request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.opened: list[Line] = []

    async def open(self) -> Line:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        line = Line(reader, writer)
        self.opened.append(line)
        return line

    @staticmethod
    def close(line: Line) -> None:
        line.writer.close()

    @staticmethod
    def alive(line: Line) -> bool:
        return not line.reader.at_eof() and not line.writer.is_closing()

    @staticmethod
    async def ask(line: Line, request: str) -> str:
        line.writer.write(f"{request}\n".encode())
        try:
            await line.writer.drain()
            reply = (await line.reader.readline()).decode().strip()
        except ConnectionError as err:
            raise PumpConnectionError(str(err)) from err
        if not reply:
            raise PumpConnectionError("the device hung up")
        if reply.startswith("err"):
            raise PumpRejectedError(reply, 2)
        if not reply.startswith("ok "):
            raise PumpCorruptReplyError(f"cannot parse {reply!r}")
        return reply.removeprefix("ok ")

    def session(self, pacing: Pacing) -> Session[Line]:
        return Session(f"127.0.0.1:{self.port}", self.open, self.close, pacing, self.alive)


async def _ask(session: Session[Line], *requests: str, budget: float | None = None) -> list[str]:
    async with session.turn(budget) as turn:
        return [
            await turn.request(lambda line, r=request: LineFamily.ask(line, r), f"asking {request}")
            for request in requests
        ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _counters(session: Session[Line]) -> dict[str, object]:
    """The link statistics without the round trips, which only the clock can tell."""
    statistics = session.diagnostics()["statistics"]
    assert isinstance(statistics, dict)
    return {key: value for key, value in statistics.items() if not key.startswith("round_trip")}


async def test_replies_and_statistics(device: LineDevice) -> None:
    device.delay = 0.05
    session = LineFamily(device.port).session(Pacing(timeout=1.0, retries=1))
    assert await _ask(session, "a", "b") == ["a", "b"]
    assert await _ask(session, "c") == ["c"]
    assert device.connections == 1
    diagnostics = session.diagnostics()
    statistics = diagnostics["statistics"]
    assert isinstance(statistics, dict)
    mean, longest = statistics.pop("round_trip_mean_ms"), statistics.pop("round_trip_max_ms")
    # Each reply waits the device's 50 ms and comes well within the 1 s deadline.
    assert isinstance(mean, float)
    assert isinstance(longest, float)
    assert 50.0 <= mean <= longest < 1000.0
    assert diagnostics == {
        "connected": True,
        "request_gap_s": 0.0,
        "timeout_s": 1.0,
        "retries": 1,
        "reconnect_delay_s": 0.0,
        "statistics": {
            "requests": 3,
            "retries": 0,
            "timeouts": 0,
            "rejections": 0,
            "failures": 0,
            "connects": 1,
            "connect_failures": 0,
            "reconnects": 0,
            "links_lost": 0,
            "last_error": None,
        },
    }
    await session.close()
    assert session.connected is False


async def test_pause_between_requests_is_honoured(device: LineDevice) -> None:
    session = LineFamily(device.port).session(Pacing(request_gap=0.05))
    await _ask(session, "a", "b")
    await _ask(session, "c")  # the pause holds across turns too
    await session.close()
    arrivals = [arrival.at for arrival in device.arrivals]
    assert len(arrivals) == 3
    # From the end of one request (its reply sent) to the start of the next.
    for reply_sent, next_arrival in zip(device.replies, arrivals[1:], strict=False):
        assert next_arrival - reply_sent >= 0.05


async def test_no_pause_asked_none_taken(device: LineDevice) -> None:
    session = LineFamily(device.port).session(Pacing(request_gap=0.0))
    loop = asyncio.get_running_loop()
    start = loop.time()
    await _ask(session, *(str(n) for n in range(20)))
    await session.close()
    assert loop.time() - start < 0.5


async def test_reply_deadline(device: LineDevice) -> None:
    device.silent = True
    session = LineFamily(device.port).session(Pacing(timeout=0.2, retries=0))
    loop = asyncio.get_running_loop()
    start = loop.time()
    with pytest.raises(PumpTimeoutError, match="no answer asking a"):
        await _ask(session, "a")
    elapsed = loop.time() - start
    assert 0.2 <= elapsed < 0.4
    assert session.connected is False  # a link that timed out is dropped


async def test_retries_are_bounded_and_run_on_a_fresh_link(device: LineDevice) -> None:
    device.silent = True
    session = LineFamily(device.port).session(Pacing(timeout=0.1, retries=2))
    with pytest.raises(PumpTimeoutError):
        await _ask(session, "a")
    assert [(a.connection, a.request) for a in device.arrivals] == [(1, "a"), (2, "a"), (3, "a")]
    assert session.diagnostics()["statistics"] == {
        "requests": 3,
        "retries": 2,
        "timeouts": 3,
        "rejections": 0,
        "failures": 3,
        "connects": 3,
        "connect_failures": 0,
        "reconnects": 2,
        "links_lost": 0,
        "last_error": f"127.0.0.1:{device.port}: no answer asking a",
        "round_trip_mean_ms": None,  # nothing was answered
        "round_trip_max_ms": None,
    }


async def test_a_retry_that_is_answered_succeeds(device: LineDevice) -> None:
    device.ignore_first = 1
    session = LineFamily(device.port).session(Pacing(timeout=0.1, retries=1))
    assert await _ask(session, "a") == ["a"]
    assert [(a.connection, a.request) for a in device.arrivals] == [(1, "a"), (2, "a")]
    assert _counters(session) == {
        "requests": 2,
        "retries": 1,
        "timeouts": 1,
        "rejections": 0,
        "failures": 1,
        "connects": 2,
        "connect_failures": 0,
        "reconnects": 1,
        "links_lost": 0,
        "last_error": f"127.0.0.1:{device.port}: no answer asking a",
    }
    await session.close()


async def test_a_lost_link_is_not_retried(device: LineDevice) -> None:
    device.hang_up_on.add("a")  # not a timeout: a lost link is not retried
    session = LineFamily(device.port).session(Pacing(timeout=0.2, retries=1))
    with pytest.raises(PumpConnectionError, match="hung up"):
        await _ask(session, "a")
    assert device.requests == ["a"]
    assert session.statistics.links_lost == 1
    assert (session.statistics.failures, session.statistics.last_error) == (1, "the device hung up")
    # The next turn opens a new link by itself.
    assert await _ask(session, "b") == ["b"]
    assert session.statistics.connects == 2
    assert session.statistics.reconnects == 1
    await session.close()


async def test_rejection_is_not_retried_and_keeps_the_link(device: LineDevice) -> None:
    device.reject.add("a")
    session = LineFamily(device.port).session(Pacing(timeout=0.2, retries=3))
    with pytest.raises(PumpRejectedError) as err:
        await _ask(session, "a")
    assert err.value.code == 2
    assert session.connected is True
    assert await _ask(session, "b") == ["b"]
    assert device.requests == ["a", "b"]
    assert device.connections == 1
    assert session.statistics.rejections == 1
    # A rejection is an answer: it has a round trip and is no failure of the link.
    assert (session.statistics.answers, session.statistics.failures) == (2, 0)
    assert session.statistics.last_error is None
    assert session.statistics.retries == 0
    await session.close()


async def test_budget_bounds_the_whole_turn(device: LineDevice) -> None:
    device.silent = True
    session = LineFamily(device.port).session(Pacing(timeout=3.0, retries=1))
    loop = asyncio.get_running_loop()
    start = loop.time()
    with pytest.raises(PumpTimeoutError):
        await _ask(session, "a", "b", budget=0.4)
    elapsed = loop.time() - start
    assert 0.4 <= elapsed < 0.6
    # Both attempts fitted in the budget, each with its share of it.
    assert device.requests == ["a", "a"]


async def test_budget_leaves_no_time_for_a_pause(device: LineDevice) -> None:
    session = LineFamily(device.port).session(Pacing(request_gap=0.5))
    with pytest.raises(PumpTimeoutError, match="no time left asking b"):
        await _ask(session, "a", "b", budget=0.3)
    assert device.requests == ["a"]


async def test_lock_serialises_concurrent_callers(device: LineDevice) -> None:
    device.delay = 0.02
    session = LineFamily(device.port).session(Pacing())
    results = await asyncio.gather(_ask(session, "a1", "a2", "a3"), _ask(session, "b1", "b2", "b3"))
    await session.close()
    assert results == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert device.requests == ["a1", "a2", "a3", "b1", "b2", "b3"]
    assert device.connections == 1


async def test_busy_link_costs_a_budgeted_caller_its_budget(device: LineDevice) -> None:
    device.delay = 0.3
    session = LineFamily(device.port).session(Pacing())
    long_turn = asyncio.create_task(_ask(session, "slow"))
    await asyncio.sleep(0.05)
    with pytest.raises(PumpTimeoutError, match="stayed busy"):
        await _ask(session, "quick", budget=0.1)
    assert await long_turn == ["slow"]
    assert device.requests == ["slow"]
    await session.close()


async def test_backoff_grows_caps_and_resets(device: LineDevice) -> None:
    family = LineFamily(_free_port())
    session = family.session(Pacing(backoff_first=0.05, backoff_max=0.15))
    delays = []
    for _ in range(4):
        with pytest.raises(PumpConnectionError, match="cannot connect"):
            await session.connect()
        delays.append(session.diagnostics()["reconnect_delay_s"])
        # Straight after a failure the session does not try again, and says why it stopped.
        with pytest.raises(PumpConnectionError) as waiting:
            await session.connect()
        assert str(waiting.value).startswith(f"{session.statistics.last_error}; waiting ")
        assert str(waiting.value).endswith(" s before reconnecting")
        assert "cannot connect" in str(waiting.value)
        await asyncio.sleep(delays[-1])
    assert delays == [0.05, 0.1, 0.15, 0.15]
    assert session.statistics.connect_failures == 4
    family.port = device.port  # the device is back
    assert await _ask(session, "a") == ["a"]
    assert session.diagnostics()["reconnect_delay_s"] == 0.0
    # A new failure starts from the first delay again.
    await session.close()
    family.port = _free_port()
    with pytest.raises(PumpConnectionError):
        await session.connect()
    assert session.diagnostics()["reconnect_delay_s"] == 0.05


async def test_a_link_the_device_closed_is_reopened(device: LineDevice) -> None:
    session = LineFamily(device.port).session(Pacing())
    assert await _ask(session, "a") == ["a"]
    device.hang_up_all()
    await asyncio.sleep(0.05)
    assert session.connected is False
    assert await _ask(session, "b") == ["b"]
    assert [(a.connection, a.request) for a in device.arrivals] == [(1, "a"), (2, "b")]
    assert session.statistics.links_lost == 1
    await session.close()


async def test_cancelled_turn_drops_the_link_and_frees_the_lock(device: LineDevice) -> None:
    device.silent = True
    family = LineFamily(device.port)
    session = family.session(Pacing(timeout=5.0))
    task = asyncio.create_task(_ask(session, "a"))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert family.opened[0].writer.is_closing()
    assert session.connected is False
    device.silent = False
    assert await _ask(session, "b", budget=1.0) == ["b"]
    await session.close()


async def test_a_library_that_swallows_cancellation_is_not_retried(device: LineDevice) -> None:
    """Some libraries turn a cancellation into their own timeout; it must still cancel."""
    device.silent = True
    family = LineFamily(device.port)
    session = family.session(Pacing(timeout=5.0, retries=3))

    async def swallowing(line: Line) -> str:
        try:
            return await LineFamily.ask(line, "a")
        except asyncio.CancelledError as err:
            raise PumpTimeoutError("request cancelled outside the library") from err

    async def caller() -> str:
        async with session.turn() as turn:
            return await turn.request(swallowing, "asking a")

    task = asyncio.create_task(caller())
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert device.requests == ["a"]
    assert session.statistics.retries == 0


async def test_an_opener_that_hangs_is_cut_by_the_timeout() -> None:
    async def never_opens() -> Line:
        await asyncio.sleep(10)
        raise AssertionError

    session: Session[Line] = Session("nowhere", never_opens, LineFamily.close, Pacing(timeout=0.1))
    with pytest.raises(PumpConnectionError, match="cannot connect to nowhere"):
        await session.connect()
    assert session.statistics.connect_failures == 1
    assert session.statistics.last_error == "cannot connect to nowhere"


async def test_a_corrupt_reply_is_asked_again_on_a_fresh_link(device: LineDevice) -> None:
    device.garble_first = 1
    session = LineFamily(device.port).session(Pacing(timeout=1.0, retries=1))
    assert await _ask(session, "a") == ["a"]
    # The garbled link is dropped: whatever else it carries is never read as an answer.
    assert [(a.connection, a.request) for a in device.arrivals] == [(1, "a"), (2, "a")]
    assert _counters(session) == {
        "requests": 2,
        "retries": 1,
        "timeouts": 0,
        "rejections": 0,
        "failures": 1,
        "connects": 2,
        "connect_failures": 0,
        "reconnects": 1,
        "links_lost": 0,
        "last_error": "cannot parse '#%? a'",
    }
    await session.close()


async def test_corrupt_replies_are_retried_a_bounded_number_of_times(device: LineDevice) -> None:
    device.garble_first = 3
    session = LineFamily(device.port).session(Pacing(timeout=1.0, retries=2))
    with pytest.raises(PumpCorruptReplyError, match="cannot parse '#%\\? a'"):
        await _ask(session, "a")
    assert [(a.connection, a.request) for a in device.arrivals] == [(1, "a"), (2, "a"), (3, "a")]
    assert session.connected is False
    assert session.statistics.retries == 2
    assert session.statistics.timeouts == 0
    # The next turn is answered on a new link.
    assert await _ask(session, "b") == ["b"]
    assert session.statistics.connects == 4


async def test_the_last_attempt_says_what_went_wrong(device: LineDevice) -> None:
    device.ignore_first = 1  # silence, then a garbled reply
    device.garble_first = 1
    session = LineFamily(device.port).session(Pacing(timeout=0.1, retries=1))
    with pytest.raises(PumpCorruptReplyError):
        await _ask(session, "a")
    assert device.requests == ["a", "a"]
    assert (session.statistics.timeouts, session.statistics.retries) == (1, 1)


async def test_a_lost_link_is_retried_when_the_family_asks(device: LineDevice) -> None:
    device.hang_up_on.add("a")
    session = LineFamily(device.port).session(Pacing(retries=2, retry_lost_links=True))
    with pytest.raises(PumpConnectionError, match="hung up"):
        await _ask(session, "a")
    # Each attempt on a new link, and no more than the retries allow.
    assert [(a.connection, a.request) for a in device.arrivals] == [(1, "a"), (2, "a"), (3, "a")]
    assert (session.statistics.links_lost, session.statistics.retries) == (3, 2)
    device.hang_up_on.clear()
    assert await _ask(session, "b") == ["b"]
    await session.close()


async def test_a_retried_lost_link_that_answers_succeeds(device: LineDevice) -> None:
    device.hang_up_once.add("a")
    session = LineFamily(device.port).session(Pacing(retries=1, retry_lost_links=True))
    assert await _ask(session, "a") == ["a"]
    assert [(a.connection, a.request) for a in device.arrivals] == [(1, "a"), (2, "a")]
    assert (session.statistics.links_lost, session.statistics.retries) == (1, 1)
    await session.close()
