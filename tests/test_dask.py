"""msglint on Dask: ``msglint audit`` and :mod:`msglint.dask` on a real local cluster.

One ``distributed.LocalCluster`` (2 worker processes, 1 thread each, 127.0.0.1 only)
serves the module. The archive is generated (:mod:`msglint.audit.sample`) plus the
bundled examples: about 2,900 messages in JSON-lines shards, mbox archives, .eml
files and the examples' own formats, with damaged records among them. The reference is
``msglint check --format jsonl`` on the same paths.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

# not importorskip: the test extra installs the dask extra's packages, so a missing
# one is a broken install, to fail on, not a reason to skip
import distributed  # noqa: F401,E402
from click.testing import CliRunner  # noqa: E402

from msglint.api import Overrides  # noqa: E402
from msglint.audit.inputs import Shard, find_shards, plan  # noqa: E402
from msglint.audit.run import OutputSpec, audit_partition, encode, run_audit, write_atomic  # noqa: E402
from msglint.audit.sample import records, write_eml, write_jsonl, write_mbox, write_parquet  # noqa: E402
from msglint.audit.summary import merge, render_html  # noqa: E402
from msglint.cli import main  # noqa: E402
from msglint.config import Config  # noqa: E402
from msglint.dask import COLUMNS, SCHEMA, SessionSpec  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARDS = 12
PER_SHARD = 210
#: raw lines appended to shard 1, after its records (so its records keep their lines)
DAMAGED = ['{"id": "broken-1", "subject": "Half a rec', '["not", "an", "object"]',
           '{"id": "bad-purpose", "subject": "Our news", "purpose": "spam"}',
           '{"id": "no-copy", "campaign": "campaign-01"}']
#: seconds any one test may take before it fails (a hung cluster must not hang CI)
TIMEOUT = 420


@pytest.fixture(autouse=True)
def _deadline():
    def expire(signum, frame):
        raise TimeoutError(f"test took more than {TIMEOUT} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TIMEOUT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("archive")
    jsonl, parquet, eml = root / "jsonl", root / "parquet", root / "eml"
    for d in (jsonl, parquet, eml):
        d.mkdir()
    recs = records(SHARDS * PER_SHARD, seed=19, sentences=2)
    for k in range(SHARDS):
        chunk = recs[k * PER_SHARD:(k + 1) * PER_SHARD]
        write_jsonl(jsonl / f"part-{k:03d}.jsonl", chunk)
        write_parquet(parquet / f"part-{k:03d}.parquet", chunk)
    with open(jsonl / "part-001.jsonl", "a", encoding="utf-8") as fh:
        fh.write("\n".join(DAMAGED) + "\n")
    for rec in records(150, seed=7, start=5000, sentences=3):
        write_eml(eml / f"{rec['id']}.eml", rec)
    mbox = root / "mbox"
    mbox.mkdir()
    boxes = records(240, seed=11, start=8000, sentences=2)
    write_mbox(mbox / "a.mbox", boxes[:120])
    write_mbox(mbox / "b.mbox", boxes[120:])
    (eml / "zz-binary.eml").write_bytes(b"\x00\x01\x02" * 400)
    examples = root / "examples"
    shutil.copytree(EXAMPLES, examples)
    paths = [str(examples), str(eml), str(mbox)] + sorted(str(p) for p in jsonl.glob("*.jsonl"))
    return {"root": root, "paths": paths, "jsonl": jsonl, "parquet": parquet, "records": recs}


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=50) as cluster, \
            Client(cluster, timeout="60s") as c:
        c.wait_for_workers(2, timeout=120)
        yield c


SPEC = SessionSpec.make(Config(), Overrides())
PARTITION_BYTES = 40_000


def check_rows(paths: list[str], tmp: Path) -> list[dict]:
    """``msglint check --format jsonl`` on ``paths`` as rows of the audit's schema
    (an error's id is None: check's error records carry no id)."""
    out = tmp / "check.jsonl"
    r = CliRunner().invoke(main, ["check", *paths, "--format", "jsonl", "--isolated", "-j", "1",
                                  "-q", "-o", str(out)])
    assert r.exit_code in (1, 2), r.output
    rows = []
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["type"] == "message":
            for kind, key in (("finding", "findings"), ("notice", "notices")):
                for f in rec[key]:
                    rows.append({"id": rec["id"], "source": rec["source"]["path"],
                                 "source_line": rec["source"]["line"], "kind": kind, **f})
        elif rec["type"] == "error":
            rows.append({"id": None, "source": rec["path"], "source_line": rec["line"] or 0,
                         "kind": "error", "rule": "", "name": "", "category": "", "severity": rec["level"],
                         "field": "", "line": 0, "column": 0, "end_line": 0, "end_column": 0, "text": "",
                         "message": rec["message"], "suggestion": ""})
        else:
            summary = rec
    rows.append({"summary_messages": summary["messages"]})
    return rows


def shard_rows(out: Path, fmt: str = "jsonl") -> list[dict]:
    rows = []
    for path in sorted((out / "findings").iterdir()):
        if fmt == "jsonl":
            rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
        else:
            import pyarrow.parquet as pq

            rows.extend(pq.read_table(path).to_pylist())
    return rows


@pytest.fixture(scope="module")
def clean_run(archive, client, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("audit-clean")
    summary = run_audit(archive["paths"], OutputSpec(str(out), "jsonl"), client, SPEC,
                        partition_bytes=PARTITION_BYTES)
    return {"out": out, "summary": summary, "rows": shard_rows(out)}


def _without_error_ids(rows: list[dict]) -> list[dict]:
    return [{**r, "id": None} if r.get("kind") == "error" else r for r in rows]


def test_audit_equals_check(archive, clean_run, tmp_path):
    expected = check_rows(archive["paths"], tmp_path)
    messages = expected.pop()["summary_messages"]
    rows = clean_run["rows"]
    assert list(rows[0]) == list(COLUMNS)
    assert _without_error_ids(rows) == expected
    summary = clean_run["summary"]
    assert summary["messages"] == messages > 2800
    assert sum(r["source"].endswith(".mbox") for r in rows) > 100  # the archives were read
    # a meaningful corpus: many rules fire, findings on a share of the messages, not all
    assert len({r["rule"] for r in rows if r["kind"] == "finding"}) >= 10
    assert 0.1 < summary["rate"] < 0.95
    assert summary["inputs"]["partitions"] >= 12


def test_damaged_messages_are_rows_with_their_ids(clean_run, archive):
    errors = [r for r in clean_run["rows"] if r["kind"] == "error"]
    shard1 = str(archive["jsonl"] / "part-001.jsonl")
    base = PER_SHARD
    assert [(r["id"], r["source_line"]) for r in errors if r["source"] == shard1] == [
        (f"{shard1}:{base + 1}", base + 1), (f"{shard1}:{base + 2}", base + 2),
        ("bad-purpose", base + 3), ("no-copy", base + 4)]
    binary = [r for r in errors if r["source"].endswith("zz-binary.eml")]
    assert binary and binary[0]["severity"] == "warning"
    # the messages after the damaged ones were linted: the last shard has findings
    assert any(r["source"].endswith("part-011.jsonl") and r["kind"] == "finding" for r in clean_run["rows"])
    s = clean_run["summary"]
    assert (s["errors"], s["skipped"]) == (4, 1)
    assert {e["id"] for e in s["error_examples"]} >= {"bad-purpose", "no-copy"}


def test_summary_counts_agree_with_the_shards(clean_run):
    rows = [r for r in clean_run["rows"] if r["kind"] == "finding"]
    s = clean_run["summary"]
    assert s["findings"] == len(rows)
    assert {c["category"]: c["findings"] for c in s["by_category"]} == dict(Counter(r["category"] for r in rows))
    by_msg = Counter()
    for r in {(r["id"], r["source"], r["rule"]) for r in rows}:
        by_msg[r[2]] += 1
    assert {r["rule"]: r["messages"] for r in s["by_rule"]} == dict(by_msg)
    for entry in s["by_rule"]:
        assert entry["rate"] == round(entry["messages"] / s["messages"], 6)
    top = s["senders"]["top"]
    assert [t["findings"] for t in top] == sorted((t["findings"] for t in top), reverse=True)
    assert "Breaking News" in {t["sender"] for t in top}
    assert s["campaigns"]["distinct"] > 40  # generated campaigns plus the .eml/example files
    html = (clean_run["out"] / "summary.html").read_text(encoding="utf-8")
    assert "Breaking News" in html and "<script" not in html


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(archive, client, clean_run, tmp_path):
    """SIGKILL the worker that is running a partition after the first partition is
    done: the scheduler runs its tasks again on the other worker (and on the one the
    nanny restarts), and the shards and summary are byte for byte the clean run's."""
    killed: dict = {}
    done_after: list[int] = []

    def kill_busy_worker(stats) -> None:
        if killed:
            done_after.append(stats.index)
            return
        busy = [addr for addr, keys in client.processing().items() if keys]
        assert busy, "no worker was running a partition when the first finished"
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        running = {int(str(key).rsplit("-", 1)[1]) for key in client.processing()[busy[0]]}
        killed.update(pid=pid, running=running)
        os.kill(pid, signal.SIGKILL)

    summary = run_audit(archive["paths"], OutputSpec(str(tmp_path), "jsonl"), client, SPEC,
                        partition_bytes=PARTITION_BYTES, on_done=kill_busy_worker)
    # the partitions the dead worker was running finished after its death: run again
    assert killed["running"] and killed["running"] <= set(done_after)
    assert summary["inputs"]["partitions"] >= 12
    clean = clean_run["out"] / "findings"
    names = sorted(os.listdir(clean))
    assert sorted(os.listdir(tmp_path / "findings")) == names  # no temporary files left
    for name in names:
        assert (tmp_path / "findings" / name).read_bytes() == (clean / name).read_bytes(), name
    assert (tmp_path / "summary.json").read_bytes() == (clean_run["out"] / "summary.json").read_bytes()
    client.wait_for_workers(2, timeout=120)  # the nanny's replacement, for the tests after


