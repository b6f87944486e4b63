"""A new owner's first hour, in the real frontend: onboarding, adding pumps, using them.

The tests run in file order and share one tab (a journey, not independent cases): each
starts where the one before left Home Assistant.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import re
import time

from conftest import Stack, free_port, read_holding_register
from playwright.sync_api import Locator, Page, expect

OWNER = {"name": "Test Owner", "username": "owner", "password": "heat-pump-2026"}
INTEGRATION = "Nordic Heat Pump"
TAP_WATER_START = 22  # Thermia holding register: start temperature tap water, x100 °C
TAP_WATER_START_NAME = "Start temperature tap water"
NEW_START = 47_00  # the register's value once the owner has set 47 °C
STRINGS = Path(__file__).resolve().parents[1] / "custom_components/nordic_heatpump/strings.json"

Shot = Callable[[Page, str], Path]
# The device names the flow suggested (the journey's later steps open their pages).
REGO: list[str] = []
H1: list[str] = []


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


NOT_CUT = """e => {
    // Up through slots and shadow roots: whichever box clips the text with an ellipsis.
    for (let n = e, i = 0; n && i < 8; i++) {
        if (n.nodeType === 1 && n.scrollWidth > n.clientWidth + 1) return false;
        n = n.assignedSlot || n.parentElement || n.getRootNode().host;
    }
    return true;
}"""
"""A script for an element: true when no box around it cuts its text."""


def choose(page: Page, menu_text: str) -> None:
    """Pick a menu option of the flow by its translated text, shown whole."""
    option = page.get_by_text(menu_text, exact=True)
    expect(option).to_be_visible()
    assert option.evaluate(NOT_CUT), menu_text
    option.click()


def finish_flow(page: Page) -> str:
    """The created pump's last step: keep the suggested name, no area; the name."""
    name = page.get_by_role("textbox", name="Device name").input_value()
    page.get_by_role("button", name="Skip and finish").click()
    expect(page.get_by_role("button", name="Skip and finish")).to_have_count(0)
    return name


def open_form(page: Page, family: str, transport: str) -> None:
    """Add integration → the family (Thermia: the inverter model) → the transport's form."""
    open_add_integration(page)
    choose(page, config_text("step", "user", "menu_options", family))
    if family == "thermia":
        page.get_by_text("Model family *").click()
        page.get_by_role("menuitem", name="Atlas, Calibra, Diplomat Inverter").click()
        page.get_by_role("button", name="Submit").click()
    choose(page, config_text("step", "transport", "menu_options", transport))
    expect(page.get_by_text(config_text("step", transport, "title"), exact=True)).to_be_visible()


def expect_labelled(page: Page, step: str) -> None:
    """Every field of the form shows its label and description from strings.json."""
    texts = json.loads(STRINGS.read_text())["config"]["step"][step]
    for key, description in texts["data_description"].items():
        expect(page.get_by_text(description, exact=True), f"{step}.{key}").to_be_visible()
    # Labels sit in the fields' shadow roots: read them from the accessibility tree, where
    # a text field reads 'textbox "Host*"', a number 'spinbutton "Port*"' and a select
    # 'listitem: Serial port *'.
    tree = page.locator("body").aria_snapshot()
    for key, label in texts["data"].items():
        assert re.search(rf"((textbox|spinbutton) \"|listitem: ){re.escape(label)} ?\*", tree), (
            f"{step}.{key}: no field labelled {label!r}"
        )


def close_flow(page: Page) -> None:
    """Leave the form without adding anything."""
    page.get_by_role("button", name="Close").click()
    expect(page.get_by_role("button", name="Submit")).to_have_count(0)


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
        option = page.get_by_text(config_text("step", "user", "menu_options", family), exact=True)
        expect(option).to_be_visible()
        # Shown whole: the dialog cuts a text wider than itself with an ellipsis.
        assert option.evaluate(NOT_CUT), family
        about = config_text("step", "user", "menu_option_descriptions", family)
        expect(page.get_by_text(about, exact=True)).to_be_visible()
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


def test_forms_of_transports_not_used_are_labelled(page: Page) -> None:
    """The forms of the transports this journey does not use, opened and left."""
    for family, transport in (
        ("thermia", "rtu"),
        ("thermia", "rtu_over_tcp"),
        ("rego", "rego_serial"),
        ("rego", "rego_esphome"),
        ("husdata", "husdata_serial"),
    ):
        open_form(page, family, transport)
        expect_labelled(page, transport)
        close_flow(page)


