"""The fault matrix: every fault the simulators inject, per family and transport, through HA.

One entry per family and transport meets each fault in turn. For each one:

* nothing but the coordinator's one "Error fetching/requesting" line is logged at ERROR,
  and no exception escapes;
* every state the entities take is a value the simulator held (the outdoor temperature is
  moved before each fault, so a stale or a garbled value would show), or unavailable;
* the entities are unavailable only while the fault lasts, and all back, right, at the
  first poll after it clears (push: within one silence timeout);
* no callback of Home Assistant's event loop takes longer than 10 ms, the simulators' own
  callbacks left out (see `fault_matrix.LoopWatch` for how a callback is timed).

Time is scaled: a polled family is polled every `INTERVAL` seconds (its coordinator
refreshed as its timer would, at that pace) instead of 30 s / 60 s, and its reconnect
delays shrink in the same proportion; the H1 falls silent after `SILENCE` s instead of
120 s, its delays shrunk alike. Request timeouts are the suite's short ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
import logging
from typing import Any, ClassVar, Final

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.nordic_heatpump.pumps import families
from custom_components.nordic_heatpump.pumps.husdata import family as husdata_family
from custom_components.nordic_heatpump.pumps.rego import (
    client as rego_client,
    family as rego_family,
)
from custom_components.nordic_heatpump.pumps.session import Pacing
from custom_components.nordic_heatpump.pumps.thermia import (
    connection as thermia_connection,
    family as thermia_family,
)

from .conftest import entity_id_of, rtu_config, setup_entry
from .fault_matrix import (
    BLOCK_LIMIT,
    ROWS,
    LoopWatch,
    Row,
    StateLog,
    is_value,
    same_value,
    until,
)
from .simulators.husdata import HusdataSimulator
from .simulators.rego import RegoSimulator
from .simulators.thermia import ThermiaSimulator, fixture_path

INTERVAL: Final = 0.3
"""Seconds between two polls of a polled family in the matrix."""
SILENCE: Final = 0.5
"""Seconds without a line before the H1 is asked again, then given up."""
H1_ANSWER: Final = 0.2
REGO_TIMEOUT: Final = 0.2
REFUSED_POLLS: Final = 7
"""Polls a stopped bridge refuses: enough for the reconnect delay to reach its ceiling."""
COORDINATOR_LOGGER: Final = "custom_components.nordic_heatpump.coordinator"

type SimCall = Callable[[Any], Awaitable[None] | None]


@dataclass(frozen=True, slots=True)
class Fault:
    """One fault: how the simulator starts and stops it, and what the entities must do."""

    name: str
    on: SimCall
    off: SimCall | None = None
    """None: `faults.clear()`."""
    polls: int = 1
    """Polls (push: silence timeouts) the fault lasts."""
    stays_up: bool = False
    """The entities must never become unavailable (the device still answers in time)."""


async def _stop_tcp(sim: Any) -> None:
    await sim.stop_tcp()


async def _restart_tcp(sim: Any) -> None:
    for host, port in await sim.stop_tcp():
        await _start_again(sim, host, port)


async def _start_again(sim: Any, host: str, port: int) -> None:
    if isinstance(sim, ThermiaSimulator) and sim.rtu_tcp_address == (host, port):
        await sim.start_tcp(host, port, framer="rtu")
    else:
        await sim.start_tcp(host, port)


def _bridge_back(address: tuple[str, int]) -> SimCall:
    async def start(sim: Any) -> None:
        await _start_again(sim, *address)

    return start


def _set(**faults: Any) -> SimCall:
    def switch_on(sim: Any) -> None:
        for name, value in faults.items():
            setattr(sim.faults, name, value)

    return switch_on


GARBAGE: Final = b"\x00\xff\x55\xaa\x7e\x13\x37"


# ------------------------------------------------------------------- the rigs


@dataclass
class Rig:
    """A family on one transport: its simulator, its entry, and how its values move."""

    family: str
    transport: str
    serial: bool

    sim: Any = None
    outdoor_key: ClassVar[str] = "outdoor"

    async def start(self) -> dict[str, Any]:
        """Start the simulator; the entry data that reaches it."""
        raise NotImplementedError

    async def set_outdoor(self, tenths: int) -> None:
        """Make the simulator hold this outdoor temperature (tenths of a degree)."""
        raise NotImplementedError

    def faults(self, address: tuple[str, int] | None) -> list[Fault]:
        """The faults this family's simulator injects on this transport."""
        raise NotImplementedError


