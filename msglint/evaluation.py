"""``msglint eval``: score msglint's judgment against labelled or honest mail.

Two ways to measure, as mature filters do (SpamAssassin's mass-check and
hit-frequencies, LanguageTool's regression runs over a corpus):

* **labelled** -- a CSV, TSV or JSON-lines file whose rows are messages (the field
  names ``check`` reads) plus label columns (true/false, 1/0, yes/no). Each label is
  mapped to msglint categories; a row counts as flagged for the label when msglint
  reports a finding of one of those categories at or above ``min_severity``. The
  result per label is the confusion counts with precision, recall and F1, and the
  worst misses and false positives with the rules that fired.
* **clean** -- every message in some files (eml folders, mbox, CSV ...) is honest
  copy, so every finding is a false alarm: the share of messages each category and
  each rule fires on, most frequent first, with examples.

Messages are linted by the same session (config, rules, context inference, ``--jobs``)
as ``msglint check``, so the figures are the figures a user of ``check`` gets. This
module only reads labels and counts; :mod:`msglint.report.evaluation` renders.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .model import SEVERITY_RANK, Finding, Message, Result, SourceError, UsageError
from .sources import decode
from .sources.mapping import COPY_KEYS, FIELD_KEYS, KNOWN_KEYS, InvalidMessage, message_from_mapping
from .text.directives import strip_directives
from .vocabulary import AUTHENTICITY, CATEGORIES, PRESSURE

TRUE = frozenset({"true", "1", "yes", "y", "t"})
FALSE = frozenset({"false", "0", "no", "n", "f"})
#: what a threshold or label may name besides a category: a group of categories
GROUPS: dict[str, tuple[str, ...]] = {
    "authenticity": AUTHENTICITY,
    "pressure": PRESSURE,
    "pressure-authenticity": AUTHENTICITY + PRESSURE,
    "any": CATEGORIES,
}
#: the headline of a clean run: the authenticity and pressure categories
#: (docs/concepts.md), the ones a reader takes for an accusation
HEADLINE = "pressure-authenticity"
FIELDS = tuple(FIELD_KEYS)  # subject, preheader, from, body
COLUMN_TARGETS = FIELDS + ("id", "relationship", "purpose")


# -- parsing the command line's mappings ---------------------------------------------

def parse_categories(spec: str, where: str) -> tuple[str, ...]:
    """``hype,shouting`` or a group name (``pressure``) -> categories, checked."""
    out: list[str] = []
    for name in (s.strip() for s in spec.split(",")):
        if not name:
            continue
        if name in GROUPS:
            out.extend(GROUPS[name])
        elif name in CATEGORIES:
            out.append(name)
        else:
            raise UsageError(f"{where}: unknown category {name!r} (expected one of: "
                             f"{', '.join(CATEGORIES)}, or a group: {', '.join(GROUPS)})")
    if not out:
        raise UsageError(f"{where}: no category given")
    return tuple(dict.fromkeys(out))


def parse_pairs(values: Iterable[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for raw in values:
        name, sep, value = raw.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"{option} {raw!r}: expected NAME=VALUE")
        pairs.append((name.strip(), value.strip()))
    return pairs


def parse_thresholds(values: Iterable[str], option: str) -> list[tuple[str, float]]:
    out = []
    for name, value in parse_pairs(values, option):
        try:
            limit = float(value)
        except ValueError:
            raise UsageError(f"{option} {name}={value}: {value!r} is not a number") from None
        if not 0.0 <= limit <= 1.0:
            raise UsageError(f"{option} {name}={value}: expected a number from 0 to 1")
        out.append((name, limit))
    return out


# -- labelled files ------------------------------------------------------------------

@dataclass(frozen=True)
class LabelSpec:
    """A label column and the categories that count as msglint flagging it."""

    column: str
    categories: tuple[str, ...]
    #: the categories as the user wrote them (``pressure,authenticity``), for tables
    given: str = ""

    @property
    def shown(self) -> str:
        return self.given or ",".join(self.categories)


@dataclass
class LabelledFile:
    """The messages of a labelled file, streamed, and the truth of each message read,
    in the same order (a queue the scorer consumes as results come back)."""

    path: str
    specs: list[LabelSpec]
    truths: deque = field(default_factory=deque)
    #: ``--by COLUMN``: the column whose values break each label's counts down
    by: str | None = None
    messages: Iterator[Message | SourceError] = iter(())


def _truth(value: str) -> bool | None:
    v = value.strip().lower()
    return True if v in TRUE else False if v in FALSE else None


def read_labelled(path: str, labels: list[tuple[str, str]], columns: list[tuple[str, str]],
                  by: str | None = None) -> LabelledFile:
    """Open a labelled CSV/TSV/JSONL file; header problems are usage errors (nothing
    could be scored), a bad row is a :class:`SourceError` at its line."""
    lower = path.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        rows = _jsonl_rows(path)
    elif lower.endswith((".csv", ".tsv", ".txt")):
        rows = _csv_rows(path, "\t" if lower.endswith(".tsv") else None)
    else:
        raise UsageError(f"{path}: labelled files are .csv, .tsv or .jsonl")
    try:
        header = next(rows)
    except StopIteration:
        raise UsageError(f"{path}: empty file (expected a header row)") from None
    if isinstance(header, SourceError):
        raise UsageError(str(header))
    names = header[1]
    renames: dict[str, str] = {}
    for name, target in columns:
        if target not in COLUMN_TARGETS:
            raise UsageError(f"--column {name}={target}: {target!r} is not a message field "
                             f"(expected one of: {', '.join(COLUMN_TARGETS)})")
        if name not in names:
            raise UsageError(f"--column {name}={target}: {path} has no column {name!r} "
                             f"(columns: {', '.join(names)})")
        renames[name] = target
    specs = [LabelSpec(col, parse_categories(cats, f"--label {col}={cats}"), cats) for col, cats in labels]
    for spec in specs:
        if spec.column not in names:
            raise UsageError(f"--label {spec.column}=...: {path} has no column {spec.column!r} "
                             f"(columns: {', '.join(names)})")
    explicit = {s.column for s in specs}
    specs += [LabelSpec(n, (n,)) for n in names if n in CATEGORIES and n not in explicit]
    if not specs:
        raise UsageError(f"{path}: no label column (name one with --label COLUMN=CATEGORY, "
                         f"or name a column after a category)")
    if by is not None and by not in names:
        raise UsageError(f"--by {by}: {path} has no column {by!r} (columns: {', '.join(names)})")
    label_cols = {s.column for s in specs}
    copy_cols = [n for n in names if n not in label_cols
                 and (n in renames or n.lower() in KNOWN_KEYS)]
    if not any(renames.get(n, n.lower()) in KNOWN_KEYS - {"id"} for n in copy_cols):
        raise UsageError(f"{path}: no message field among the columns ({', '.join(names)}); "
                         f"map one with --column NAME=FIELD (fields: {', '.join(FIELDS)})")
    out = LabelledFile(path, specs, by=by)
    out.messages = _messages(path, rows, specs, copy_cols, renames, out.truths, by)
    return out


def _messages(path, rows, specs, copy_cols, renames, truths, by) -> Iterator[Message | SourceError]:
    for item in rows:
        if isinstance(item, SourceError):
            yield item
            continue
        line, row = item
        truth: dict[str, bool] = {}
        bad = None
        for spec in specs:
            value = _truth(str(row.get(spec.column, "") or ""))
            if value is None:
                bad = (f"label {spec.column!r}: {row.get(spec.column, '')!r} is not a label "
                       f"(expected true/false, 1/0 or yes/no); row skipped")
                break
            truth[spec.column] = value
        if bad:
            yield SourceError(path, bad, line)
            continue
        obj: dict[str, str] = {}
        for name in copy_cols:
            value = row.get(name)
            if value is None or not str(value).strip():
                continue
            key = renames.get(name, name.lower())
            obj.setdefault(key, strip_directives(str(value)) if key in COPY_KEYS else str(value).strip())
        if not any(key in COPY_KEYS for key in obj):
            # scored, an empty row would count as honest copy that passed
            yield SourceError(path, "no copy in this row (every message column is empty); row skipped", line)
            continue
        try:
            msg = message_from_mapping(obj, path=path, line=line, default_id=f"{path}:{line}")
        except InvalidMessage as exc:
            yield SourceError(path, f"{exc}; row skipped", line)
            continue
        truths.append((truth, None if by is None else str(row.get(by) or "").strip()))
        yield msg


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return decode(fh.read())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _csv_rows(path: str, delimiter: str | None) -> Iterator:
    """The header ``(1, names)`` then ``(line, row)`` per record (line = where the
    record starts, so quoted line breaks keep the count right)."""
    text = _read_text(path)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    names: list[str] | None = None
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield SourceError(path, f"cannot read the row: {exc}", start)
            return
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in record):
            continue
        if names is None:
            names = [c.strip() for c in record]
            yield (line, names)
            continue
        yield line, dict(zip(names, record))


def _jsonl_rows(path: str) -> Iterator:
    names: list[str] = []
    rows = []  # held: the header is the union of every line's keys
    for n, raw in enumerate(_read_text(path).splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            rows.append(SourceError(path, f"not JSON: {exc.msg} (column {exc.colno}); row skipped", n))
            continue
        if not isinstance(obj, dict):
            rows.append(SourceError(path, "expected a JSON object per line; row skipped", n))
            continue
        for key in obj:
            if key not in names:
                names.append(key)
        rows.append((n, {k: ("true" if v is True else "false" if v is False else
                             "" if v is None else str(v)) for k, v in obj.items()}))
    yield (1, names)
    yield from rows


# -- scoring -------------------------------------------------------------------------

def _at_least(findings: Iterable[Finding], min_severity: str) -> list[Finding]:
    floor = SEVERITY_RANK[min_severity]
    return [f for f in findings if SEVERITY_RANK[f.severity] >= floor]


@dataclass
class Example:
    """A message worth showing: where it is, its copy, and the findings that matter."""

    id: str
    path: str
    line: int
    fields: dict[str, str]
    findings: list[Finding]

    @classmethod
    def of(cls, result: Result, findings: list[Finding]) -> "Example":
        msg = result.message
        return cls(msg.id, msg.path, msg.line, {n: f.text for n, f in msg.fields.items()}, findings)


@dataclass
class LabelScore:
    spec: LabelSpec
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[Example] = field(default_factory=list)
    false_positives: list[Example] = field(default_factory=list)
    #: ``--by``: value -> [tp, fp, fn, tn] for the rows with that value
    groups: dict[str, list[int]] = field(default_factory=dict)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Rate:
    """How many messages one category or rule fired on, with a few examples."""

    key: str
    category: str
    name: str = ""
    messages: int = 0
    examples: list[Example] = field(default_factory=list)


@dataclass
class Threshold:
    kind: str  # "min-f1" or "max-rate"
    name: str
    limit: float
    value: float | None = None

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.limit if self.kind == "min-f1" else self.value <= self.limit


@dataclass
class Evaluation:
    """Everything a run measured; :mod:`msglint.report.evaluation` renders it."""

    mode: str  # "labelled" or "clean"
    min_severity: str
    paths: list[str]
    messages: int = 0
    #: the ``--by`` column of a labelled run, if any
    by: str | None = None
    labels: list[LabelScore] = field(default_factory=list)
    categories: list[Rate] = field(default_factory=list)
    rules: list[Rate] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)
    errors: list[SourceError] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)

    def rate(self, count: int) -> float:
        return count / self.messages if self.messages else 0.0

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.thresholds)


def _keep(examples: list[Example], example: Example, limit: int) -> None:
    if len(examples) < limit:
        examples.append(example)


def score_labelled(data: LabelledFile, results: Iterable[Result | SourceError], min_severity: str,
                   examples: int) -> Evaluation:
    ev = Evaluation("labelled", min_severity, [data.path], by=data.by)
    scores = [LabelScore(spec) for spec in data.specs]
    misses: list[list[Example]] = [[] for _ in scores]
    for item in results:
        if isinstance(item, SourceError):
            ev.errors.append(item)
            continue
        truth, group = data.truths.popleft()
        ev.messages += 1
        found = _at_least(item.findings, min_severity)
        for score, missed in zip(scores, misses):
            hits = [f for f in found if f.category in score.spec.categories]
            if group is not None:
                cell = score.groups.setdefault(group, [0, 0, 0, 0])
                cell[(0 if hits else 2) if truth[score.spec.column] else (1 if hits else 3)] += 1
            if truth[score.spec.column]:
                if hits:
                    score.tp += 1
                else:
                    score.fn += 1
                    # a miss shows what did fire, if anything: the rules that came close
                    _keep(missed, Example.of(item, found), examples)
            elif hits:
                score.fp += 1
                score.false_positives.append(Example.of(item, hits))
            else:
                score.tn += 1
    for score, missed in zip(scores, misses):
        score.groups = dict(sorted(score.groups.items()))
        score.misses = missed
        # worst false positives first: the most severe, then the most findings
        score.false_positives.sort(key=lambda e: (-max(SEVERITY_RANK[f.severity] for f in e.findings),
                                                  -len(e.findings)))
        del score.false_positives[examples:]
    ev.labels = scores
    return ev


def score_clean(paths: list[str], results: Iterable[Result | SourceError], min_severity: str,
                examples: int) -> Evaluation:
    ev = Evaluation("clean", min_severity, list(paths))
    cats: dict[str, Rate] = {}
    rules: dict[str, Rate] = {}
    groups: Counter = Counter()
    for item in results:
        if isinstance(item, SourceError):
            ev.errors.append(item)
            continue
        ev.messages += 1
        found = _at_least(item.findings, min_severity)
        fired = {f.category for f in found}
        for group, members in GROUPS.items():
            if fired & set(members):
                groups[group] += 1
        for key, table, make in (
            ("category", cats, lambda f: Rate(f.category, f.category)),
            ("rule", rules, lambda f: Rate(f.rule, f.category, f.name)),
        ):
            seen: dict[str, list[Finding]] = {}
            for f in found:
                seen.setdefault(f.category if key == "category" else f.rule, []).append(f)
            for name, fs in seen.items():
                rate = table.get(name) or table.setdefault(name, make(fs[0]))
                rate.messages += 1
                _keep(rate.examples, Example.of(item, fs), examples)
    order = lambda r: (-r.messages, r.key)  # noqa: E731 - most frequent first, then by name
    ev.categories = sorted(cats.values(), key=order)
    ev.rules = sorted(rules.values(), key=order)
    ev.groups = {g: groups[g] for g in GROUPS}
    return ev


def apply_thresholds(ev: Evaluation, min_f1: list[tuple[str, float]],
                     max_rate: list[tuple[str, float]]) -> None:
    """Fill ``ev.thresholds``; a threshold naming nothing measured is a usage error."""
    by_label = {s.spec.column: s for s in ev.labels}
    for name, limit in min_f1:
        if ev.mode != "labelled":
            raise UsageError(f"--min-f1 {name}: F1 needs labels (a labelled file, not --clean)")
        if name not in by_label:
            raise UsageError(f"--min-f1 {name}: no such label (labels: {', '.join(by_label)})")
        ev.thresholds.append(Threshold("min-f1", name, limit, by_label[name].f1))
    if max_rate:
        if ev.mode != "clean":
            raise UsageError("--max-rate needs --clean (the rate of findings on honest copy)")
        counts = {**{r.key: r.messages for r in ev.categories}, **ev.groups}
        for name, limit in max_rate:
            if name not in CATEGORIES and name not in GROUPS:
                raise UsageError(f"--max-rate {name}: unknown category (expected one of: "
                                 f"{', '.join(CATEGORIES)}, or a group: {', '.join(GROUPS)})")
            ev.thresholds.append(Threshold("max-rate", name, limit, ev.rate(counts.get(name, 0))))
