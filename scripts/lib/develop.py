"""Run Home Assistant with the integration and simulated pumps, ready to use.

Started by scripts/develop inside the Python 3.14 environment. It:
1. writes config/ (configuration.yaml with the repository's dashboard, the integration
   linked into custom_components/);
2. starts the simulators on 127.0.0.1, with slowly changing values: a Thermia Genesis
   (Modbus TCP), a Rego 6xx controller behind a TCP serial bridge and a Husdata H1
   interface behind another one (it pushes its drifting values by itself);
3. starts Home Assistant on http://localhost:8123;
4. adds each pump that is not there yet through the integration's own config flow, as a
   user would (the first time, after onboarding with a development user);
5. prints the address and the credentials, then runs until Ctrl-C, which stops Home
   Assistant with one signal (it closes its database), then the simulators.

With --bare (the browser test, scripts/test-browser) it uses the given configuration
directory and ports, runs the simulators without animation (so their values are the
fixtures'), skips steps 4 and 5 (the browser does onboarding and adds the pumps) and
writes what the test needs to know (ports, versions, child processes) to status.json in
the configuration directory once Home Assistant answers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from importlib.metadata import version
import json
import os
from pathlib import Path
import secrets
import signal
import sys
from typing import Any, NamedTuple

import aiohttp

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "config"
CREDENTIALS = CONFIG / "dev-credentials.json"
HA_URL = "http://127.0.0.1:8123"
CLIENT_ID = "http://localhost:8123/"
SIM_PORT = int(os.environ.get("NORDIC_HP_SIM_PORT", "5020"))
SIM_MODEL = os.environ.get("NORDIC_HP_SIM_MODEL", "inverter")
REGO_PORT = int(os.environ.get("NORDIC_HP_REGO_PORT", "9265"))
H1_PORT = int(os.environ.get("NORDIC_HP_H1_PORT", "9266"))
H1_PUSH_PERIOD = os.environ.get("NORDIC_HP_H1_PUSH_PERIOD", "10")

CONFIGURATION = """\
homeassistant:
  name: Nordic Heat Pump (development)
  unit_system: metric
  time_zone: Europe/Stockholm
  country: SE
  currency: SEK
  latitude: 59.33
  longitude: 18.07
  elevation: 30

frontend:
config:
history:
logbook:
energy:
usb:

logger:
  default: warning
  logs:
    custom_components.nordic_heatpump: debug
"""


class Setup(NamedTuple):
    """Where Home Assistant and the simulators run, and what is set up for the user."""

    config: Path = CONFIG
    port: int = 8123
    thermia_port: int = SIM_PORT
    rego_port: int = REGO_PORT
    h1_port: int = H1_PORT
    bare: bool = False

    @property
    def url(self) -> str:
        """Home Assistant's address."""
        return f"http://127.0.0.1:{self.port}"


DASHBOARD = REPO / "dashboards" / "heat_pumps.yaml"


def dashboard_configuration() -> str:
    """The repository's dashboard as a YAML-mode dashboard: "Heat pumps" in the sidebar.

    It points at the file in the checkout, so edits show on the next reload of the page.
    """
    return (
        "\nlovelace:\n"
        "  dashboards:\n"
        "    heat-pumps:\n"
        "      mode: yaml\n"
        "      title: Heat pumps\n"
        "      icon: mdi:heat-pump\n"
        "      show_in_sidebar: true\n"
        f"      filename: {json.dumps(str(DASHBOARD))}\n"
    )


def configuration(setup: Setup) -> str:
    """configuration.yaml for this set-up."""
    text = CONFIGURATION
    if setup.bare:
        # A new installation has no location yet: onboarding asks for it.
        location, text = text.split("\n\n", 1)
        if not location.startswith("homeassistant:"):
            msg = "CONFIGURATION must start with its homeassistant: block"
            raise ValueError(msg)
    return text


