"""Small CTC matrices for the decoding tests, written as the few labels each time step sees."""
from __future__ import annotations

import numpy as np


def ctc_matrix(chars: list[str], steps: list[dict[str, float]]) -> np.ndarray:
    """A CTC matrix over ``chars`` (blank first): one row per step, the rest of each row's mass on blank."""
    out = np.full((len(steps), len(chars)), 1e-6)
    for t, step in enumerate(steps):
        for ch, p in step.items():
            out[t, chars.index(ch)] = p
        out[t, 0] = max(1e-6, 1.0 - sum(step.values()))
    return out