def test_one_session_per_worker_process(archive, client, clean_run):
    built = client.run(lambda: dict(__import__("msglint.dask").dask.BUILT))
    assert len(built) == 2
    for counts in built.values():
        assert counts.get(SPEC.key) == 1  # however many partitions that worker ran


def test_parquet_shards_in_and_out(archive, client, clean_run, tmp_path):
    """The same records as Parquet give the JSON-lines shards' findings (a row is
    read as a record, row n as line n); Parquet findings have the documented types."""
    run_audit([str(archive["parquet"])], OutputSpec(str(tmp_path), "parquet"), client, SPEC,
              partition_bytes=PARTITION_BYTES)
    import pyarrow.parquet as pq

    first = pq.read_schema(tmp_path / "findings" / "part-00000.parquet")
    assert [(f.name, str(f.type)) for f in first] == [
        (name, "int64" if dtype == "int64" else "string") for name, dtype, _ in SCHEMA]
    got = shard_rows(tmp_path, "parquet")
    jsonl = str(archive["jsonl"])
    want = [{**r, "source": r["source"].replace(".jsonl", ".parquet").replace(jsonl, str(archive["parquet"]))}
            for r in clean_run["rows"] if r["source"].startswith(jsonl) and r["kind"] != "error"]
    assert got == want and len(got) > 500


