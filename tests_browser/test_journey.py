"""A new owner's first hour, in the real frontend: onboarding, adding pumps, using them.

The tests run in file order and share one tab (a journey, not independent cases): each
starts where the one before left Home Assistant.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import re

from conftest import Stack, free_port
from playwright.sync_api import Locator, Page, expect

OWNER = {"name": "Test Owner", "username": "owner", "password": "heat-pump-2026"}
INTEGRATION = "Nordic Heat Pump"
STRINGS = Path(__file__).resolve().parents[1] / "custom_components/nordic_heatpump/strings.json"

Shot = Callable[[Page, str], Path]


def config_text(*keys: str) -> str:
    """The English text of config.<keys...> in strings.json."""
    node: object = json.loads(STRINGS.read_text())["config"]
    for key in keys:
        assert isinstance(node, dict), keys
        node = node[key]
    assert isinstance(node, str), keys
    return node


def open_add_integration(page: Page) -> None:
    """Settings → Devices & services → Add integration → Nordic Heat Pump."""
    page.goto("/config")
    page.get_by_role("link", name="Devices & services").click()
    page.get_by_role("button", name="Add integration").click()
    page.get_by_placeholder("Search for a brand name").fill("Nordic")
    page.get_by_role("button", name=INTEGRATION).click()
    expect(page.get_by_text(config_text("step", "user", "title"))).to_be_visible()


def choose(page: Page, menu_text: str) -> None:
    """Pick a menu option of the flow by its translated text."""
    page.get_by_text(menu_text, exact=True).click()


def finish_flow(page: Page) -> None:
    """The created pump's last step: keep the suggested name, no area."""
    page.get_by_role("button", name="Skip and finish").click()
    expect(page.get_by_role("button", name="Skip and finish")).to_have_count(0)


def test_onboarding(page: Page, stack: Stack, shot: Shot) -> None:
    """A fresh Home Assistant: create the owner, the home's country, no analytics."""
    page.goto("/")
    page.get_by_role("button", name="Create my smart home").click()
    page.get_by_role("textbox", name="Name*", exact=True).fill(OWNER["name"])
    page.get_by_role("textbox", name="Username*", exact=True).fill(OWNER["username"])
    page.get_by_role("textbox", name="Password*", exact=True).fill(OWNER["password"])
    page.get_by_role("textbox", name="Confirm password*", exact=True).fill(OWNER["password"])
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Home location")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Country *").click()
    page.get_by_role("dialog", name="Country").get_by_placeholder("Search").fill("Sweden")
    page.get_by_role("dialog", name="Country").get_by_text("Sweden").click()
    expect(page.get_by_text("Sweden", exact=True)).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Help us help you")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="All set!")).to_be_visible()
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("heading", name=f"Welcome {OWNER['name']}")).to_be_visible()


def test_family_menu(page: Page, shot: Shot) -> None:
    """Add integration offers the three families, in words from strings.json."""
    open_add_integration(page)
    for family in ("thermia", "rego", "husdata"):
        option = config_text("step", "user", "menu_options", family)
        expect(page.get_by_text(option, exact=True)).to_be_visible()
    shot(page, "add-integration-family")
    page.get_by_role("button", name="Close").click()


def test_thermia_wrong_port_then_created(page: Page, stack: Stack, shot: Shot) -> None:
    """A closed port shows the translated error in the dialog; the right one adds the pump."""
    open_add_integration(page)
    choose(page, config_text("step", "user", "menu_options", "thermia"))
    page.get_by_text("Model family *").click()
    page.get_by_role("menuitem", name="Atlas, Calibra, Diplomat Inverter").click()
    page.get_by_role("button", name="Submit").click()
    choose(page, config_text("step", "transport", "menu_options", "tcp"))
    expect(page.get_by_text(config_text("step", "tcp", "title"), exact=True)).to_be_visible()
    page.get_by_role("textbox", name="Host*").fill("127.0.0.1")
    page.get_by_role("spinbutton", name="Port*").fill(str(free_port()))
    page.get_by_role("button", name="Submit").click()
    # The flow form's error banner (its text is slotted into the alert's shadow root).
    error = page.locator("ha-alert").filter(visible=True)
    expect(error).to_have_text(config_text("error", "cannot_connect"))
    shot(page, "form-error")
    page.get_by_role("spinbutton", name="Port*").fill(str(stack.status["thermia_port"]))
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("textbox", name="Device name")).to_have_value(
        "Thermia Genesis Inverter"
    )
    finish_flow(page)


def open_device(page: Page, name: str) -> None:
    """The integration's page → the device's page."""
    page.goto("/config/integrations/integration/nordic_heatpump")
    page.get_by_role("button", name=re.compile(f"^{re.escape(name)} ")).first.click()
    expect(page.get_by_role("heading", name="Device info")).to_be_visible()


def entity_row(page: Page, name: str) -> Locator:
    """The row of the entity called name on a device page (or a more-info list)."""
    return page.locator("hui-generic-entity-row").filter(has=page.get_by_text(name, exact=True))


def expect_row(page: Page, name: str, shown: str) -> None:
    """The entity row reads exactly "name shown" (its text lives in shadow roots)."""
    exact = re.sub(r"([.^$*+?()\[\]{}|\\/])", r"\\\1", f"{name} {shown}")
    expect(entity_row(page, name)).to_match_aria_snapshot(f"- text: /^{exact}$/")


def test_thermia_device_page(page: Page, shot: Shot) -> None:
    """The device page shows the simulator's values (fixture: outdoor -5.50 °C)."""
    open_device(page, "Thermia Genesis Inverter")
    expect_row(page, "Outdoor temperature", "-5.5 °C")
    shot(page, "device-thermia")


def test_no_errors_logged_by_the_integration(stack: Stack) -> None:
    """Nothing the integration (or the Modbus library it drives) did was an ERROR."""
    errors = [
        line
        for line in stack.log_lines()
        if " ERROR " in line and ("nordic_heatpump" in line or "pymodbus" in line)
    ]
    assert errors == []
