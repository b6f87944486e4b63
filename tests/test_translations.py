"""strings.json, translations/en.json and icons.json: complete, and valid for hassfest."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
import re
from typing import Any

import pytest

from custom_components.nordic_heatpump.binary_sensor import BINARY_SENSOR_KINDS
from custom_components.nordic_heatpump.number import NUMBER_KINDS
from custom_components.nordic_heatpump.pumps import families
from custom_components.nordic_heatpump.pumps.husdata import ids as husdata
from custom_components.nordic_heatpump.pumps.model import Channel, Kind
from custom_components.nordic_heatpump.pumps.rego import registers as rego
from custom_components.nordic_heatpump.pumps.thermia import registers as thermia
from custom_components.nordic_heatpump.select import SELECT_KINDS
from custom_components.nordic_heatpump.sensor import SENSOR_KINDS
from custom_components.nordic_heatpump.switch import SWITCH_KINDS

PACKAGE = Path(__file__).parents[1] / "custom_components" / "nordic_heatpump"
# hassfest's rules: keys in [a-z0-9-_], no leading, trailing or doubled separators;
# values without URLs, HTML or surrounding spaces.
TRANSLATION_KEY = re.compile(r"^(?!.+[_-]{2})(?![_-])[a-z0-9-_]+(?<![_-])$")
URL = re.compile(r"((https?|socket)://|www\.)", re.IGNORECASE)
CHANNELS_OF_FAMILY: dict[str, tuple[Channel, ...]] = {
    "thermia": thermia.ALL_CHANNELS,
    # One row per channel; the layouts differ only in where a channel lives.
    "rego": tuple(row.channel for row in rego.ROWS),
    "husdata": tuple(row.channel for row in husdata.ROWS),
}
"""Every channel each family may show, whatever the model, layout or options."""
SHARED_WITH_REGO = {row.channel.key: row.openhab for row in rego.ROWS}
"""Husdata names a value openHAB maps for both families as Rego does: they share the key."""
LANGUAGES = sorted(path.stem for path in (PACKAGE / "translations").glob("*.json"))
"""English (translations/en.json, equal to strings.json) and the languages translated from it."""
ALL_CHANNELS = tuple(channel for channels in CHANNELS_OF_FAMILY.values() for channel in channels)
COMPOSITES = (("climate", "heating"), ("water_heater", "tap_water"), ("event", "error_logged"))
"""Entities built from several channels; each family may show them next to its channels."""
PLATFORMS = {
    "sensor": SENSOR_KINDS,
    "binary_sensor": BINARY_SENSOR_KINDS,
    "number": NUMBER_KINDS,
    "select": SELECT_KINDS,
    "switch": SWITCH_KINDS,
}


def _load(name: str) -> dict[str, Any]:
    return json.loads((PACKAGE / name).read_text())


def _values(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [value for child in node.values() for value in _values(child)]
    return [node]


def test_english_translation_is_strings_json() -> None:
    assert _load("translations/en.json") == _load("strings.json")


def test_values_follow_hassfest_rules() -> None:
    for value in _values(_load("strings.json")):
        assert value == value.strip(), value
        assert not URL.search(value), value
        assert "<" not in value, value


def test_keys_follow_hassfest_rules() -> None:
    strings = _load("strings.json")
    for platform in strings["entity"].values():
        for key, entry in platform.items():
            assert TRANSLATION_KEY.match(key), key
            for state in entry.get("state", {}):
                assert TRANSLATION_KEY.match(state), (key, state)
    for selector in strings["selector"].values():
        for option in selector["options"]:
            assert TRANSLATION_KEY.match(option), option
    for step in strings["config"]["step"].values():
        assert set(step.get("data_description", {})) <= set(step.get("data", {}))


def test_every_kind_has_exactly_one_platform() -> None:
    shown = [kind for kinds in PLATFORMS.values() for kind in kinds]
    assert sorted(shown) == sorted(Kind)


def test_every_registered_family_has_its_channels_here() -> None:
    assert {family.key for family in families.families()} == set(CHANNELS_OF_FAMILY)


def test_families_share_a_key_only_for_one_openhab_channel() -> None:
    # An entity's name is found by its key: two families name one key only when it is
    # the same openHAB channel (Rego and Husdata); Thermia shares none.
    thermia_keys = {channel.key for channel in CHANNELS_OF_FAMILY["thermia"]}
    assert thermia_keys.isdisjoint(SHARED_WITH_REGO)
    assert thermia_keys.isdisjoint(row.channel.key for row in husdata.ROWS)
    shared = {
        row.channel.key: (row.openhab, SHARED_WITH_REGO[row.channel.key])
        for row in husdata.ROWS
        if row.channel.key in SHARED_WITH_REGO
    }
    assert len(shared) == 24
    assert {key: pair for key, pair in shared.items() if pair[0] != pair[1]} == {}


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_channel_has_a_name_and_its_states(platform: str) -> None:
    names = _load("strings.json")["entity"][platform]
    channels = [c for c in ALL_CHANNELS if c.kind in PLATFORMS[platform]]
    assert {c.key for c in channels} == set(names)
    for channel in channels:
        if channel.options is not None:
            assert set(names[channel.key]["state"]) == set(channel.options), channel.key


def test_an_error_event_has_a_name_for_every_error() -> None:
    states = _load("strings.json")["entity"]["event"]["error_logged"]["state_attributes"]
    errors = rego.channels_for(rego.LAYOUT_600)[rego.ERROR_LOG.code].options
    assert errors is not None
    assert set(states["event_type"]["state"]) == {*errors, "other"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_fit_a_device_page(language: str) -> None:
    # Rego's and Husdata's names lead with what tells them apart and stay short.
    names = _load(f"translations/{language}.json")["entity"]
    rego_keys = {row.channel.key for row in (*rego.ROWS, *husdata.ROWS)}
    long_names = {
        key: entry["name"]
        for platform in PLATFORMS
        for key, entry in names[platform].items()
        if key in rego_keys and len(entry["name"]) > 30
    }
    assert long_names == {}


VISIBLE_CHARACTERS = 24
"""How much of an entity's name a device page shows before it cuts the name off."""


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("family", sorted(CHANNELS_OF_FAMILY))
def test_cut_names_still_tell_entities_apart(family: str, language: str) -> None:
    # Enabled or not, every entity of a family is listed on its device page, with the name
    # Home Assistant takes from the user's language (the device's name is not part of it).
    strings = _load(f"translations/{language}.json")["entity"]
    names = {key: entry["name"] for entries in strings.values() for key, entry in entries.items()}
    # A channel a family lists once per model it fits is still one entity.
    shown = [names[key] for key in {channel.key for channel in CHANNELS_OF_FAMILY[family]}]
    shown += [strings[platform][key]["name"] for platform, key in COMPOSITES]
    by_visible_part: dict[str, list[str]] = {}
    for name in shown:
        by_visible_part.setdefault(name[:VISIBLE_CHARACTERS].casefold(), []).append(name)
    assert {cut: full for cut, full in by_visible_part.items() if len(full) > 1} == {}


