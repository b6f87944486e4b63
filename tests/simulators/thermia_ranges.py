"""Address ranges of a Thermia Genesis controller, per model and register kind.

Written from the research notes (§9), not from the integration, so that it can
check the integration's register tables independently.
"""

from __future__ import annotations

from typing import Final, Literal

Kind = Literal["coils", "discrete_inputs", "input_registers", "holding_registers"]
Model = Literal["mega", "inverter"]

KINDS: Final[tuple[Kind, ...]] = (
    "coils",
    "discrete_inputs",
    "input_registers",
    "holding_registers",
)
MODELS: Final[tuple[Model, ...]] = ("mega", "inverter")

# Other spellings accepted by the public API (CSV "kind" column, short forms).
KIND_ALIASES: Final[dict[str, Kind]] = {
    "coil": "coils",
    "coils": "coils",
    "co": "coils",
    "discrete_input": "discrete_inputs",
    "discrete_inputs": "discrete_inputs",
    "di": "discrete_inputs",
    "input": "input_registers",
    "input_register": "input_registers",
    "input_registers": "input_registers",
    "ir": "input_registers",
    "holding": "holding_registers",
    "holding_register": "holding_registers",
    "holding_registers": "holding_registers",
    "hr": "holding_registers",
}

# Function codes the Genesis protocol lists (v10 §2): reads 1-4, writes 5, 6, 15, 16.
FUNCTION_KIND: Final[dict[int, Kind]] = {
    1: "coils",
    2: "discrete_inputs",
    3: "holding_registers",
    4: "input_registers",
    5: "coils",
    6: "holding_registers",
    15: "coils",
    16: "holding_registers",
}
WRITE_FUNCTIONS: Final[frozenset[int]] = frozenset({5, 6, 15, 16})

# Inclusive [first, last] 0-based wire addresses that a single request may span
# (notes §9, the blocks the reference library reads on real pumps).
RANGES: Final[dict[Model, dict[Kind, tuple[tuple[int, int], ...]]]] = {
    "inverter": {
        "coils": ((3, 41),),
        "discrete_inputs": ((0, 3), (9, 45), (46, 83), (199, 247)),
        "input_registers": ((0, 174),),
        "holding_registers": (
            (0, 115),
            (116, 116),
            (199, 217),
            (239, 257),
            (299, 305),
        ),
    },
    "mega": {
        "coils": ((3, 28), (28, 59)),
        "discrete_inputs": ((0, 3), (9, 83), (199, 247)),
        "input_registers": ((0, 100), (100, 174)),
        "holding_registers": (
            (0, 115),
            (116, 116),
            (199, 217),
            (239, 257),
            (299, 321),
        ),
    },
}


def normalize_kind(kind: str) -> Kind:
    """Return the canonical kind name for any accepted spelling."""
    try:
        return KIND_ALIASES[kind.lower()]
    except KeyError:
        raise ValueError(f"unknown register kind {kind!r}") from None


def span_in_ranges(model: Model, kind: Kind, address: int, count: int) -> bool:
    """Return True if [address, address + count) lies inside one documented range."""
    last = address + count - 1
    return any(first <= address and last <= end for first, end in RANGES[model][kind])


def span_allowed(
    model: Model,
    kind: Kind,
    address: int,
    count: int,
    listed: set[int] | dict[int, int],
) -> bool:
    """Apply the pump's addressing rule to one request.

    A span is answered if it lies in one range; a register outside every range
    (v12/v13 additions) answers only to a single-register request.
    """
    if count < 1:
        return False
    if span_in_ranges(model, kind, address, count):
        return True
    return count == 1 and address in listed
