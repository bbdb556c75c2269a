"""msglint: a marketing-message authenticity linter.

The package is laid out as the data flows: ``sources`` (readers) -> ``model``
(messages) -> ``nlp`` -> ``engine`` (the framework) and ``rules`` (the built-in rule
content, top-level ``rules/``) -> ``model.Finding`` -> ``report`` (reporters).
``api`` wires them together; ``cli`` is a thin shell over it.
Importing the package is cheap: spaCy loads only when copy is first linted.
"""

from __future__ import annotations

from .version import __version__

__all__ = ["lint", "lint_paths", "__version__"]


def __getattr__(name: str):
    if name in ("lint", "lint_paths"):
        from . import api

        return getattr(api, name)
    if name in ("Message", "Finding", "Result", "Context", "SourceError"):
        from . import model

        return getattr(model, name)
    raise AttributeError(name)
