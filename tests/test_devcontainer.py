""".devcontainer.json: a contributor's editor gets the environment scripts/ make here."""

from __future__ import annotations

import json
import os
from pathlib import Path
import re
import shlex
from typing import Any

from scripts.lib import develop

ROOT = Path(__file__).parents[1]


def _container() -> dict[str, Any]:
    # Plain JSON (no comments), so any tool can read it, not only editors that accept JSONC.
    config: dict[str, Any] = json.loads((ROOT / ".devcontainer.json").read_text())
    return config


def test_the_image_has_python_3_14_or_newer() -> None:
    # Home Assistant 2026.10 needs Python 3.14; with it on PATH, scripts/lib/env.sh makes
    # .venv on the host route instead of building a Debian root.
    match = re.fullmatch(
        r"mcr\.microsoft\.com/devcontainers/python:(?:\d+-)?(\d+)\.(\d+)(?:-\w+)?",
        _container()["image"],
    )
    assert match is not None, _container()["image"]
    assert (int(match[1]), int(match[2])) >= (3, 14)
    assert _container()["containerEnv"]["NORDIC_HP_MODE"] == "host"


def test_post_create_runs_a_script_of_this_repository() -> None:
    command = shlex.split(_container()["postCreateCommand"])
    script = ROOT / command[0]
    assert command == ["scripts/setup"]
    assert script.is_file()
    assert os.access(script, os.X_OK)


def test_the_forwarded_port_is_the_one_scripts_develop_serves() -> None:
    port = int(develop.HA_URL.rsplit(":", 1)[1])
    assert _container()["forwardPorts"] == [port]
    assert _container()["portsAttributes"][str(port)]["label"] == "Home Assistant"


def test_the_editor_uses_the_environment_scripts_setup_makes() -> None:
    vscode = _container()["customizations"]["vscode"]
    assert {"charliermarsh.ruff", "ms-python.python", "ms-python.mypy-type-checker"} <= set(
        vscode["extensions"]
    )
    assert (
        vscode["settings"]["python.defaultInterpreterPath"] == "${workspaceFolder}/.venv/bin/python"
    )
    assert vscode["settings"]["ruff.importStrategy"] == "fromEnvironment"
    assert vscode["settings"]["mypy-type-checker.importStrategy"] == "fromEnvironment"
