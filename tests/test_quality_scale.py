"""quality_scale.yaml: every rule of Home Assistant's quality scale, each claim checked.

The coverage rules (test-coverage, config-flow-test-coverage) are held by
scripts/lib/coverage_gate.py after every full run; the others are checked here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import importlib
import json
from pathlib import Path
import re
import tomllib
from typing import Any, get_args, get_type_hints

import homeassistant
from homeassistant.const import Platform
import pytest
import yaml

from custom_components.nordic_heatpump import coordinator
from custom_components.nordic_heatpump.const import PLATFORMS
from custom_components.nordic_heatpump.pumps.model import (
    Limits,
    PumpConnectionError,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
    PumpWriteMismatchError,
)
from custom_components.nordic_heatpump.pumps.thermia import registers as thermia

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "custom_components" / "nordic_heatpump"

RULES: dict[str, tuple[str, ...]] = {
    "bronze": (
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow",
        "config-flow-test-coverage",
        "dependency-transparency",
        "docs-actions",
        "docs-conditions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "docs-triggers",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ),
    "silver": (
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ),
    "gold": (
        "devices",
        "diagnostics",
        "discovery",
        "discovery-update-info",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ),
    "platinum": ("async-dependency", "inject-websession", "strict-typing"),
}
"""The 54 rules of Home Assistant 2026.10 by tier, as ALL_RULES in core's
script/hassfest/quality_scale.py lists them (hassfest is not part of the installed
package, so the list is kept here; test_rules_match_the_installed_home_assistant
notices when an upgrade brings another rule)."""

STILL_OPEN: frozenset[str] = frozenset()
"""Rules that may still be todo."""

README_SECTION = {
    "docs-high-level-description": "Nordic Heat Pump",
    "docs-installation-instructions": "Installation",
    "docs-removal-instructions": "Removal",
    "docs-installation-parameters": "Set-up parameters",
    "docs-configuration-parameters": "Options",
    "docs-supported-devices": "Supported pumps",
    "docs-supported-functions": "Entities",
    "docs-data-update": "How data is updated",
    "docs-examples": "Examples",
    "docs-use-cases": "Use cases",
    "docs-known-limitations": "Known limitations",
    "docs-troubleshooting": "Troubleshooting",
    "docs-actions": "Actions, conditions and triggers",
    "docs-conditions": "Actions, conditions and triggers",
    "docs-triggers": "Actions, conditions and triggers",
}
"""The README heading that holds what each documentation rule asks for."""


def _scale() -> dict[str, Any]:
    rules: dict[str, Any] = yaml.safe_load((PACKAGE / "quality_scale.yaml").read_text())["rules"]
    return rules


def _status(rule: Any) -> str:
    return str(rule if isinstance(rule, str) else rule["status"])


def test_every_rule_is_listed_once() -> None:
    listed = list(_scale())
    assert sorted(listed) == sorted(name for names in RULES.values() for name in names)
    assert len(listed) == 54


def test_rules_match_the_installed_home_assistant() -> None:
    # Each core integration's quality_scale.yaml lists every rule; their union is the
    # rule set of the Home Assistant the tests run on.
    components = Path(homeassistant.__file__).parent / "components"
    named: set[str] = set()
    for path in components.glob("*/quality_scale.yaml"):
        named.update(yaml.safe_load(path.read_text())["rules"])
    assert named == {name for names in RULES.values() for name in names}


def test_statuses_are_valid_and_exemptions_say_why() -> None:
    for name, rule in _scale().items():
        assert _status(rule) in {"done", "todo", "exempt"}, name
        if _status(rule) == "exempt":
            assert isinstance(rule, dict), name
            assert len(rule.get("comment", "").split()) >= 4, name


def test_every_tier_up_to_platinum_is_done_but_the_rules_still_open() -> None:
    todo = {name for name, rule in _scale().items() if _status(rule) == "todo"}
    assert todo <= STILL_OPEN


def _headings() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    return {match.group(1).strip() for match in re.finditer(r"^#+ (.+)$", readme, re.MULTILINE)}


def test_readme_has_a_section_for_each_documentation_rule() -> None:
    docs_rules = {name for names in RULES.values() for name in names if name.startswith("docs-")}
    assert set(README_SECTION) == docs_rules
    missing = {
        rule: heading for rule, heading in README_SECTION.items() if heading not in _headings()
    }
    assert missing == {}


# -- parallel-updates, action-setup, icon-translations ---------------------------------------

WRITING_PLATFORMS = {
    Platform.CLIMATE,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SWITCH,
    Platform.WATER_HEATER,
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_platform_sets_parallel_updates(platform: Platform) -> None:
    # Reads go through the coordinator (0: no limit); writes are one at a time (1), as the
    # link serialises them anyway.
    module = importlib.import_module(f"custom_components.nordic_heatpump.{platform.value}")
    assert (1 if platform in WRITING_PLATFORMS else 0) == module.PARALLEL_UPDATES


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(), str(path))


def test_no_service_actions_and_no_hard_coded_icons() -> None:
    # action-setup and docs-actions are exempt because nothing registers an action;
    # icon-translations: icons come from icons.json, never from code.
    forbidden = {"async_register", "async_register_entity_service", "_attr_icon"}
    found = [
        f"{path.name}:{node.lineno} {node.attr}"
        for path, module in _modules()
        for node in ast.walk(module)
        if isinstance(node, ast.Attribute) and node.attr in forbidden
    ]
    assert found == []


# -- exception-translations --------------------------------------------------------------------


def _raised_translation_keys() -> set[str]:
    """Every constant translation_key given to an exception the integration raises."""
    keys: set[str] = set()
    for _, module in _modules():
        for node in ast.walk(module):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if not name.endswith(("Error", "Failed", "NotReady")):
                continue
            for keyword in node.keywords:
                if keyword.arg == "translation_key" and isinstance(keyword.value, ast.Constant):
                    keys.add(keyword.value.value)
    return keys


def test_every_raised_translation_key_has_its_text() -> None:
    strings = json.loads((PACKAGE / "strings.json").read_text())["exceptions"]
    raised = _raised_translation_keys()
    # The keys chosen at run time: a refused value, and each way a write can fail.
    refusal = get_type_hints(Limits.refusal)["return"]  # Literal[...] | None
    raised.update(key for literal in get_args(refusal) for key in get_args(literal))
    failures: tuple[PumpError, ...] = (
        PumpWriteMismatchError(thermia.ALL_CHANNELS[0], asked=1, read_back=2),
        PumpTimeoutError("x"),
        PumpRejectedError("x", code=2),
        PumpConnectionError("x"),
    )
    raised.update(coordinator._write_error(err)[0] for err in failures)
    assert raised >= {"cannot_reach", "update_failed", "auth_failed", "off_step"}
    assert sorted(raised - set(strings)) == []
    # And no text is left that nothing raises.
    assert sorted(set(strings) - raised) == []


# -- strict-typing -----------------------------------------------------------------------------


def test_mypy_is_strict_over_the_whole_integration() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    strict = [
        override["module"] for override in config["overrides"] if override.get("strict") is True
    ]
    assert [
        "custom_components.nordic_heatpump",
        "custom_components.nordic_heatpump.*",
    ] in strict
    assert (ROOT / "scripts" / "lint").read_text().count('run_py314 mypy "$integration"') == 1
