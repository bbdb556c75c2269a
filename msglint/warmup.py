"""Warm a process that forks ``--jobs`` workers: the heavy imports and data every
worker needs, done once.

On Linux the workers of ``--jobs`` are forked from a fork server (the ``forkserver``
start method of :mod:`multiprocessing`), which imports this module before it forks
anything: spaCy and its blank English pipeline, textstat with NLTK, the CMU
dictionary (NLTK's reader parses it) and pyphen's English patterns. Each worker then
starts as a copy-on-write fork of a process that has done all of that, instead of a
fresh interpreter doing it again: about 2 s of CPU per worker on the project's machine,
which on 2 cores is CPU taken from linting. What depends on the run's configuration
(the selected rules, their matchers) is still built in each worker.

A fork server imports its preload modules and calls nothing, so the work is done at
import. It is an optimisation only: any failure here is swallowed, and a worker then
does the same work itself on first use.
"""

from __future__ import annotations


def warm() -> None:
    """Import and load what every worker needs, whatever the configuration."""
    from importlib import import_module

    from .nlp import readability
    from .nlp.pipeline import get_nlp

    for module in ("api", "rules", "engine.packs"):  # the engine, rule loader, readers, PyYAML
        import_module(f"{__package__}.{module}")
    get_nlp(None)  # spaCy, the blank English pipeline and its tokenizer exceptions
    readability.warm()


try:
    warm()
    import gc

    # what the workers are forked with lives as long as they do: out of the
    # collector's view, so no full collection in a worker walks it (or touches, and
    # so copies, its shared pages)
    gc.freeze()
except Exception:  # pragma: no cover - see the module docstring
    pass
