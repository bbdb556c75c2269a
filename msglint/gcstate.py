"""Garbage collection around start-up: paused while imports and matchers are built.

Start-up (importing spaCy, thinc, numpy, textstat and msglint, then building the
matchers) makes hundreds of thousands of objects that live as long as the process.
Python's collector, counting allocations, runs over and over meanwhile and finds no
garbage: about 0.15 s of a 0.7 s pre-commit run (issue #18). ``python -m msglint``
pauses it (:func:`pause`) before its imports; the linter calls :func:`settle` once
its matchers are built (and a process that leaves the linting to workers, ``--jobs``
or an audit's cluster, calls it before starting them): what exists then is moved out of the collector's view
(``gc.freeze``, so later full collections do not walk it again) and collection
resumes, with its usual thresholds, for the messages. A library user's process is
left alone: nothing pauses there, and :func:`settle` does nothing.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collection until :func:`settle` (only ``python -m msglint``)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def settle() -> None:
    """Start-up is over: freeze what it made and collect again, if :func:`pause` stopped it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
