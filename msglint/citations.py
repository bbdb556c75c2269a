"""The published work msglint's rules rest on, cited in full wherever a rule's "why"
names its author: ``msglint explain``, ``docs/rules.md`` and the HTML report. A
short "(Haskell 2019)" in a sentence is readable; the full reference beside it is what
lets a reader look it up. ``docs/concepts.md`` lists the same sources.
"""

from __future__ import annotations

import re

#: (the name a "why" text uses, the full reference)
SOURCES: tuple[tuple[str, str], ...] = (
    ("Avery", 'Jill Avery, Susan Fournier and John Wittenbraker, "Unlock the Mysteries of Your '
              'Customer Relationships", Harvard Business Review, July-August 2014'),
    ("Haskell", 'Todd Haskell, "If you\'re becoming more customer-centric in order to improve your '
                'bottom line, you\'re not", Craggy Peak Research, 3 July 2019'),
    ("Peppers", "Don Peppers and Martha Rogers, Managing Customer Experience and Relationships: "
                "A Strategic Framework, 3rd edition, Wiley, 2017"),
    ("Michelli", 'Joseph A. Michelli, "Don\'t Just Solve Problems! How to Actually Reconcile '
                 'Relationships With Compassion", The Michelli Experience (undated article)'),
)
_NAME_RES = tuple((re.compile(rf"\b{name}\b"), ref) for name, ref in SOURCES)


def cited(text: str) -> list[str]:
    """The full references of the sources ``text`` names, in a fixed order."""
    return [ref for pattern, ref in _NAME_RES if pattern.search(text or "")]
