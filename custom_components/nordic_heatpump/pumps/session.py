"""The request session every family's client talks through.

One request at a time, a pause between requests, a deadline for each reply, bounded
retries of timeouts and corrupt replies, reconnects paced by a growing delay, and
counters for diagnostics. The session knows no protocol: the family gives it how to open
and close its connection and sends each request as a callable, having mapped its
library's failures to `PumpTimeoutError`, `PumpCorruptReplyError`, `PumpConnectionError`
and `PumpRejectedError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from dataclasses import asdict, dataclass
import logging
from typing import Final

from .model import (
    PumpConnectionError,
    PumpCorruptReplyError,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
)

_LOGGER = logging.getLogger(__name__)

REQUEST_TIMEOUT: Final = 3.0
"""Seconds to wait for one reply."""
REQUEST_RETRIES: Final = 1
"""Further attempts after a timeout or a corrupt reply."""
BACKOFF_FIRST: Final = 2.0
"""Seconds before the first reconnect after a failed connect; doubled on each failure."""
BACKOFF_MAX: Final = 60.0
PROBE_BUDGET: Final = 2.5
"""Seconds a probe (identify) may take in all, retries included: a mute device is named
well within the 3 s a user waits in the config flow."""


@dataclass(frozen=True, slots=True)
class Pacing:
    """How the link is driven: what a device needs, and how long we wait for it."""

    request_gap: float = 0.0
    """Seconds from the end of one request to the start of the next."""
    timeout: float = REQUEST_TIMEOUT
    retries: int = REQUEST_RETRIES
    backoff_first: float = BACKOFF_FIRST
    backoff_max: float = BACKOFF_MAX
    retry_lost_links: bool = False
    """Whether a request whose link broke under it is asked again on a new link (within
    `retries`); a link that cannot be opened again is never retried."""


@dataclass(slots=True)
class LinkStatistics:
    """What happened on the link since the client was made."""

    requests: int = 0
    """Requests sent, retries included."""
    retries: int = 0
    timeouts: int = 0
    rejections: int = 0
    """Requests the device answered with an error."""
    failures: int = 0
    """Requests that got no usable answer: timed out, corrupt, or the link broke under them."""
    connects: int = 0
    connect_failures: int = 0
    reconnects: int = 0
    """Connections opened after the first one."""
    links_lost: int = 0
    """Connections that broke under a request or were found broken before one."""
    last_error: str | None = None
    """The last failed request or connect (a rejection is an answer, not a link error)."""
    answers: int = 0
    """Requests answered, rejections included: the ones with a round trip."""
    round_trip_total: float = 0.0
    round_trip_max: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """The counters, and the answers' mean and longest round trip in milliseconds."""
        counters = asdict(self)
        del counters["answers"], counters["round_trip_total"], counters["round_trip_max"]
        answered = self.answers > 0
        return {
            **counters,
            "round_trip_mean_ms": (
                round(1000 * self.round_trip_total / self.answers, 1) if answered else None
            ),
            "round_trip_max_ms": round(1000 * self.round_trip_max, 1) if answered else None,
        }

    def answered(self, seconds: float) -> None:
        """Count one answer that took `seconds` from sending to its reply."""
        self.answers += 1
        self.round_trip_total += seconds
        self.round_trip_max = max(self.round_trip_max, seconds)

    def failed(self, error: str, *, timed_out: bool = False) -> None:
        """Count one request that got no usable answer, and say why."""
        self.failures += 1
        self.timeouts += timed_out
        self.last_error = error


