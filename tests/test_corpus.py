"""Precision and recall of every rule against two hand-written corpora.

``tests/corpus/clean/*.yaml``: honest messages of every purpose and relationship type.
None may produce a finding at ``warning`` or above, whichever rule (YAML pattern or
Python check) would raise it: a linter that cries wolf is switched off.

``tests/corpus/tricky/*.yaml``: inauthentic messages in varied phrasings, each with
``expect: [categories]``. Per category (only categories named in some ``expect`` list are
measured), a message that expects C and gets a finding of C is a true positive, one that
expects C and gets none is a false negative, and a finding of C on a message whose
``expect`` lacks C is a false positive. Every measured category must keep precision
>= 0.9, and recall over all expectations must be >= 0.8.

Compliance cases need ``kind: full-email`` and may carry ``list_unsubscribe`` (both read
by the mapping reader) and ``links``: a list of ``[text, href]`` pairs (or bare hrefs), the
shape the .eml and HTML readers put in ``Message.meta["links"]``.

The table prints with ``pytest -s``, in the terminal summary, and in any failure message.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from msglint.model import SEVERITIES
from msglint.vocabulary import CATEGORIES
from tests.conftest import lint_mapping

CORPUS = Path(__file__).parent / "corpus"
MIN_PRECISION = 0.9
MIN_RECALL = 0.8


def _load(kind: str) -> list[tuple[str, dict]]:
    out = []
    for path in sorted((CORPUS / kind).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(data, dict):
            data = data.get("messages", [])
        for i, msg in enumerate(data):
            assert isinstance(msg, dict), f"{path.name}[{i}] is not a mapping"
            out.append((f"{path.stem}/{msg.get('id', i)}", msg))
    return out


def lint_corpus_message(msg: dict):
    """Lint one corpus entry (``links`` are read by the mapping reader, as in campaign files)."""
    return lint_mapping(msg)


CLEAN = _load("clean")
TRICKY = _load("tricky")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _describe(findings) -> str:
    return "; ".join(
        f"{f.rule} {f.name} [{f.category}, {f.severity}] {f.field}: {f.text!r}" for f in findings
    )


# -- clean corpus -----------------------------------------------------------------------
def test_corpus_sizes():
    assert len(CLEAN) >= 40, f"clean corpus has {len(CLEAN)} messages; want 40 or more"
    assert len(TRICKY) >= 60, f"tricky corpus has {len(TRICKY)} messages; want 60 or more"
    ids = [key for key, _ in CLEAN + TRICKY]
    assert len(ids) == len(set(ids)), "message ids must be unique within a file"


@pytest.mark.parametrize("key,msg", CLEAN, ids=[k for k, _ in CLEAN])
def test_clean_message_has_no_warning(key, msg):
    result = lint_corpus_message(msg)
    loud = [f for f in result.findings if _RANK[f.severity] >= _RANK["warning"]]
    assert not loud, (
        f"{key} (judged as {result.context.relationship}/{result.context.purpose}) "
        f"should be clean, but: {_describe(loud)}"
    )


# -- tricky corpus ----------------------------------------------------------------------
def _expectations() -> None:
    for key, msg in TRICKY:
        expect = msg.get("expect")
        assert isinstance(expect, list) and expect, f"{key}: needs a non-empty expect list"
        for cat in expect:
            assert cat in CATEGORIES, f"{key}: unknown category {cat!r}"


def score_tricky():
    """Lint the tricky corpus; return (rows, misses, overall_recall).

    rows: category -> dict(tp, fp, fn, precision, recall); misses: readable lines for
    every false positive and false negative.
    """
    measured = sorted({c for _, m in TRICKY for c in m["expect"]})
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in measured}
    misses: list[str] = []
    for key, msg in TRICKY:
        expect = set(msg["expect"])
        findings = lint_corpus_message(msg).findings
        by_cat = defaultdict(list)
        for f in findings:
            by_cat[f.category].append(f)
        for cat in measured:
            got = bool(by_cat.get(cat))
            if cat in expect and got:
                counts[cat]["tp"] += 1
            elif cat in expect:
                counts[cat]["fn"] += 1
                misses.append(f"  FN {cat:<22} {key}")
            elif got:
                counts[cat]["fp"] += 1
                misses.append(f"  FP {cat:<22} {key}: {_describe(by_cat[cat])}")
    rows = {}
    for cat, c in counts.items():
        p_den, r_den = c["tp"] + c["fp"], c["tp"] + c["fn"]
        rows[cat] = dict(c, precision=c["tp"] / p_den if p_den else 1.0,
                         recall=c["tp"] / r_den if r_den else 1.0)
    tp = sum(c["tp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    overall = tp / (tp + fn) if tp + fn else 1.0
    return rows, misses, overall


def format_table(rows, misses, overall) -> str:
    lines = [
        f"msglint tricky corpus: {len(TRICKY)} messages, {len(CLEAN)} clean messages",
        f"{'category':<24}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}",
    ]
    for cat, r in rows.items():
        lines.append(
            f"{cat:<24}{r['tp']:>4}{r['fp']:>4}{r['fn']:>4}{r['precision']:>11.2f}{r['recall']:>8.2f}"
        )
    tp = sum(r["tp"] for r in rows.values())
    fp = sum(r["fp"] for r in rows.values())
    fn = sum(r["fn"] for r in rows.values())
    overall_p = tp / (tp + fp) if tp + fp else 1.0
    lines.append(f"{'overall':<24}{tp:>4}{fp:>4}{fn:>4}{overall_p:>11.2f}{overall:>8.2f}")
    if misses:
        lines.append("misses:")
        lines.extend(misses)
    return "\n".join(lines)


class _Summary:
    """Adds the precision/recall table to pytest's terminal summary."""

    def __init__(self, text: str):
        self.text = text

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_sep("-", "msglint corpus precision / recall")
        terminalreporter.write_line(self.text)


def test_tricky_precision_and_recall(request):
    _expectations()
    rows, misses, overall = score_tricky()
    table = format_table(rows, misses, overall)
    print("\n" + table)
    plugin_name = "msglint-corpus-summary"
    if not request.config.pluginmanager.has_plugin(plugin_name):
        request.config.pluginmanager.register(_Summary(table), plugin_name)
    low = [c for c, r in rows.items() if r["precision"] < MIN_PRECISION]
    assert not low, f"precision below {MIN_PRECISION} for {', '.join(low)}\n{table}"
    assert overall >= MIN_RECALL, f"overall recall {overall:.2f} below {MIN_RECALL}\n{table}"
