"""Garbage collection around start-up: paused while imports and matchers are built.

Start-up (importing spaCy, thinc, numpy, textstat and msglint, then building the
matchers) makes hundreds of thousands of objects that live as long as the process.
Python's collector, counting allocations, runs over and over meanwhile and finds no
garbage: about 0.15 s of a 0.7 s pre-commit run (issue #18). ``python -m msglint``
pauses it (:func:`pause`) before its imports; the linter calls :func:`settle` once
its matchers are built (and a process that leaves the linting to workers, ``--jobs``
or an audit's cluster, calls it before starting them): what exists then is moved out of the collector's view
(``gc.freeze``, so later full collections do not walk it again) and collection
resumes for the messages, young collections less often (:data:`YOUNG_THRESHOLD`).
A library user's process is left alone: nothing pauses there, and :func:`settle` does nothing.

One structure is built later, on first use: the CMU dictionary, which NLTK parses into
about 280,000 lists when the first body is scored for readability, in the middle of the
first batch. Left in the collector's view it is walked by every full collection of the
run (six on the spam development mbox, 0.67 s); :func:`adopt` freezes it too.
"""

from __future__ import annotations

import gc
from typing import Callable

_paused = False
#: whether this process is the command's (:func:`pause` was called)
_managed = False


def pause() -> None:
    """Stop automatic collection until :func:`settle` (only ``python -m msglint``)."""
    global _paused, _managed
    if gc.isenabled():
        gc.disable()
        _paused = _managed = True


def settle() -> None:
    """Start-up is over: freeze what it made and collect again, if :func:`pause` stopped it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        young_less_often()
        gc.enable()


def young_less_often() -> None:
    """Set the young generation's threshold to :data:`YOUNG_THRESHOLD` (the command's
    process and its ``--jobs`` workers, which lint)."""
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


#: allocations between young collections once linting starts (Python's default is
#: 700): a batch makes many short-lived containers, and at 700 the young collections
#: run 925 times on the spam development mbox and promote a batch's live objects into
#: the older generations, which are then walked again. At 5,000: 0.51 s -> 0.22 s of
#: collection in that run (timed with ``gc.callbacks``), peak memory the same.
YOUNG_THRESHOLD = 5000


def adopt(build: Callable[[], object]) -> None:
    """Call ``build``, which makes objects that live as long as the process, then (in
    the command's process, once start-up has settled) freeze them as :func:`settle`
    freezes start-up's. Also freezes whatever else is alive at that moment, the
    current batch's objects among them: at most one batch's cyclic garbage is kept."""
    build()
    if _managed and not _paused:
        gc.freeze()
