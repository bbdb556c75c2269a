"""msglint's own modules and their module-level values, for tests that check every
pattern the package defines (imported by those tests; not a test module)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Iterator

import msglint


def module_values() -> Iterator[tuple[str, str, Any]]:
    """``(module name, attribute name, value)`` for every module of the package (the
    entry point and the fork server's warm-up left out: importing them runs them)."""
    for info in pkgutil.walk_packages(msglint.__path__, "msglint."):
        if info.name.endswith(("__main__", ".warmup")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            yield info.name, name, value