def add_through_bridge(page: Page, family: str, transport: str, port: int) -> str:
    """A family's TCP serial bridge form, filled with a simulator's port; the pump's name."""
    open_form(page, family, transport)
    expect_labelled(page, transport)
    page.get_by_role("textbox", name="Host*").fill("127.0.0.1")
    page.get_by_role("spinbutton", name="Port*").fill(str(port))
    page.get_by_role("button", name="Submit").click()
    return finish_flow(page)


def test_rego_created_through_its_bridge(page: Page, stack: Stack) -> None:
    """The Rego 6xx form of the TCP serial bridge adds the simulated controller."""
    REGO.append(add_through_bridge(page, "rego", "rego_bridge", stack.status["rego_port"]))


def test_husdata_created_through_its_bridge(page: Page, stack: Stack) -> None:
    """The H1 form of the TCP serial bridge adds the simulated interface."""
    H1.append(add_through_bridge(page, "husdata", "husdata_bridge", stack.status["h1_port"]))


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
    row = entity_row(page, name)
    expect(row).to_match_aria_snapshot(f"- text: /^{exact}$/")
    row.scroll_into_view_if_needed()  # for the screenshot that follows


def test_thermia_device_page(page: Page, shot: Shot) -> None:
    """The device page shows the simulator's values (fixture: outdoor -5.50 °C)."""
    open_device(page, "Thermia Genesis Inverter")
    expect_row(page, "Outdoor temperature", "-5.5 °C")
    shot(page, "device-thermia")


def test_rego_device_page(page: Page, shot: Shot) -> None:
    """The Rego's page shows the simulated controller's outdoor sensor (fixture: -5.0 °C)."""
    open_device(page, REGO[0])
    expect_row(page, "Outdoor temperature (GT2)", "-5.0 °C")
    shot(page, "device-rego")


def test_husdata_device_page(page: Page, shot: Shot) -> None:
    """The H1's page shows the value the interface sent (fixture: id 0007 = -5.2 °C)."""
    open_device(page, H1[0])
    expect_row(page, "Outdoor temperature (GT2)", "-5.2 °C")
    shot(page, "device-husdata")


def test_thermia_setpoint_changed_from_the_device_page(
    page: Page, stack: Stack, shot: Shot
) -> None:
    """Tap water start temperature 45 → 47 °C in its dialog; the pump's register follows."""
    port = stack.status["thermia_port"]
    assert read_holding_register(port, TAP_WATER_START) == 45_00  # noqa: PLR2004 - 45 °C
    open_device(page, "Thermia Genesis Inverter")
    page.get_by_text(TAP_WATER_START_NAME, exact=True).click()
    more_info = page.locator("ha-more-info-dialog")
    expect(more_info.get_by_text(TAP_WATER_START_NAME).first).to_be_visible()
    box = more_info.get_by_role("spinbutton")
    expect(box).to_have_value("45")
    box.fill("47")
    box.press("Enter")
    shot(page, "setpoint-dialog")
    deadline = time.monotonic() + 30
    while read_holding_register(port, TAP_WATER_START) != NEW_START and time.monotonic() < deadline:
        time.sleep(0.5)
    assert read_holding_register(port, TAP_WATER_START) == NEW_START
    more_info.get_by_role("button", name="Close").click()
    # The device page's own row shows the entity's state, now the pump's new value.
    row = page.locator("hui-number-entity-row").filter(
        has=page.get_by_text(TAP_WATER_START_NAME, exact=True)
    )
    expect(row.get_by_role("spinbutton")).to_have_value("47")


def test_dashboard(page: Page, shot: Shot) -> None:
    """The repository's dashboard, registered as scripts/develop registers it."""
    page.goto("/heat-pumps/thermia-genesis")
    expect(page.get_by_role("tab", name="Thermia Genesis")).to_be_visible()
    expect(page.get_by_role("heading", name="Tap water")).to_be_visible()
    # The setpoint changed above, as the dashboard shows it.
    expect(page.get_by_role("button", name="Start heating at 47.0 °C")).to_be_visible()
    shot(page, "dashboard-heat-pumps")


def test_no_errors_logged_by_the_integration(stack: Stack) -> None:
    """Nothing the integration (or the Modbus library it drives) did was an ERROR."""
    errors = [
        line
        for line in stack.log_lines()
        if " ERROR " in line and ("nordic_heatpump" in line or "pymodbus" in line)
    ]
    assert errors == []