def prepare_config(setup: Setup) -> None:
    """Write the configuration once and link the integration into it."""
    (setup.config / "custom_components").mkdir(parents=True, exist_ok=True)
    config_file = setup.config / "configuration.yaml"
    if not config_file.exists():
        config_file.write_text(configuration(setup))
    if "\nlovelace:" not in config_file.read_text():  # also into a config/ made before it
        with config_file.open("a") as file:
            file.write(dashboard_configuration())
    link = setup.config / "custom_components" / "nordic_heatpump"
    if not link.is_symlink():
        link.symlink_to(REPO / "custom_components" / "nordic_heatpump")


async def wait_for_http(
    session: aiohttp.ClientSession, process: asyncio.subprocess.Process, url: str = HA_URL
) -> None:
    """Wait until Home Assistant answers HTTP (its first start installs the frontend)."""
    while process.returncode is None:
        with contextlib.suppress(aiohttp.ClientError, TimeoutError):
            async with session.get(f"{url}/api/onboarding", timeout=aiohttp.ClientTimeout(5)):
                return
        await asyncio.sleep(2)
    msg = f"Home Assistant exited with code {process.returncode}"
    raise SystemExit(msg)


async def onboard(session: aiohttp.ClientSession) -> dict[str, str]:
    """Create the development user and finish onboarding; return the credentials."""
    credentials = {"username": "dev", "password": secrets.token_urlsafe(12)}
    async with session.post(
        f"{HA_URL}/api/onboarding/users",
        json={"client_id": CLIENT_ID, "name": "Developer", "language": "en", **credentials},
    ) as response:
        response.raise_for_status()
        auth_code = (await response.json())["auth_code"]
    token, refresh_token = await _tokens(
        session, {"grant_type": "authorization_code", "code": auth_code}
    )
    headers = {"Authorization": f"Bearer {token}"}
    for step, body in (
        ("core_config", {}),
        ("analytics", {}),
        ("integration", {"client_id": CLIENT_ID, "redirect_uri": f"{CLIENT_ID}?auth_callback=1"}),
    ):
        async with session.post(
            f"{HA_URL}/api/onboarding/{step}", json=body, headers=headers
        ) as response:
            response.raise_for_status()
    credentials["token"] = token
    credentials["refresh_token"] = refresh_token
    CREDENTIALS.write_text(json.dumps(credentials))
    await _remove_online_entries(session, headers)
    return credentials


async def _remove_online_entries(session: aiohttp.ClientSession, headers: dict[str, str]) -> None:
    """Onboarding adds weather, radio and speech services; offline they only log errors.

    Onboarding creates them in the background, so wait a little for each to appear.
    """
    base = f"{HA_URL}/api/config/config_entries/entry"
    pending = {"met", "radio_browser", "google_translate"}
    for _ in range(30):
        async with session.get(base, headers=headers) as response:
            entries: list[dict[str, Any]] = await response.json()
        for entry in entries:
            if entry["domain"] in pending:
                async with session.delete(
                    f"{base}/{entry['entry_id']}", headers=headers
                ) as response:
                    response.raise_for_status()
                pending.discard(entry["domain"])
        if not pending:
            return
        await asyncio.sleep(1)


async def _tokens(session: aiohttp.ClientSession, grant: dict[str, str]) -> tuple[str, str]:
    """An access token, and the refresh token that gets new ones on later starts."""
    async with session.post(
        f"{HA_URL}/auth/token", data={**grant, "client_id": CLIENT_ID}
    ) as response:
        response.raise_for_status()
        body = await response.json()
    return str(body["access_token"]), str(body.get("refresh_token", grant.get("refresh_token")))


async def fresh_token(session: aiohttp.ClientSession, credentials: dict[str, str]) -> str | None:
    """An access token for this start (the one saved at onboarding expires in 30 minutes)."""
    refresh_token = credentials.get("refresh_token")
    if refresh_token is None:
        return None
    token, _ = await _tokens(
        session, {"grant_type": "refresh_token", "refresh_token": refresh_token}
    )
    return token


