"""The command line of the Husdata H1 simulator: ``python -m tests.simulators.husdata``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path
import signal

from . import husdata_wire as wire
from .husdata import BRIDGE_PORT, FIXTURE, HusdataSimulator


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host or "127.0.0.1", int(port)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulators.husdata",
        description=(
            "Simulated Husdata H1 interface (ASCII XR/XV/XL lines) on a raw TCP bridge"
            " and/or a pseudo-terminal at 19200 8N1. Runs until Ctrl-C."
        ),
    )
    parser.add_argument(
        "--fixture", type=Path, default=FIXTURE, help="id image JSON (default: bundled)"
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
    parser.add_argument(
        "--push-period",
        type=float,
        metavar="SECONDS",
        help="drift outdoor and EL-meter values this often and push them (default: never)",
    )
    parser.add_argument("--cr-only", action="store_true", help="end lines with CR, not CR LF")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every command")
    return parser


def _title(sim: HusdataSimulator) -> str:
    if sim.controller is None:
        return "Husdata H1 simulator, silent to XV"
    name = wire.CONTROLLERS.get(sim.controller, "unknown")
    return f"Husdata H1 simulator, controller {sim.controller} ({name}), firmware {sim.firmware}"


async def _start(sim: HusdataSimulator, args: argparse.Namespace) -> None:
    print(_title(sim), flush=True)
    if args.tcp is None and not args.pty:
        args.tcp = ("127.0.0.1", BRIDGE_PORT)
    if args.tcp is not None:
        host, port = await sim.start_tcp(*args.tcp)
        print(f"TCP bridge on {host}:{port}", flush=True)
    if args.pty:
        print(f"Serial port (19200 8N1) on {await sim.start_pty()}", flush=True)
    if args.push_period:
        sim.start_drift(args.push_period)


async def _run(args: argparse.Namespace) -> None:
    sim = HusdataSimulator(fixture=args.fixture)
    if args.cr_only:
        sim.line_end = wire.CR
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with sim:
        await _start(sim, args)
        logged = 0
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
            if args.verbose:
                for record in sim.commands[logged:]:
                    print(f"command {record.command}", flush=True)
                logged = len(sim.commands)
            elif len(sim.commands) > 1000:
                sim.clear_logs()
    print("Stopped.", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m tests.simulators.husdata``."""
    asyncio.run(_run(_parser().parse_args(argv)))