class ThermiaRig(Rig):
    """A Thermia Genesis inverter on Modbus TCP, RTU on a pty, or RTU over TCP."""

    outdoor_key: ClassVar[str] = "input_outdoor_temperature"

    async def start(self) -> dict[str, Any]:
        async def make() -> tuple[ThermiaSimulator, dict[str, Any]]:
            sim = ThermiaSimulator.from_fixture(fixture_path("inverter"))
            if self.transport == "rtu":
                return sim, rtu_config(await sim.start_rtu_pty(), "inverter")
            framer = "socket" if self.transport == "tcp" else "rtu"
            host, port = await sim.start_tcp(framer=framer)
            config = {"family": "thermia", "model": "inverter", "transport": self.transport}
            return sim, {**config, "host": host, "port": port, "unit_id": 1}

        self.sim, config = await make()
        return config

    async def set_outdoor(self, tenths: int) -> None:
        self.sim.set_raw("input_registers", 13, tenths * 10)

    def faults(self, address: tuple[str, int] | None) -> list[Fault]:
        timeout = thermia_connection.REQUEST_TIMEOUT
        faults = []
        if address is not None:
            faults.append(Fault("refused", _stop_tcp, _bridge_back(address), REFUSED_POLLS))
        faults += [
            Fault("dropped mid-frame", _set(drop_mid_reply=True)),
            Fault("silence", _set(silent=True)),
            Fault("garbage bytes", _set(garbage=GARBAGE)),
        ]
        if self.transport != "tcp":
            faults.append(Fault("bad CRC", _set(bad_crc=True)))
        faults += [
            Fault("Modbus exception", _set(exception_every_request=True)),
            Fault("slower than timeout", _set(delay=timeout * 1.5)),
            Fault("slow, in time", _set(delay=timeout / 10), stays_up=True),
        ]
        if address is not None:
            faults.append(Fault("bridge restart", _restart_tcp, lambda _sim: None))
        return faults


class RegoRig(Rig):
    """A Rego 600 on a pty serial port or behind a TCP bridge."""

    async def start(self) -> dict[str, Any]:
        async def make() -> tuple[RegoSimulator, dict[str, Any]]:
            sim = RegoSimulator("600")
            config = {"family": "rego", "model": "rego_6xx", "layout": "600"}
            if self.serial:
                return sim, {**config, "transport": "rego_serial", "device": await sim.start_pty()}
            host, port = await sim.start_tcp()
            return sim, {**config, "transport": "rego_bridge", "host": host, "port": port}

        self.sim, config = await make()
        return config

    async def set_outdoor(self, tenths: int) -> None:
        self.sim.set("outdoor", tenths)

    def faults(self, address: tuple[str, int] | None) -> list[Fault]:
        faults = []
        if address is not None:
            faults.append(Fault("refused", _stop_tcp, _bridge_back(address), REFUSED_POLLS))
        faults += [
            Fault("dropped mid-frame", _set(drop_mid_reply=True)),
            Fault("silence", _set(silent=True)),
            Fault("garbage bytes", _set(garbage=GARBAGE)),
            Fault("bad checksum", _set(bad_checksum=True)),
            Fault("slower than timeout", _set(delay=REGO_TIMEOUT * 1.5)),
            Fault("slow, in time", _set(delay=REGO_TIMEOUT / 20), stays_up=True),
        ]
        if address is not None:
            faults.append(Fault("bridge restart", _restart_tcp, lambda _sim: None))
        return faults


class HusdataRig(Rig):
    """An H1 on a pty serial port or behind a TCP bridge; it pushes, nothing is polled."""

    async def start(self) -> dict[str, Any]:
        async def make() -> tuple[HusdataSimulator, dict[str, Any]]:
            sim = HusdataSimulator()
            config = {"family": "husdata", "model": "h1"}
            if self.serial:
                return sim, {
                    **config,
                    "transport": "husdata_serial",
                    "device": await sim.start_pty(),
                }
            host, port = await sim.start_tcp()
            return sim, {**config, "transport": "husdata_bridge", "host": host, "port": port}

        self.sim, config = await make()
        return config

    async def set_outdoor(self, tenths: int) -> None:
        self.sim.set(0x0007, tenths)

    def faults(self, address: tuple[str, int] | None) -> list[Fault]:
        faults = []
        if address is not None:
            faults.append(Fault("refused", _stop_tcp, _bridge_back(address), 2))
        faults += [
            Fault("dropped mid-frame", _set(drop_mid_line=True), polls=2),
            Fault("silence", _set(silent=True), polls=2),
            Fault("garbage bytes", _set(garbage="all"), stays_up=True),
            Fault("slower than timeout", _set(delay=SILENCE + H1_ANSWER + 0.2), polls=2),
            Fault("slow, in time", _set(delay=SILENCE / 5), stays_up=True),
        ]
        if address is not None:
            faults.append(Fault("bridge restart", _restart_tcp, lambda _sim: None))
        return faults