class Session[Conn]:
    """The one path between a client and its device.

    `opener` returns an open connection or raises `PumpConnectionError` (or `OSError`);
    `closer` closes one and must not raise; `alive`, if given, tells whether an open
    connection still stands (a peer may have hung up between two turns). A connection
    that timed out or broke is closed and opened afresh, so a late reply can never be
    taken for the answer to the next request.
    """

    def __init__(
        self,
        name: str,
        opener: Callable[[], Awaitable[Conn]],
        closer: Callable[[Conn], None],
        pacing: Pacing | None = None,
        alive: Callable[[Conn], bool] | None = None,
    ) -> None:
        """Prepare the session; nothing is opened until a turn needs it."""
        self.name = name
        self.pacing = pacing or Pacing()
        self.statistics = LinkStatistics()
        self._opener = opener
        self._closer = closer
        self._alive = alive
        self._conn: Conn | None = None
        self._lock = asyncio.Lock()
        self._last_request_end = float("-inf")
        self._backoff = 0.0
        self._next_attempt = float("-inf")

    @property
    def connected(self) -> bool:
        """Whether a connection is open and, as far as can be told, standing."""
        conn = self._conn
        return conn is not None and (self._alive is None or self._alive(conn))

    @contextlib.asynccontextmanager
    async def turn(self, budget: float | None = None) -> AsyncIterator[Turn[Conn]]:
        """Hold the link for a run of requests: the lock taken, the connection open.

        `budget` bounds the whole turn in seconds (waiting for the lock, connecting,
        every request, pause and retry); without it each request has its own deadline.
        """
        deadline = None if budget is None else _now() + budget
        try:
            async with asyncio.timeout_at(deadline):
                await self._lock.acquire()
        except TimeoutError as err:
            msg = f"{self.name}: the link stayed busy"
            raise PumpTimeoutError(msg) from err
        try:
            await self._ensure_open(deadline)
            yield Turn(self, deadline)
        except PumpRejectedError:
            raise  # the device answered: the link is fine
        except BaseException:
            # Failed or cancelled half-way: what is still on the wire is unknown.
            self._drop()
            raise
        finally:
            self._lock.release()

    async def connect(self) -> None:
        """Open the link now (a turn opens it anyway)."""
        async with self.turn():
            pass

    async def close(self) -> None:
        """Close the link; the next turn opens it again."""
        async with self._lock:
            self._drop()

    def diagnostics(self) -> dict[str, object]:
        """Settings, state and counters of the link."""
        return {
            "connected": self.connected,
            "request_gap_s": self.pacing.request_gap,
            "timeout_s": self.pacing.timeout,
            "retries": self.pacing.retries,
            "reconnect_delay_s": self._backoff,
            "statistics": self.statistics.as_dict(),
        }

    # -- inside a turn ----------------------------------------------------------

    async def _ensure_open(self, deadline: float | None) -> None:
        if self._conn is not None:
            if self.connected:
                return
            self.statistics.links_lost += 1
            self._drop()
        now = _now()
        if now < self._next_attempt:
            # Name the failure that started the wait: "waiting" alone tells a user nothing.
            cause = self.statistics.last_error or self.name
            msg = f"{cause}; waiting {self._next_attempt - now:.0f} s before reconnecting"
            raise PumpConnectionError(msg)
        try:
            async with asyncio.timeout_at(self._attempt_deadline(deadline, 1)):
                self._conn = await self._opener()
        except (PumpConnectionError, OSError, TimeoutError) as err:
            self.statistics.connect_failures += 1
            self.statistics.last_error = f"cannot connect to {self.name}: {err!s}".removesuffix(
                ": "
            )
            self._backoff = min(
                self.pacing.backoff_max, max(self.pacing.backoff_first, self._backoff * 2)
            )
            self._next_attempt = _now() + self._backoff
            _LOGGER.debug("Connecting to %s failed: %r", self.name, err)
            msg = f"cannot connect to {self.name}"
            raise PumpConnectionError(msg) from err
        self.statistics.reconnects += self.statistics.connects > 0
        self.statistics.connects += 1
        self._backoff = 0.0
        self._next_attempt = float("-inf")

    async def _request[T](
        self, send: Callable[[Conn], Awaitable[T]], doing: str, deadline: float | None
    ) -> T:
        attempts = 1 + max(0, self.pacing.retries)
        attempt = 0
        while True:
            await self._ensure_open(deadline)
            conn = self._conn
            assert conn is not None  # noqa: S101  # _ensure_open opened it or raised
            await self._respect_gap(deadline, doing)
            if attempt:
                self.statistics.retries += 1
            self.statistics.requests += 1
            sent = _now()
            try:
                async with asyncio.timeout_at(self._attempt_deadline(deadline, attempts - attempt)):
                    reply = await send(conn)
            except (PumpTimeoutError, PumpCorruptReplyError, TimeoutError) as err:
                # Nothing, or not the answer: what is still on the wire is unknown, so
                # the next attempt runs on a fresh link.
                corrupt = isinstance(err, PumpCorruptReplyError)
                self.statistics.failed(
                    str(err) or f"{self.name}: no answer {doing}", timed_out=not corrupt
                )
                self._drop()
                _raise_if_cancelled()
                if attempt + 1 == attempts or (deadline is not None and _now() >= deadline):
                    if isinstance(err, PumpError):
                        raise
                    msg = f"{self.name}: no answer {doing}"
                    raise PumpTimeoutError(msg) from err
                _LOGGER.debug(
                    "%s: %s %s, asking again",
                    self.name,
                    "a corrupt reply" if corrupt else "no answer",
                    doing,
                )
                attempt += 1
            except PumpRejectedError:
                self.statistics.answered(_now() - sent)
                self.statistics.rejections += 1
                raise
            except PumpConnectionError as err:
                self.statistics.links_lost += 1
                self.statistics.failed(str(err))
                self._drop()
                _raise_if_cancelled()
                last = attempt + 1 == attempts or (deadline is not None and _now() >= deadline)
                if last or not self.pacing.retry_lost_links:
                    raise
                _LOGGER.debug("%s: the link broke %s, asking again", self.name, doing)
                attempt += 1
            else:
                self.statistics.answered(_now() - sent)
                return reply
            finally:
                self._last_request_end = _now()

    async def _respect_gap(self, deadline: float | None, doing: str) -> None:
        start = max(_now(), self._last_request_end + self.pacing.request_gap)
        if deadline is not None and start >= deadline:
            msg = f"{self.name}: no time left {doing}"
            raise PumpTimeoutError(msg)
        if (wait := start - _now()) > 0:
            await asyncio.sleep(wait)

    def _attempt_deadline(self, deadline: float | None, attempts_left: int) -> float:
        """Each attempt waits its own timeout, or its share of what is left of the turn."""
        now = _now()
        own = now + self.pacing.timeout
        if deadline is None:
            return own
        return min(own, now + max(0.0, deadline - now) / attempts_left)

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._closer(conn)


class Turn[Conn]:
    """The link held by one caller: send requests through it."""

    def __init__(self, session: Session[Conn], deadline: float | None) -> None:
        """Only `Session.turn` makes these."""
        self._session = session
        self._deadline = deadline

    async def request[T](self, send: Callable[[Conn], Awaitable[T]], doing: str) -> T:
        """Send one request and return its reply, within the turn's pacing and deadlines.

        `send` gets the open connection; `doing` names the request for messages
        ("reading input 1+1").
        """
        return await self._session._request(send, doing, self._deadline)  # noqa: SLF001


def _now() -> float:
    """The event loop's clock, the one asyncio's deadlines use."""
    return asyncio.get_running_loop().time()


def _raise_if_cancelled() -> None:
    """Re-raise a cancellation a library turned into a timeout, rather than retry."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
