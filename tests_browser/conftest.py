"""Home Assistant with the simulated pumps, and a headless Chromium to drive its frontend.

The stack is scripts/lib/develop.py --bare, started in the repository's Python 3.14
environment (scripts/lib/env.sh) on free ports with a fresh configuration directory; the
browser side runs in this environment (scripts/test-browser). Both sides share the host
network, so the test reaches Home Assistant and the simulators on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass
import json
import os
from pathlib import Path
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("NORDIC_HP_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}
# Bounds on a loaded two-core machine: the first start installs nothing, but Home
# Assistant's start and the frontend's first load take a while.
START_TIMEOUT = 600.0
STOP_TIMEOUT = 240.0  # develop.py gives Home Assistant 180 s to close its database
ACTION_TIMEOUT_MS = 60_000
LOG_TAIL_LINES = 80
expect.set_options(timeout=ACTION_TIMEOUT_MS)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Where the screenshots go."""
    parser.addoption(
        "--screenshots",
        default=str(REPO / "build" / "screenshots"),
        help="directory for the screenshots (default: build/screenshots)",
    )


@dataclass
class Stack:
    """The running Home Assistant and simulators, as status.json describes them."""

    url: str
    config: Path
    status: dict[str, Any]

    @property
    def log(self) -> Path:
        """Home Assistant's log file."""
        return self.config / "home-assistant.log"

    def log_lines(self) -> list[str]:
        """Home Assistant's log so far."""
        if not self.log.exists():
            return []
        return self.log.read_text(errors="replace").splitlines()


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


READ_HOLDING_REGISTERS = 3
READ_REPLY_SIZE = 11  # MBAP header 7, function, byte count, one register


def read_holding_register(port: int, address: int) -> int:
    """Ask the Thermia simulator for one holding register, as a Modbus TCP client does."""
    # MBAP header (transaction 1, protocol 0, 6 bytes follow, unit 1), function 3.
    request = struct.pack(">HHHBBHH", 1, 0, 6, 1, READ_HOLDING_REGISTERS, address, 1)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        reply = b""
        while len(reply) < READ_REPLY_SIZE:
            chunk = sock.recv(READ_REPLY_SIZE - len(reply))
            if not chunk:
                break
            reply += chunk
    _, _, _, _, function, count, value = struct.unpack(">HHHBBBH", reply)
    if (function, count) != (READ_HOLDING_REGISTERS, 2):
        msg = f"unexpected Modbus reply {reply.hex()}"
        raise RuntimeError(msg)
    return int(value)


def _wait_for_status(process: subprocess.Popen[bytes], status_file: Path) -> dict[str, Any]:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if status_file.exists():
            return dict(json.loads(status_file.read_text()))
        if process.poll() is not None:
            msg = f"the stack exited with code {process.returncode} before it was up"
            raise RuntimeError(msg)
        time.sleep(1)
    msg = f"Home Assistant did not answer within {START_TIMEOUT:.0f} s"
    raise RuntimeError(msg)


def _stop(process: subprocess.Popen[bytes], pids: list[int]) -> None:
    """One SIGINT to the stack (it stops Home Assistant, then the simulators); then kill."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    # Home Assistant and the simulators run in process groups of their own: none may
    # outlive the test, whatever happened above.
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def screenshots(pytestconfig: pytest.Config) -> Path:
    """The screenshot directory, emptied of an earlier run's pictures."""
    directory = Path(pytestconfig.getoption("--screenshots")).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.png"):
        old.unlink()
    return directory


@pytest.fixture(scope="session")
def stack(pytestconfig: pytest.Config, screenshots: Path) -> Iterator[Stack]:
    """Home Assistant (not onboarded) and the three simulators, stopped at the end."""
    root = Path(tempfile.mkdtemp(prefix="nhp-browser-"))
    config = root / "config"
    ports = {name: free_port() for name in ("port", "thermia-port", "rego-port", "h1-port")}
    command = ["bash", "scripts/lib/env.sh", "python", "scripts/lib/develop.py", "--bare"]
    command += ["--config", str(config)]
    for name, port in ports.items():
        command += [f"--{name}", str(port)]
    # Inside the chroot route the checkout is visible, /tmp is not: bind the directory.
    binds = [b for b in (os.environ.get("NORDIC_HP_BIND"), str(root)) if b]
    output = (root / "stack.out").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own scripts
        command,
        cwd=REPO,
        env={**os.environ, "NORDIC_HP_BIND": ":".join(binds)},
        stdout=output,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    status: dict[str, Any] = {}
    try:
        status = _wait_for_status(process, config / "status.json")
        pytestconfig.stash[VERSIONS] = status
        yield Stack(url=status["url"], config=config, status=status)
    finally:
        _stop(process, status.get("pids", []))
        output.close()
        for name in ("home-assistant.log", "stack.out"):
            source = (config if name.endswith(".log") else root) / name
            if source.exists():
                shutil.copy(source, screenshots / name)
        shutil.rmtree(root, ignore_errors=True)


VERSIONS = pytest.StashKey[dict[str, Any]]()
CHROMIUM_VERSION = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def browser(pytestconfig: pytest.Config) -> Iterator[Browser]:
    """The distribution's Chromium, headless (no sandbox: the test runs as root)."""
    with sync_playwright() as playwright:
        yield from _launch(playwright, pytestconfig)


def _launch(playwright: Playwright, pytestconfig: pytest.Config) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    pytestconfig.stash[CHROMIUM_VERSION] = browser.version
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session")
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """One tab for the whole journey, as a user keeps one open."""
    context = browser.new_context(viewport=VIEWPORT, base_url=stack.url, locale="en-US")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def shot(screenshots: Path) -> Callable[[Page, str], Path]:
    """Save what the tab shows now as <name>.png."""

    def save(tab: Page, name: str) -> Path:
        path = screenshots / f"{name}.png"
        tab.screenshot(path=path)
        return path

    return save


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On a failure: a screenshot of the tab and the tail of Home Assistant's log."""
    report: pytest.TestReport = yield
    if report.failed and call.when == "call":
        funcargs = getattr(item, "funcargs", {})
        tab = funcargs.get("page")
        stack = funcargs.get("stack")
        if tab is not None:
            directory = Path(item.config.getoption("--screenshots")).resolve()
            name = re.sub(r"\W+", "-", item.name)
            with contextlib.suppress(Exception):
                tab.screenshot(path=directory / f"failure-{name}.png")
        if stack is not None:
            tail = "\n".join(stack.log_lines()[-LOG_TAIL_LINES:])
            report.sections.append(("Home Assistant log (tail)", tail))
    return report


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """The versions tested, for README."""
    status = config.stash.get(VERSIONS, None)
    if status is None:
        return
    chromium = config.stash.get(CHROMIUM_VERSION, "not started")
    terminalreporter.write_line(
        f"Tested with Home Assistant {status['homeassistant']} "
        f"(frontend {status['frontend']}, Python {status['python']}) "
        f"in Chromium {chromium}"
    )
