"""Tools of the fault matrix: a watch on the event loop's callbacks, and a state log.

The simulators share Home Assistant's event loop, as in every test; the watch times each
callback on its own and leaves out those that serve the simulated device (its servers'
connections, its tasks, its pseudo-terminal readers), so what it reports is Home
Assistant's and the integration's (with the libraries it drives). Each fault's figures go
into `ROWS`, which the test session prints as a table at its end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass, field
import gc
import math
import resource
import threading
import time
from typing import Any, Final

from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
import pytest

BLOCK_LIMIT: Final = 0.010
"""Seconds one callback of Home Assistant's loop may take."""


@dataclass(slots=True)
class Row:
    """What one fault did to one family on one transport."""

    family: str
    transport: str
    fault: str
    went_down: bool
    recovery: str
    """How long after the fault cleared the entities were all back, right."""
    wrong_values: int
    longest_block_ms: float
    note: str = ""


ROWS: list[Row] = []


def table(rows: list[Row]) -> str:
    """The rows as a fixed-width text table, in run order."""
    head = ("family", "transport", "fault", "down", "recovered in", "wrong", "block ms")
    lines = [
        (
            r.family,
            r.transport,
            r.fault,
            "yes" if r.went_down else "no",
            r.recovery,
            str(r.wrong_values),
            f"{r.longest_block_ms:.1f}",
        )
        for r in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(head, *lines, strict=False)]
    out = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in (head, tuple("-" * w for w in widths), *lines)
    ]
    return "\n".join(out)


def write_table(terminal: Any) -> None:
    """Print the table at the end of a run."""
    if not ROWS:
        return
    text = table(ROWS)
    terminal.section("fault matrix")
    terminal.line(text)


_DEVICE_SIDE: Final = (
    "tests/simulators/",
    "tests.simulators",
    "pymodbus/server",
    "pymodbus.server",
)


def serves_the_device(handle: asyncio.Handle) -> bool:
    """Whether a callback belongs to a simulator (the pump's side of the line)."""
    callback = handle._callback
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        coro = owner.get_coro()
        code = getattr(coro, "cr_code", None)
        where = code.co_filename if code is not None else type(coro).__module__
        return any(mark in where for mark in _DEVICE_SIDE)
    if owner is not None and getattr(owner, "_server", None) is not None:
        return True  # a connection a simulator's server accepted
    if owner is not None:
        protocol = getattr(owner, "_protocol", None)
        if protocol is not None and any(mark in type(protocol).__module__ for mark in _DEVICE_SIDE):
            return True
        return any(mark in type(owner).__module__ for mark in _DEVICE_SIDE)
    module = getattr(callback, "__module__", "") or ""
    return any(mark in module for mark in _DEVICE_SIDE)


class LoopWatch:
    """Times every callback the event loop runs, while it is on.

    asyncio's own debug check (`slow_callback_duration`) logs callbacks over a threshold by
    their wall time; this keeps the longest of them all and which it was, leaving out the
    simulators' and the test's own. A callback counts for its CPU time, or for its wall time
    if it waited in the kernel (a voluntary context switch: blocking I/O), so that the
    machine's other work preempting the test does not count; garbage-collection pauses,
    the whole process's, are left out.
    """

    def __init__(self) -> None:
        """Nothing is timed until `start`."""
        self.longest = 0.0
        self.longest_what = ""
        self.over_limit: list[tuple[float, str]] = []
        self.gc_seconds = 0.0
        self._gc_started = 0.0
        self._loop_thread = threading.get_ident()
        self._test_task = asyncio.current_task()
        """The test's own task: its bookkeeping is not the integration's."""
        self._on = False

    @contextlib.contextmanager
    def installed(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        """Wrap `Handle._run` for the duration."""
        original = asyncio.events.Handle._run
        watch = self

        def timed(handle: asyncio.Handle) -> None:
            if not watch._on or threading.get_ident() != watch._loop_thread:
                original(handle)
                return
            waits = resource.getrusage(resource.RUSAGE_THREAD).ru_nvcsw
            collected = watch.gc_seconds
            cpu = time.thread_time()
            start = time.perf_counter()
            original(handle)
            wall = time.perf_counter() - start
            cpu = time.thread_time() - cpu
            waited = resource.getrusage(resource.RUSAGE_THREAD).ru_nvcsw > waits
            took = (wall if waited else cpu) - (watch.gc_seconds - collected)
            if took > watch.longest / 2 and not watch.ignored(handle):
                watch.took(took, handle)

        monkeypatch.setattr(asyncio.events.Handle, "_run", timed)
        gc.callbacks.append(self._gc_phase)
        try:
            yield
        finally:
            gc.callbacks.remove(self._gc_phase)
            asyncio.events.Handle._run = original  # type: ignore[method-assign]

    def _gc_phase(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_seconds += time.perf_counter() - self._gc_started

    def ignored(self, handle: asyncio.Handle) -> bool:
        """Whether a callback is the simulator's or the test's own."""
        owner = getattr(handle._callback, "__self__", None)
        return owner is self._test_task or serves_the_device(handle)

    def took(self, seconds: float, handle: asyncio.Handle) -> None:
        """Note one callback's duration."""
        if seconds > self.longest:
            self.longest = seconds
            self.longest_what = repr(handle)[:300]
        if seconds > BLOCK_LIMIT:
            self.over_limit.append((seconds, repr(handle)[:300]))

    def start(self) -> None:
        """Start a measure afresh."""
        self.longest = 0.0
        self.longest_what = ""
        self.over_limit = []
        self._on = True

    def stop(self) -> None:
        """Stop timing."""
        self._on = False


@dataclass(slots=True)
class Change:
    """One state written for a watched entity."""

    at: float
    entity_id: str
    state: str


@dataclass
class StateLog:
    """Every state the watched entities take, with the loop time it was written."""

    hass: HomeAssistant
    entity_ids: set[str]
    changes: list[Change] = field(default_factory=list)
    _unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Listen to state changes."""

        @callback
        def note(event: Event[EventStateChangedData]) -> None:
            entity_id = event.data["entity_id"]
            new = event.data["new_state"]
            if entity_id in self.entity_ids and new is not None:
                self.changes.append(Change(self.hass.loop.time(), entity_id, new.state))

        self._unsubscribe = self.hass.bus.async_listen(EVENT_STATE_CHANGED, note)

    def stop(self) -> None:
        """Stop listening."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def current(self) -> dict[str, str]:
        """Each watched entity's state now."""
        states = {}
        for entity_id in self.entity_ids:
            state = self.hass.states.get(entity_id)
            states[entity_id] = STATE_UNAVAILABLE if state is None else state.state
        return states

    def since(self, start: float) -> list[Change]:
        """The changes written at or after `start`."""
        return [change for change in self.changes if change.at >= start]


def same_value(state: str, expected: str) -> bool:
    """Whether a state shows `expected`: numbers compared as numbers, the rest as text."""
    if state == expected:
        return True
    try:
        return math.isclose(float(state), float(expected), rel_tol=0, abs_tol=1e-9)
    except ValueError:
        return False


def is_value(state: str) -> bool:
    """Whether a state carries a value (not unavailable, not unknown)."""
    return state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


async def until(check: Callable[[], bool], within: float, step: float = 0.01) -> bool:
    """Wait until `check()` holds; whether it did within `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not check():
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(step)
    return True