def test_lint_dataframe_and_bag_match_check(archive, client, clean_run):
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    import msglint.dask as mdask

    shard = str(archive["jsonl"] / "part-003.jsonl")
    want = [r for r in clean_run["rows"] if r["source"] == shard]
    recs = archive["records"][3 * PER_SHARD:4 * PER_SHARD]
    pdf = pd.DataFrame(recs)
    got = client.compute(mdask.lint_dataframe(dd.from_pandas(pdf, npartitions=3), source=shard)).result()
    assert list(got.columns) == list(COLUMNS)
    assert got.to_dict("records") == want
    # a source column and bag items read the same way
    bag = db.from_sequence([{**r, "source": shard, "line": n} for n, r in enumerate(recs, 1)], npartitions=2)
    assert client.compute(mdask.lint_bag(bag)).result().to_dict("records") == want


# --- no cluster needed ---------------------------------------------------------------


def test_audit_command_on_a_scheduler_address(archive, client, tmp_path):
    """The CLI end to end, on the module's cluster through --scheduler."""
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["audit", str(EXAMPLES), "-o", str(out), "--scheduler", client.scheduler.address,
                                  "--isolated", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    assert "audited" in r.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["messages"] >= 15 and (out / "findings" / "part-00000.jsonl").exists()


def test_partitions_are_stable_and_bounded():
    shards = [Shard(f"s{i:02d}", size) for i, size in enumerate([10, 10, 50, 200, 5, 5, 5])]
    parts = plan(shards, 60)
    assert [[s.path for s in p.shards] for p in parts] == [["s00", "s01"], ["s02"], ["s03"], ["s04", "s05", "s06"]]
    assert [p.index for p in parts] == [0, 1, 2, 3]
    assert plan(shards, 60) == parts


def test_find_shards_walks_folders_and_file_urls(archive):
    local = find_shards([str(archive["parquet"])])
    assert [s.path for s in local] == sorted(str(p) for p in archive["parquet"].glob("*.parquet"))
    urls = find_shards([f"file://{archive['parquet']}"])
    assert [s.path.removeprefix("file://") for s in urls] == [s.path for s in local]
    assert [s.size for s in urls] == [s.size for s in local]


def test_a_failed_write_leaves_the_old_shard(tmp_path, monkeypatch):
    target = tmp_path / "part-00000.jsonl"
    target.write_bytes(b"old\n")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(str(target), b"new\n" * 1000)
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["part-00000.jsonl"]


def test_a_message_the_linter_fails_on_is_an_error_row(tmp_path, monkeypatch):
    import msglint.dask as mdask

    session, _ = mdask.get_session(SPEC)
    real = session.linter.lint_batch

    def flaky(messages, *args, **kwargs):
        if any(m.id == "explodes" for m in messages):
            raise RuntimeError("boom")
        return real(messages, *args, **kwargs)

    monkeypatch.setattr(session.linter, "lint_batch", flaky)
    shard = tmp_path / "s.jsonl"
    write_jsonl(shard, [{"id": "a", "subject": "Nicely done! 50% off"}, {"id": "explodes", "subject": "x"},
                        {"id": "c", "subject": "URGENT: act now"}])
    from msglint.audit.inputs import Partition

    stats = audit_partition(Partition(0, (Shard(str(shard), 1),)), SPEC, OutputSpec(str(tmp_path), "jsonl"))
    rows = shard_rows(tmp_path)
    assert [(r["id"], r["kind"]) for r in rows if r["kind"] == "error"] == [("explodes", "error")]
    assert "RuntimeError: boom" in rows[[r["id"] for r in rows].index("explodes")]["message"]
    assert {r["id"] for r in rows if r["kind"] == "finding"} == {"a", "c"}
    assert (stats.messages, stats.errors) == (2, 1)


def test_summary_is_the_same_whatever_order_partitions_finish(tmp_path):
    from msglint.audit.summary import PartitionStats

    a, b = PartitionStats(0, ["x"]), PartitionStats(1, ["y"])
    a.messages, b.messages = 3, 4
    a.senders = {"<script>Ann</script>": [3, 1, 2]}
    b.senders = {"Bob": [4, 1, 2], "<script>Ann</script>": [1, 0, 0]}
    one = merge([a, b], paths=["p"], fmt="jsonl")
    assert one == merge([b, a], paths=["p"], fmt="jsonl")
    assert one["senders"]["top"][0] == {"sender": "<script>Ann</script>", "messages": 4,
                                        "messages_with_findings": 1, "findings": 2, "rate": 0.25}
    page = render_html(one)
    assert "&lt;script&gt;Ann" in page and "<script>" not in page


def test_encode_is_deterministic():
    rows = [("m1", "s", 1, "finding", "MSG101", "n", "c", "warning", "subject", 1, 1, 1, 5, "t", "m", "s")]
    assert encode(rows, "parquet") == encode(list(rows), "parquet")
    assert json.loads(encode(rows, "jsonl"))["rule"] == "MSG101"


# --- without the extra ---------------------------------------------------------------

HEAVY = ("dask", "distributed", "pandas", "pyarrow", "fsspec")
NO_DASK = """
import sys
from click.testing import CliRunner
from msglint.cli import main
r = CliRunner().invoke(main, {args!r})
assert r.exit_code in (0, 1), r.output
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["check", "examples", "-j", "1", "--isolated"], ["audit", "--help"],
                                  ["--help"]])
def test_the_normal_path_never_imports_dask(args):
    out = subprocess.run([sys.executable, "-c", NO_DASK.format(args=args, heavy=HEAVY)], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"msglint {' '.join(args)} imported {out.stdout.strip()}"


def test_audit_without_the_extra_says_how_to_install(tmp_path):
    code = ("import sys; sys.modules['distributed'] = None\n"
            "from click.testing import CliRunner; from msglint.cli import main\n"
            f"r = CliRunner().invoke(main, ['audit', 'examples', '-o', {str(tmp_path)!r}])\n"
            "print(r.exit_code); print(r.output)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.stdout.splitlines()[0] == "2"
    assert "pip install 'msglint[dask]'" in out.stdout
    assert not os.listdir(tmp_path)


def test_docs_give_the_schema_msglint_writes():
    doc = (REPO / "docs" / "scale.md").read_text(encoding="utf-8")
    lines = doc.splitlines()
    start = lines.index("| column | type | meaning |")
    assert lines[start + 2:start + 2 + len(SCHEMA) + 1] == [
        f"| `{name}` | {dtype} | {meaning} |" for name, dtype, meaning in SCHEMA] + [""]


def test_a_rerun_starts_from_a_clean_folder(tmp_path):
    from msglint.audit.run import prepare_output

    findings = tmp_path / "findings"
    findings.mkdir()
    for name in ("part-00000.jsonl", "part-00007.parquet", ".part-00003.jsonl.k2j4.tmp", "notes.txt"):
        (findings / name).write_text("x")
    (tmp_path / "summary.json").write_text("{}")
    prepare_output(OutputSpec(str(tmp_path), "jsonl"))
    assert os.listdir(findings) == ["notes.txt"]
    assert not (tmp_path / "summary.json").exists()


def test_urls_in_and_out_through_fsspec():
    """Shards and output at fsspec URLs (memory:// here: in this process only, so the
    partition runs here, as it would on a worker that reaches an object store)."""
    import fsspec

    from msglint.audit.inputs import Partition, read_shard
    from msglint.audit.run import prepare_output

    fs = fsspec.filesystem("memory")
    fs.pipe_file("/arch/mail/a.jsonl", b'{"id": "u1", "subject": "Nicely done! 50% off"}\n{"oops"\n')
    fs.pipe_file("/arch/mail/b.eml", b"Subject: Your order has shipped\n\nIt arrives Tuesday.\n")
    fs.pipe_file("/arch/mail/notes.bin", b"\x00" * 10)
    shards = find_shards(["memory://arch/mail"])
    assert [s.path for s in shards] == ["memory:///arch/mail/a.jsonl", "memory:///arch/mail/b.eml"]
    assert [type(i).__name__ for i in read_shard(shards[0], 10**6, 10**6)] == ["Message", "RecordError"]
    assert list(read_shard(shards[0], 10**6, 5))[0].message.endswith("over the 5-byte limit; skipped")
    out = OutputSpec("memory://arch/audit", "jsonl")
    prepare_output(out)
    stats = audit_partition(Partition(0, tuple(shards)), SPEC, out)
    rows = [json.loads(line) for line in fs.cat_file("/arch/audit/findings/part-00000.jsonl").splitlines()]
    assert ("u1", "MSG101") in {(r["id"], r["rule"]) for r in rows}
    assert [r["id"] for r in rows if r["kind"] == "error"] == ["memory:///arch/mail/a.jsonl:2"]
    assert (stats.messages, stats.errors) == (2, 1)


def test_mbox_shards_local_and_at_a_url(tmp_path):
    """An mbox shard is read by the mbox reader through read_path (locally) or from the
    store's file object (at a URL), with check's findings either way."""
    from msglint.audit.inputs import Partition

    mbox = tmp_path / "box.mbox"
    write_mbox(mbox, records(30, seed=5, sentences=2))
    want = check_rows([str(mbox)], tmp_path)[:-1]
    assert len(want) > 20
    for k, path in enumerate([str(mbox), f"file://{mbox}"]):
        out = tmp_path / f"out{k}"
        stats = audit_partition(Partition(0, (Shard(path, mbox.stat().st_size),)), SPEC, OutputSpec(str(out), "jsonl"))
        assert stats.messages == 30
        got = [{**r, "id": r["id"].replace(path, str(mbox)), "source": str(mbox)} for r in shard_rows(out)]
        assert got == want


def test_workers_and_a_scheduler_are_not_both_given(tmp_path):
    r = CliRunner().invoke(main, ["audit", str(EXAMPLES), "-o", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1",
                                  "-j", "2"])
    assert r.exit_code == 2 and "--scheduler" in r.output


def test_a_partition_that_fails_every_time_stops_the_run_naming_it(archive, client, tmp_path):
    from msglint.audit.run import AuditFailed

    shard = str(archive["jsonl"] / "part-002.jsonl")
    broken = OutputSpec(str(tmp_path), "jsonl", max_shard_bytes="not a number")  # TypeError in the task
    with pytest.raises(AuditFailed, match=r"partition 0 \(.*part-002\.jsonl\) failed: TypeError"):
        run_audit([shard], broken, client, SPEC)
    assert not (tmp_path / "summary.json").exists()
