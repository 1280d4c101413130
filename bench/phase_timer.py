"""CPU time by phase, from functions patched for the measurement and put back afterwards.

Used by the phase benchmarks (``bench.ocr_phases``, ``bench.font_phases``): each patched function
counts its own CPU time to its phase; a phase inside another takes its time out of the outer one,
so the phases share out the time measured around them.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path


class PhaseTimer:
    """Patches functions to count CPU time per phase (``cpu``), the innermost phase taking it.

    ``rest`` names the phase of time spent outside every patched function; :meth:`restore`
    puts every patched function back (call it in a ``finally``: a function renamed since the
    benchmark was written fails :meth:`time` with the earlier patches already in place).
    """

    def __init__(self, rest: str = "rest", clock=time.process_time) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.stack = [rest]
        self._clock = clock
        self._patched: list[tuple[object, str, object]] = []

    @property
    def current(self) -> str:
        return self.stack[-1]

    def keep(self, owner, name: str, original) -> None:
        """Remember ``owner.name`` to put back, for a patch made by the caller."""
        self._patched.append((owner, name, original))

    def time(self, owner, name: str, phase: str) -> None:
        """Count the CPU time of ``owner.name`` (a module's function or a class's method) to ``phase``."""
        original = getattr(owner, name)
        self.keep(owner, name, original)
        stack, cpu, clock = self.stack, self.cpu, self._clock

        def wrapper(*args, **kwargs):
            c0 = clock()
            stack.append(phase)
            try:
                return original(*args, **kwargs)
            finally:
                stack.pop()
                spent = clock() - c0
                cpu[phase] += spent
                cpu[stack[-1]] -= spent  # each phase counts its own time only

        setattr(owner, name, wrapper)

    def restore(self) -> None:
        for owner, name, original in reversed(self._patched):
            setattr(owner, name, original)
        self._patched.clear()


def phase_arguments(parser: argparse.ArgumentParser) -> None:
    """``--json`` for the report, and the hidden ``--child`` a fresh process is measured through."""
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)


def answered_as_child(args: argparse.Namespace, measure: Callable[[list[str]], dict]) -> bool:
    """In a ``--child`` process: print ``measure`` of its files as JSON and say so."""
    if args.child is None:
        return False
    print(json.dumps(measure(args.child)))
    return True


def measured_in_fresh_process(module: str, files: list[str], cwd: Path) -> dict:
    """``module``'s measurement of ``files`` in a fresh interpreter, so its imports and loads count as
    a first document's would."""
    out = subprocess.run([sys.executable, "-m", module, "--child", *files],
                         check=True, capture_output=True, text=True, cwd=cwd)
    return json.loads(out.stdout.strip().splitlines()[-1])