def simulated_pumps() -> dict[str, list[dict[str, Any]]]:
    """Each simulated pump's family, and the answers a user gives its config flow."""
    return {
        "thermia": [
            {"next_step_id": "thermia"},
            {"model": SIM_MODEL},
            {"next_step_id": "tcp"},
            {"host": "127.0.0.1", "port": SIM_PORT, "unit_id": 1},
        ],
        "rego": [
            {"next_step_id": "rego"},
            {"next_step_id": "rego_bridge"},
            {"host": "127.0.0.1", "port": REGO_PORT, "layout": "600"},
        ],
        "husdata": [
            {"next_step_id": "husdata"},
            {"next_step_id": "husdata_bridge"},
            {"host": "127.0.0.1", "port": H1_PORT},
        ],
    }


async def add_simulated_pumps(session: aiohttp.ClientSession, token: str) -> None:
    """Walk the integration's config flow for each pump not added yet, as a user would."""
    headers = {"Authorization": f"Bearer {token}"}
    base = f"{HA_URL}/api/config/config_entries"
    async with session.get(f"{base}/entry", headers=headers) as response:
        entries: list[dict[str, Any]] = await response.json()
    families = {
        entry["title"].split()[0].lower()
        for entry in entries
        if entry["domain"] == "nordic_heatpump"
    }
    for family, answers in simulated_pumps().items():
        if family in families:
            continue
        async with session.post(
            f"{base}/flow", json={"handler": "nordic_heatpump"}, headers=headers
        ) as response:
            response.raise_for_status()
            flow_id = (await response.json())["flow_id"]
        for answer in answers:
            async with session.post(
                f"{base}/flow/{flow_id}", json=answer, headers=headers
            ) as response:
                response.raise_for_status()
                result = await response.json()
        if result.get("type") != "create_entry":
            msg = f"adding the simulated {family} pump failed: {result}"
            raise SystemExit(msg)


# Home Assistant's own shutdown is bounded by its stage timeouts; past this it is killed.
HASS_STOP_TIMEOUT = 180
SIMULATOR_STOP_TIMEOUT = 10


async def start(*args: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    """Start a child in its own process group.

    Ctrl-C in the terminal signals the whole foreground group; children of their own only
    get the single signal this script sends, so Home Assistant's shutdown is not cut short
    by a second one.
    """
    return await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=REPO, process_group=0, env=env
    )


