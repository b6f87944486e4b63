"""Benchmark: a full Inverter poll over Modbus RTU at 19200 8E1 against its wire-time bound.

Run with `scripts/benchmark`. The simulated pump serves RTU on a pseudo-terminal and
paces each answer as a 19200 baud line would (`ThermiaSimulator.line_baudrate`): the
request's and the reply's 11-bit characters plus the 3.5-character silence that ends
each frame. The bound is that same time summed over the frames of the poll, as the
simulator logged them: no client can poll these registers faster on such a line.
"""

from __future__ import annotations

import logging
import statistics
import time

from custom_components.nordic_heatpump.pumps import open_client
from custom_components.nordic_heatpump.pumps.thermia.connection import Transport, pacing_for

from ..conftest import rtu_config
from ..simulators.thermia import ThermiaSimulator, fixture_path
from .report import table, verdict

BAUDRATE = 19200
POLLS = 4
GOAL = 1.25


async def test_rtu_poll_against_the_wire() -> None:
    logging.getLogger("custom_components.nordic_heatpump").setLevel(logging.WARNING)
    default_gap = pacing_for(Transport.RTU).request_gap
    rows: list[list[object]] = []
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty(baudrate=BAUDRATE, parity="E")
        sim.line_baudrate = BAUDRATE
        for gap_ms, label in ((None, "default"), (30, "earlier default")):
            options = {} if gap_ms is None else {"request_gap_ms": gap_ms}
            client = open_client(rtu_config(path, "inverter") | options)
            gap = client.pacing.request_gap
            channels = list(client.channels.values())
            await client.connect()
            polls = []
            for _ in range(POLLS):
                sim.clear_logs()
                start = time.perf_counter()
                await client.read(channels)
                elapsed = time.perf_counter() - start
                frames = list(sim.frames)
                polls.append((elapsed, frames))
            await client.close()
            elapsed = statistics.median(seconds for seconds, _ in polls[1:])
            frames = polls[-1][1]
            sent = sum(frame.request_bytes for frame in frames)
            received = sum(frame.reply_bytes for frame in frames)
            bound = sum(sim.wire_time(frame) for frame in frames)
            ratio = elapsed / bound
            rows.append(
                [
                    f"{gap * 1000:.0f} ms ({label})",
                    len(frames),
                    f"{sent} + {received}",
                    f"{bound * 1000:.0f}",
                    f"{elapsed * 1000:.0f}",
                    f"{ratio:.2f}x",
                    f"<= {GOAL}x: {verdict(ratio <= GOAL)}" if gap == default_gap else "",
                ]
            )
    table(
        f"Full poll of the Inverter ({len(channels)} channels) over Modbus RTU at {BAUDRATE} 8E1"
        " (pseudo-terminal paced by the simulator; bound = bytes x 11 bits / 19200"
        " + 3.5 characters per frame)",
        ["request gap", "requests", "bytes out + in", "bound ms", "poll ms", "poll / bound",
         "goal"],
        rows,
    )  # fmt: skip