def test_icons_point_at_existing_entities() -> None:
    strings = _load("strings.json")["entity"]
    for platform, entries in _load("icons.json")["entity"].items():
        for key, icons in entries.items():
            assert key in strings[platform], key
            assert icons["default"].startswith("mdi:")


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _leaves(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    if isinstance(node, dict):
        return {
            leaf: text
            for key, child in node.items()
            for leaf, text in _leaves(child, (*path, key)).items()
        }
    return {path: node}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_exactly_the_keys_of_strings_json(language: str) -> None:
    source = _leaves(_load("strings.json"))
    translated = _leaves(_load(f"translations/{language}.json"))
    assert sorted(set(source) - set(translated)) == [], "missing"
    assert sorted(set(translated) - set(source)) == [], "not in strings.json"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders(language: str) -> None:
    # A placeholder the frontend cannot fill shows as raw braces; one left out hides a value.
    source = _leaves(_load("strings.json"))
    translated = _leaves(_load(f"translations/{language}.json"))
    differing = {
        ".".join(key): text
        for key, text in translated.items()
        if key in source
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source[key]))
    }
    assert differing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_follow_hassfest_rules(language: str) -> None:
    for value in _values(_load(f"translations/{language}.json")):
        assert isinstance(value, str), value
        assert value, "empty text"
        assert value == value.strip(), value
        assert not URL.search(value), value
        assert "<" not in value, value


def test_the_four_languages_are_there() -> None:
    assert LANGUAGES == ["de", "en", "nl", "sv"]


def _icon_names(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [name for child in node.values() for name in _icon_names(child)]
    return [node]


@pytest.mark.parametrize("platform", ["sensor", "select"])
def test_every_state_of_a_select_or_enum_sensor_has_an_icon(platform: str) -> None:
    icons = _load("icons.json")["entity"][platform]
    missing = {
        key: sorted(set(entry["state"]) - set(icons.get(key, {}).get("state", {})))
        for key, entry in _load("strings.json")["entity"][platform].items()
        if "state" in entry
    }
    assert {key: states for key, states in missing.items() if states} == {}


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_an_entity_without_a_device_class_icon_has_its_own(platform: str) -> None:
    # A device class brings its icon (a thermometer, a plug, a problem sign); without one
    # Home Assistant shows a generic icon, which tells nothing on a page of 200 entities.
    icons = _load("icons.json")["entity"].get(platform, {})
    plain = {
        c.key for c in ALL_CHANNELS if c.kind in PLATFORMS[platform] and c.device_class is None
    }
    assert sorted(plain - set(icons)) == []
    if platform == "binary_sensor":
        # Without a device class, on and off look the same unless the icon changes.
        assert sorted(key for key in plain if "on" not in icons[key].get("state", {})) == []


def test_every_icon_exists_in_the_frontend() -> None:
    # A misspelled icon name shows an empty square; the frontend ships the names it knows.
    frontend = Path(importlib.import_module("hass_frontend").__file__ or "").parent
    known = {
        icon["name"] for icon in json.loads((frontend / "static/mdi/iconList.json").read_text())
    }
    used = {name.removeprefix("mdi:") for name in _icon_names(_load("icons.json"))}
    assert sorted(used - known) == []
