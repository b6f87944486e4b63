"""The Rego 6xx register table, loaded once from registers.csv and options.csv.

Source: the register map of openHAB's regoheatpump binding (RegoRegisterMapper.REGO600),
which is the "Rego 600-635" column of the rago600 tables; crnjan's regoheatpump-ha calls
the same layout "Rego 637". On Rego 636 and later the sensor and device registers sit
two higher (BlueAndi, dala318 and crnjan agree); settings, operating times, the front
panel and the error log do not move.

The control data on Rego 636 are disputed: BlueAndi's and dala318's tables keep them
where they are on 600-635, crnjan's rego636.py reads them one register higher and
leaves the additional-heat percentage out as unconfirmed. The table follows the
unshifted reading by default: it is what the rago600 tables document and two
implementations built on them give, against one implementation that calls part of its
own reading unconfirmed; a user whose 636 shows the control data one register off picks
the other reading in the options. Both are read-only, so either
reading can show a wrong value but never writes one.

The files are read at import: Home Assistant imports an integration's modules in an
executor, so this never blocks the event loop. table.py describes the columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from ..model import ClimateRoles, ErrorLogRoles
from ..tables import read_option_sets
from .register import RegoChannel
from .table import read_table

LAYOUT: Final = "layout"
"""The entry key of the controller layout."""
LAYOUT_600: Final = "600"
"""Rego 600-635 and 637: the addresses openHAB uses."""
LAYOUT_636: Final = "636"
"""Rego 636 and later: sensors and devices two registers higher."""
LAYOUTS: Final = (LAYOUT_600, LAYOUT_636)

CONTROL_DATA_636: Final = "control_data_636"
"""The option that picks a reading of the disputed control-data addresses on Rego 636."""
UNSHIFTED: Final = "unshifted"
"""Control data where Rego 600-635 has them (BlueAndi, dala318): the default."""
SHIFTED: Final = "shifted"
"""Control data one register higher (crnjan's rego636.py)."""
CONTROL_DATA_READINGS: Final = (UNSHIFTED, SHIFTED)

_HERE = Path(__file__).parent
OPTION_SETS: Final = read_option_sets((_HERE / "options.csv").read_text(encoding="utf-8"))
"""Named option sets (raw value -> option name) the table's rows refer to."""
ROWS: Final = read_table((_HERE / "registers.csv").read_text(encoding="utf-8"), OPTION_SETS)
"""Every row of the table, in file order."""


def channels_for(layout: str, options: Mapping[str, Any] | None = None) -> dict[str, RegoChannel]:
    """Every channel, by key, where it lives on the given controller layout.

    `options` are an entry's options: on Rego 636 they may pick the shifted reading of
    the disputed control data.
    """
    if layout == LAYOUT_600:
        return {row.channel.key: row.channel for row in ROWS}
    if layout != LAYOUT_636:
        msg = f"unknown Rego layout {layout!r}; expected one of {LAYOUTS}"
        raise ValueError(msg)
    shifted = (options or {}).get(CONTROL_DATA_636) == SHIFTED
    return {row.channel.key: row.on_636(alternative=shifted) for row in ROWS}


CLIMATE: Final = ClimateRoles(
    target="indoor_temp_setting", current="indoor", running="compressor_state"
)
"""The heating circuit: always heating (the controller has no off mode to write), the
room setpoint as target, the room sensor as current, heating while the compressor runs."""

ERROR_LOG: Final = ErrorLogRoles(code="last_error_type", time="last_error_timestamp")
"""The newest entry of the controller's error log: both channels come from one request."""