async def set_up_and_run(hass: asyncio.subprocess.Process) -> None:
    """Wait for Home Assistant, add the pumps the first time, print the login, then wait."""
    async with aiohttp.ClientSession() as session:
        print("Starting Home Assistant (the first start installs the frontend) ...", flush=True)
        await wait_for_http(session, hass)
        if CREDENTIALS.exists():
            credentials = json.loads(CREDENTIALS.read_text())
            token = await fresh_token(session, credentials)
        else:
            credentials = await onboard(session)
            token = credentials["token"]
        if token is None:
            print(
                "config/ predates this script's refresh token: pumps not added; "
                "delete config/ to start afresh.",
                flush=True,
            )
        else:
            await add_simulated_pumps(session, token)
    print(
        "\nHome Assistant is running at http://localhost:8123\n"
        f"  user: {credentials['username']}\n  password: {credentials['password']}\n"
        f"A simulated Thermia Genesis ({SIM_MODEL}) answers Modbus TCP on "
        f"127.0.0.1:{SIM_PORT}, a simulated Rego 6xx a TCP serial bridge on "
        f"127.0.0.1:{REGO_PORT}, a simulated Husdata H1 a TCP serial bridge on "
        f"127.0.0.1:{H1_PORT} (pushing changes every {H1_PUSH_PERIOD} s). "
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    await hass.wait()
    print(f"Home Assistant exited with code {hass.returncode}", flush=True)


async def stop_process(
    process: asyncio.subprocess.Process, signum: signal.Signals, grace: float
) -> None:
    """Send one signal, wait for the process to end, and kill it after grace seconds."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)
    try:
        await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        print(f"process {process.pid} did not stop within {grace} s: killed", flush=True)
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def simulator_commands(setup: Setup) -> list[list[str]]:
    """The three simulators' command lines (module and arguments)."""
    # Development shows changing values; the browser test checks the fixtures' own.
    animate = [] if setup.bare else ["--animate"]
    push = [] if setup.bare else ["--push-period", H1_PUSH_PERIOD]
    return [
        [
            "-m",
            "tests.simulators.thermia",
            "--model",
            SIM_MODEL,
            "--tcp",
            f"127.0.0.1:{setup.thermia_port}",
            *animate,
        ],
        [
            "-m",
            "tests.simulators.rego",
            "--tcp",
            f"127.0.0.1:{setup.rego_port}",
            "--line-speed",
            "19200",
            *animate,
        ],
        ["-m", "tests.simulators.husdata", "--tcp", f"127.0.0.1:{setup.h1_port}", *push],
    ]


async def report_when_up(
    setup: Setup,
    hass: asyncio.subprocess.Process,
    simulators: list[asyncio.subprocess.Process],
) -> None:
    """Wait for Home Assistant, write status.json for the browser test, then wait."""
    async with aiohttp.ClientSession() as session:
        await wait_for_http(session, hass, setup.url)
    status = {
        "url": setup.url,
        "thermia_port": setup.thermia_port,
        "rego_port": setup.rego_port,
        "h1_port": setup.h1_port,
        "thermia_model": SIM_MODEL,
        "homeassistant": version("homeassistant"),
        "frontend": version("home-assistant-frontend"),
        "python": sys.version.split()[0],
        "pids": [process.pid for process in (hass, *simulators)],
    }
    partial = setup.config / "status.json.partial"
    partial.write_text(json.dumps(status, indent=2))
    partial.replace(setup.config / "status.json")
    print(f"Home Assistant is up at {setup.url} (onboarding not done).", flush=True)
    await hass.wait()
    print(f"Home Assistant exited with code {hass.returncode}", flush=True)


def parse_args() -> Setup:
    """The set-up asked for on the command line (none: the development defaults)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=CONFIG, help="configuration directory")
    parser.add_argument("--port", type=int, default=8123, help="Home Assistant's HTTP port")
    parser.add_argument("--thermia-port", type=int, default=SIM_PORT)
    parser.add_argument("--rego-port", type=int, default=REGO_PORT)
    parser.add_argument("--h1-port", type=int, default=H1_PORT)
    parser.add_argument(
        "--bare",
        action="store_true",
        help="no user, no pumps, steady simulators; write status.json when up",
    )
    args = parser.parse_args()
    if not args.bare and (args.config != CONFIG or args.port != 8123):  # noqa: PLR2004
        # The development login and pumps live in config/ on Home Assistant's own port.
        parser.error("--config and --port go with --bare")
    return Setup(
        config=args.config.resolve(),
        port=args.port,
        thermia_port=args.thermia_port,
        rego_port=args.rego_port,
        h1_port=args.h1_port,
        bare=args.bare,
    )


async def main() -> None:
    """Start everything, set up the first time, and run until Ctrl-C."""
    setup = parse_args()
    prepare_config(setup)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    simulators = [await start(*command) for command in simulator_commands(setup)]
    # The port of a new installation (an http: section in YAML would be a trial that Home
    # Assistant reverts after five minutes unless confirmed in its UI).
    hass = await start(
        "-m",
        "homeassistant",
        "--config",
        str(setup.config),
        env={**os.environ, "SETUP_PORT": str(setup.port)},
    )
    if setup.bare:
        running = asyncio.create_task(report_when_up(setup, hass, simulators))
    else:
        running = asyncio.create_task(set_up_and_run(hass))
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if running.done():
            running.result()  # a failed set-up ends here, after the shutdown below
    finally:
        running.cancel()
        stopping.cancel()
        if hass.returncode is None:
            print("Stopping Home Assistant ...", flush=True)
        # One signal, as Home Assistant's own Ctrl-C: it closes its database before it exits.
        await stop_process(hass, signal.SIGINT, HASS_STOP_TIMEOUT)
        await asyncio.gather(
            *(stop_process(s, signal.SIGTERM, SIMULATOR_STOP_TIMEOUT) for s in simulators)
        )
        print("Stopped.", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
