"""The cache folder (``msglint/cache.py``): rule-pack parses and regex gates kept
between runs. Faster, never different: what is read back equals what is derived, a
changed file is derived afresh, and a damaged entry or unwritable folder only means
deriving again."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from msglint import cache
from msglint.engine import literals, packs

PACKS = sorted((Path(__file__).resolve().parent.parent / "rules").glob("*.yaml"))


def _rules(path) -> list:
    """What a pack builds, in comparable form."""
    return [(r.id, r.name, r.category, r.severity, r.fields, r.phrases, r.token_patterns,
             [p.pattern for p in r.regexes], r.scope, r.message, r.suggestion, r.examples)
            for r in packs.load_pack(path)]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MSGLINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_pack_read_back_builds_the_same_rules_without_parsing(folder, monkeypatch):
    fresh = [_rules(p) for p in PACKS]
    assert len(list(folder.glob("pack-*.json"))) == len(PACKS)

    def refuse(*a, **k):
        raise AssertionError("parsed the YAML again")

    monkeypatch.setattr(packs.yaml, "load", refuse)
    assert [_rules(p) for p in PACKS] == fresh


def _pack(rule_id: str, phrase: str) -> str:
    return (f"rules:\n  - id: {rule_id}\n    name: test-rule\n    category: unearned-praise\n"
            "    severity: warning\n    fields: [subject]\n"
            f"    match: {{phrases: [\"{phrase}\"]}}\n"
            "    message: m\n    why: w\n    suggestion: s\n")


def test_a_changed_pack_is_parsed_again(folder, tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text(_pack("MSG901", "high five"), encoding="utf-8")
    assert packs.load_pack(p)[0].phrases == ("high five",)
    p.write_text(_pack("MSG901", "well played there"), encoding="utf-8")
    os.utime(p, ns=(1, 1))  # a new modification time, as an edit gives
    assert packs.load_pack(p)[0].phrases == ("well played there",)


def test_a_damaged_entry_or_no_folder_means_parsing(folder, tmp_path, monkeypatch):
    p = tmp_path / "mine.yaml"
    p.write_text(_pack("MSG902", "high five"), encoding="utf-8")
    packs.load_pack(p)
    [entry] = folder.glob("pack-*.json")
    entry.write_text('{"rules": [', encoding="utf-8")  # cut short
    assert packs.load_pack(p)[0].id == "MSG902"
    monkeypatch.setenv("MSGLINT_CACHE_DIR", "")  # turned off: nothing written
    assert packs.load_pack(p)[0].id == "MSG902"
    (folder.parent / "file").write_text("x")
    monkeypatch.setenv("MSGLINT_CACHE_DIR", str(folder.parent / "file" / "sub"))  # unwritable
    assert packs.load_pack(p)[0].id == "MSG902"


def test_pack_errors_are_never_cached(folder, tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("rules: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(packs.PackError, match="invalid YAML"):
            packs.load_pack(p)
    assert not list(folder.glob("pack-*.json"))


def test_data_json_would_change_is_not_cached(folder, tmp_path):
    # a date and a number as a key do not survive JSON: parse every time instead
    p = tmp_path / "odd.yaml"
    p.write_text(_pack("MSG903", "high five") + "    replace: {1: one}\n", encoding="utf-8")
    assert packs.load_pack(p)[0].id == "MSG903"
    assert not list(folder.glob("pack-*.json"))
    p.write_text("pack: 2026-11-22\n" + _pack("MSG903", "high five"), encoding="utf-8")
    assert packs.load_pack(p)[0].id == "MSG903"
    assert not list(folder.glob("pack-*.json"))


GATE_PROBE = """
import json, sys
from msglint.engine import literals
if sys.argv[1] == "no-derive":
    def refuse(p):
        raise AssertionError("derived a gate again")
    literals.required_literals = refuse
import re
out = []
for src, flags in json.loads(sys.argv[2]):
    g = literals.gate_for(re.compile(src, flags))
    out.append(None if g is None else [sorted(s) for s in g])
print(json.dumps(out))
"""


def _builtin_patterns() -> list[tuple[str, int]]:
    out = []
    for p in PACKS:
        for rule in packs.load_pack(p):
            out.extend((rx.pattern, int(rx.flags)) for rx in rule.regexes)
    return out


def test_gates_are_kept_and_read_back_the_same(tmp_path):
    pats = _builtin_patterns() + [(r"\bsorry\b", re.I), (r"x+", 0)]
    env = dict(os.environ, MSGLINT_CACHE_DIR=str(tmp_path))

    def probe(mode: str) -> list:
        proc = subprocess.run([sys.executable, "-c", GATE_PROBE, mode, json.dumps(pats)], env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-800:]
        return json.loads(proc.stdout)

    first = probe("derive")
    assert list(tmp_path.glob("gates-*.json")), "written at exit"
    second = probe("no-derive")
    reference = [None if g is None else [sorted(s) for s in g]
                 for g in (literals.required_literals(re.compile(s, f)) for s, f in pats)]
    assert first == second == reference
    assert any(g for g in reference) and None in reference  # both kinds were stored


def test_a_damaged_gate_is_derived_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MSGLINT_CACHE_DIR", str(tmp_path))
    store = literals._GateStore()
    pattern = re.compile(r"\bwe let you down\b")
    key = f"{int(pattern.flags)}:{pattern.pattern}"
    for damaged in ([[1, 2], None], ["we let you down"], [[]], [], "x", 3):
        store._known = {key: damaged}
        assert store.gate(pattern) == literals.required_literals(pattern), damaged


def test_cache_entry_names_hash_their_key(folder):
    a = cache.entry("pack", "k1")
    assert a is not None and a.parent == folder and a.name.startswith("pack-")
    assert cache.entry("pack", "k2") != a and cache.entry("pack", "k1") == a
    cache.write(a, {"x": [1, "é"]})
    assert cache.read(a) == {"x": [1, "é"]}
    assert not [f for f in folder.iterdir() if f.name.startswith(".msglint-")]  # no temp left