RIGS: Final = {
    "thermia-tcp": lambda: ThermiaRig("thermia", "tcp", serial=False),
    "thermia-rtu-pty": lambda: ThermiaRig("thermia", "rtu", serial=True),
    "thermia-rtu-over-tcp": lambda: ThermiaRig("thermia", "rtu_over_tcp", serial=False),
    "rego-pty": lambda: RegoRig("rego", "serial pty", serial=True),
    "rego-tcp-bridge": lambda: RegoRig("rego", "TCP bridge", serial=False),
    "h1-pty": lambda: HusdataRig("husdata", "serial pty", serial=True),
    "h1-tcp-bridge": lambda: HusdataRig("husdata", "TCP bridge", serial=False),
}


# ------------------------------------------------------------------ time scale


def _scaled(pacing: Pacing, family: str) -> Pacing:
    """Reconnect delays shrunk as the polling interval is (30 s or 60 s -> INTERVAL)."""
    interval = families.get(family).poll_interval
    assert interval is not None
    k = INTERVAL / interval
    return replace(
        pacing, backoff_first=pacing.backoff_first * k, backoff_max=pacing.backoff_max * k
    )


@pytest.fixture
def matrix_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scale every family's delays to the matrix's pace (see the module docstring)."""
    thermia_pacing = thermia_family.pacing_for
    rego_pacing = rego_family.pacing_from
    monkeypatch.setattr(
        thermia_family,
        "pacing_for",
        lambda transport, config=None: _scaled(thermia_pacing(transport, config), "thermia"),
    )
    monkeypatch.setattr(rego_client, "REPLY_TIMEOUT", REGO_TIMEOUT)
    monkeypatch.setattr(
        rego_family, "pacing_from", lambda config=None: _scaled(rego_pacing(config), "rego")
    )
    timing = husdata_family.DEFAULT_TIMING
    k = SILENCE / timing.silence
    monkeypatch.setattr(
        husdata_family,
        "DEFAULT_TIMING",
        replace(
            timing,
            answer=H1_ANSWER,
            backoff_first=timing.backoff_first * k,
            backoff_max=timing.backoff_max * k,
        ),
    )


# ------------------------------------------------------------------- the run


class Run:
    """One entry meeting its faults in turn, with what the entities showed."""

    def __init__(self, hass: HomeAssistant, rig: Rig, entry: MockConfigEntry) -> None:
        self.hass = hass
        self.rig = rig
        self.entry = entry
        self.coordinator = entry.runtime_data.coordinator
        self.polled = self.coordinator.update_interval is not None
        registry = er.async_get(hass)
        entity_ids = {
            e.entity_id
            for e in er.async_entries_for_config_entry(registry, entry.entry_id)
            if hass.states.get(e.entity_id) is not None
        }
        self.log = StateLog(hass, entity_ids)
        self.outdoor = entity_id_of(hass, entry, "sensor", rig.outdoor_key)
        self.expected = self.log.current()
        """The state each entity must show when all is well."""
        self.held: dict[str, set[str]] = {eid: {state} for eid, state in self.expected.items()}
        """Every state each entity may show: what the simulator held at some point."""
        self.tenths = -31

    async def tick(self) -> None:
        """One step of time: a poll at the interval, or a moment of listening."""
        if self.polled:
            await asyncio.sleep(INTERVAL)
            # In a task of its own, as the coordinator's timer runs it.
            await asyncio.get_running_loop().create_task(self.coordinator.async_refresh())
        else:
            await asyncio.sleep(SILENCE)

    def all_right(self) -> bool:
        """Whether every entity shows what the simulator holds now."""
        now = self.log.current()
        return all(same_value(now[eid], want) for eid, want in self.expected.items())

    async def move_outdoor(self) -> None:
        """Give the simulator a new outdoor temperature: the value to show after the fault."""
        self.tenths -= 1
        await self.rig.set_outdoor(self.tenths)
        value = f"{self.tenths / 10:.1f}"
        self.expected[self.outdoor] = value
        self.held[self.outdoor].add(value)

    def wrong(self, start: float) -> list[str]:
        """States written since `start` that the simulator never held."""
        return [
            f"{c.entity_id}={c.state}"
            for c in self.log.since(start)
            if is_value(c.state) and not any(same_value(c.state, h) for h in self.held[c.entity_id])
        ]


async def _recover(run: Run) -> tuple[str, float | None]:
    """Wait for everything to be right again; how long it took, in polls (push: seconds)."""
    loop = asyncio.get_running_loop()
    cleared = loop.time()
    if run.polled:
        for polls in range(4):
            if run.all_right():
                return f"{polls} poll" + ("" if polls == 1 else "s"), float(polls)
            await run.tick()
        return "not within 3 polls", None
    if await until(run.all_right, within=4 * SILENCE):
        took = loop.time() - cleared
        return f"{took:.2f} s ({took / SILENCE:.1f} silence)", took / SILENCE
    return f"not within {4 * SILENCE:g} s", None


@pytest.mark.usefixtures("matrix_time")
@pytest.mark.parametrize("rig_name", list(RIGS))
async def test_fault_matrix(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    rig_name: str,
) -> None:
    rig = RIGS[rig_name]()
    config = await rig.start()
    options = {"request_gap_ms": 0} if rig.family == "rego" else {}
    if rig.family == "husdata":
        options = {"silence_s": SILENCE}
    try:
        entry = await setup_entry(hass, config, options)
        run = Run(hass, rig, entry)
        if not run.polled:
            assert await until(lambda: run.coordinator.data and len(run.coordinator.data) > 20, 3)
            await hass.async_block_till_done()
            run = Run(hass, rig, entry)
        await _run_faults(hass, run, caplog, monkeypatch)
    finally:
        if "entry" in locals():
            await hass.config_entries.async_unload(entry.entry_id)
        await rig.sim.stop()


async def _run_faults(
    hass: HomeAssistant,
    run: Run,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rig = run.rig
    loop = asyncio.get_running_loop()
    address = None if rig.serial else _address_of(rig.sim)
    watch = LoopWatch()
    run.log.start()
    failures: list[str] = []
    caplog.set_level(logging.WARNING)  # a user's level: nothing below is formatted
    with watch.installed(monkeypatch):
        for fault in rig.faults(address):
            caplog.clear()
            if not run.all_right():
                failures.append(f"{rig.family} {rig.transport}: not right before {fault.name}")
                break
            start = loop.time()
            watch.start()
            await _apply(fault.on, rig.sim)
            await run.move_outdoor()
            for _ in range(fault.polls):
                await run.tick()
            await _apply(fault.off or _clear, rig.sim)
            recovery, took = await _recover(run)
            await hass.async_block_till_done()
            watch.stop()
            ended = loop.time()
            changes = run.log.since(start)
            down = any(c.state == STATE_UNAVAILABLE for c in changes)
            wrong = run.wrong(start)
            row = Row(
                rig.family,
                rig.transport,
                fault.name,
                down,
                "no outage" if not down else recovery,
                len(wrong),
                watch.longest * 1000,
                watch.longest_what,
            )
            ROWS.append(row)
            errors = [f"logged {line}" for line in _unexpected_errors(caplog.records)]
            if wrong:
                errors.append(f"showed values the simulator never held: {wrong[:5]}")
            failures += _judge(fault, row, took, errors, watch)
            assert loop.time() >= ended
    run.log.stop()
    assert not failures, "\n".join(failures)


def _address_of(sim: Any) -> tuple[str, int] | None:
    address = sim.tcp_address if not isinstance(sim, ThermiaSimulator) else None
    if isinstance(sim, ThermiaSimulator):
        address = sim.tcp_address or sim.rtu_tcp_address
    return address


def _clear(sim: Any) -> None:
    sim.faults.clear()


async def _apply(switch: SimCall, sim: Any) -> None:
    """Run a fault's switch on the simulator's own loop."""
    result = switch(sim)
    if result is not None:
        await result


def _unexpected_errors(records: list[logging.LogRecord]) -> list[str]:
    """ERROR lines other than the coordinator's own "unavailable" line, and any traceback."""
    unexpected = []
    coordinator_lines = 0
    for record in records:
        if record.exc_info is not None and record.levelno >= logging.WARNING:
            unexpected.append(f"{record.name}: {record.getMessage()} (with a traceback)")
        elif record.levelno >= logging.ERROR:
            if record.name == COORDINATOR_LOGGER and record.getMessage().startswith(
                ("Error fetching", "Error requesting")
            ):
                coordinator_lines += 1
                continue
            unexpected.append(f"{record.name}: {record.getMessage()}")
    if coordinator_lines > 1:
        unexpected.append(f"the coordinator said {coordinator_lines} times that it failed")
    return unexpected


def _judge(
    fault: Fault, row: Row, took: float | None, errors: list[str], watch: LoopWatch
) -> list[str]:
    where = f"{row.family} {row.transport} {row.fault}"
    failures = [f"{where}: {line}" for line in errors]
    if fault.stays_up and row.went_down:
        failures.append(f"{where}: went unavailable although the device answered in time")
    if took is None or took > 1:
        failures.append(f"{where}: recovery took {row.recovery}")
    if watch.longest > BLOCK_LIMIT:
        failures.append(
            f"{where}: a callback held the loop {watch.longest * 1000:.1f} ms: {watch.longest_what}"
        )
    return failures
