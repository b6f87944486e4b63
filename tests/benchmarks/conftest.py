"""Benchmarks print figures: keep Home Assistant's INFO lines out of them."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def quiet_logs() -> None:
    """The test plugin logs everything at INFO to the terminal; only errors may join figures."""
    logging.getLogger().setLevel(logging.ERROR)
