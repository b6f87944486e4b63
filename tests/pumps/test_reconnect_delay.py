"""A polled family's reconnect delay never outgrows its polling interval."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.nordic_heatpump.pumps import families
from custom_components.nordic_heatpump.pumps.session import BACKOFF_MAX

CONFIGS: dict[str, dict[str, Any]] = {
    "thermia": {"model": "inverter", "transport": "tcp", "host": "192.0.2.5", "port": 502},
    "rego": {"model": "rego_6xx", "transport": "rego_bridge", "host": "192.0.2.5", "layout": "600"},
}


@pytest.mark.parametrize("key", sorted(CONFIGS))
def test_the_first_poll_after_an_outage_tries_the_link(key: str) -> None:
    family = families.get(key)
    assert family.poll_interval is not None
    client: Any = family.client({"family": key, **CONFIGS[key]})
    # A wait longer than the interval would make the first poll after the pump is back
    # fail without trying ("waiting N s before reconnecting"): recovery in two intervals.
    assert client.pacing.backoff_max <= family.poll_interval / 2 < BACKOFF_MAX


def test_every_polled_family_is_checked() -> None:
    polled = {family.key for family in families.families() if family.poll_interval is not None}
    assert polled == set(CONFIGS)
