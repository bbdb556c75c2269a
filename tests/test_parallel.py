"""``--jobs``: the same report from any number of workers, in input order; Ctrl-C
leaves no partial report and no stray process; results cross process boundaries."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from msglint import parallel
from msglint.cli import main
from msglint.sources import reader_for
from tests.conftest import benchmark

build_corpus = benchmark("bench").build_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    build_corpus(root, 240, ["md"] + [f for f in ("csv", "json") if reader_for(f"x.{f}")])
    (root / "md" / "zz-binary.md").write_bytes(b"\x00\x01\x02\x03" * 500)
    (root / "md" / "m-bad-front-matter.md").write_text("---\nsubject: [\n---\nBody\n", encoding="utf-8")
    (root / "md" / "k-disabled.md").write_text(
        "Subject: Nicely done!\n\n<!-- msglint: disable MSG999 -->\nHello\n", encoding="utf-8")
    return root


@pytest.fixture
def always_parallel(monkeypatch):
    """Start workers even for a small corpus, and split any file over 2 KB into chunks."""
    monkeypatch.setattr(parallel, "SMALL_CORPUS", 0)
    monkeypatch.setattr(parallel, "BIG_FILE", 2048)
    monkeypatch.setattr(parallel, "CHUNK_MESSAGES", 7)
    monkeypatch.setattr(parallel, "GROUP_FILES", 5)


def check(*args: str) -> tuple[int, bytes]:
    r = CliRunner().invoke(main, ["check", "--isolated", *args])
    return r.exit_code, r.stdout_bytes


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_jobs_output_is_byte_identical(corpus, always_parallel, fmt):
    code1, out1 = check("--jobs", "1", "-f", fmt, str(corpus))
    code2, out2 = check("--jobs", "2", "-f", fmt, str(corpus))
    assert code1 == code2 == 2  # the bad front matter
    assert out1 == out2
    assert out1.count(b'"id"') >= 240


def test_stdin_is_chunked_and_ordered(always_parallel):
    text = "Subject: Nicely done!\n\n" + "Psst. " * 800
    r2 = CliRunner().invoke(main, ["check", "--isolated", "--jobs", "2", "-f", "json", "-"], input=text)
    r1 = CliRunner().invoke(main, ["check", "--isolated", "--jobs", "1", "-f", "json", "-"], input=text)
    assert r1.stdout_bytes == r2.stdout_bytes and r1.exit_code == r2.exit_code == 1


def test_small_runs_start_no_workers(corpus, monkeypatch):
    def no_pool(*a, **kw):
        raise AssertionError("workers started for a tiny run")

    monkeypatch.setattr(parallel, "_run_pool", no_pool)
    one = next((corpus / "md").glob("msg*.md"))
    assert check("--jobs", "4", str(one))[0] in (0, 1)
    assert check("--jobs", "4", str(one), str(one.with_name("msg000001.md")))[0] in (0, 1)


def test_results_pickle_round_trip(corpus):
    from msglint.api import make_session, read_all

    session = make_session()
    msgs = [m for m in read_all([str(corpus / "md")], session) if hasattr(m, "fields")][:20]
    results = list(session.linter.lint(msgs))
    back = pickle.loads(pickle.dumps(results))
    assert [(r.message.id, r.context, r.findings, r.notices) for r in back] == \
        [(r.message.id, r.context, r.findings, r.notices) for r in results]
    f = back[0].message.fields["subject"]
    assert f.position(0) == results[0].message.fields["subject"].position(0)


def test_default_jobs_is_core_count():
    assert parallel.default_jobs() >= 1
    assert parallel.default_jobs() <= (os.cpu_count() or 1)


def test_config_jobs_is_used(corpus, tmp_path, monkeypatch):
    seen = {}
    real = parallel._run_pool

    def spy(sized, session, jobs, overrides):
        seen["jobs"] = jobs
        return real(sized, session, jobs, overrides)

    monkeypatch.setattr(parallel, "_run_pool", spy)
    monkeypatch.setattr(parallel, "SMALL_CORPUS", 0)
    (tmp_path / "msglint.toml").write_text("jobs = 2\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "msglint.toml"), "-q",
                                  str(corpus / "md")])
    assert r.exit_code == 2 and seen["jobs"] == 2


def _descendants(pid: int) -> list[int]:
    """Every live process below ``pid``: workers forked by the fork server are its
    grandchildren."""
    parents = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(proc.name)] = int(stat[1])
    out = []
    for child in parents:
        p = parents.get(child)
        while p is not None and p != pid:
            p = parents.get(p)
        if p == pid:
            out.append(child)
    return sorted(out)


@pytest.mark.skipif(not Path("/proc").is_dir() or os.name != "posix", reason="needs /proc and signals")
def test_ctrl_c_leaves_no_report_and_no_workers(tmp_path):
    # > SMALL_CORPUS, so workers start; and about 9 s of work on two cores, so the
    # interrupt half a second after the workers appear always lands mid-run (700
    # messages finished first once workers forked from a warm server)
    build_corpus(tmp_path / "c", 4000, ["md"])
    report = tmp_path / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "msglint", "check", "--isolated", "--jobs", "2", "-f", "json",
         "-o", str(report), str(tmp_path / "c")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 60
    # the fork server (or nothing, where workers are spawned), and two workers
    while time.time() < deadline and len(_descendants(proc.pid)) < 3:
        time.sleep(0.1)
    workers = _descendants(proc.pid)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure being tested
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("msglint hung after Ctrl-C")
    assert proc.returncode == 130, (proc.returncode, err)
    assert b"interrupted" in err and b"Traceback" not in err
    assert not report.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".msglint-")]
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()
                and "Z" not in Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0]]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is used on Linux")
def test_workers_fork_from_a_warmed_server():
    # workers start as forks of a process that already imported spaCy and built the
    # blank pipeline: they must not pay for it again, nor need the main process to
    from concurrent.futures import ProcessPoolExecutor

    ctx = parallel._mp_context()
    assert ctx.get_start_method() == "forkserver"
    probe = ("(lambda m: ('msglint.warmup' in m, 'blank:en' in "
             "m['msglint.nlp.pipeline']._PIPELINES, 'textstat' in m))(__import__('sys').modules)")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        assert pool.submit(eval, probe).result(timeout=120) == (True, True, True)


def test_main_process_of_jobs_does_not_import_spacy(tmp_path):
    build_corpus(tmp_path / "c", 700, ["md"])  # > SMALL_CORPUS: workers start
    code = ("import sys; from msglint.cli import main\n"
            "try:\n    main(sys.argv[1:])\n"
            "except SystemExit as e:\n    code = e.code\n"
            "print('spacy' in sys.modules, code)")
    proc = subprocess.run([sys.executable, "-c", code, "check", "--isolated", "--jobs", "2", "-q",
                           "-f", "json", "-o", str(tmp_path / "r.json"), str(tmp_path / "c")],
                          capture_output=True, text=True, timeout=300)
    assert proc.stdout.split()[-2:] == ["False", "1"], proc.stderr
    assert len(__import__("json").loads((tmp_path / "r.json").read_text())["messages"]) == 700


@pytest.mark.skipif(not Path("/proc").is_dir() or os.name != "posix", reason="needs /proc and signals")
def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    # kill -9 gives the main process no chance to stop its workers; they must notice
    # and exit (a forked worker's parent is the fork server, not the main process)
    build_corpus(tmp_path / "c", 3000, ["md"])
    proc = subprocess.Popen(
        [sys.executable, "-m", "msglint", "check", "--isolated", "--jobs", "2", "-q", "-f", "json",
         "-o", str(tmp_path / "r.json"), str(tmp_path / "c")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    below: list[int] = []
    try:
        deadline = time.time() + 60
        while time.time() < deadline and len(_descendants(proc.pid)) < 3:
            time.sleep(0.1)
        time.sleep(1.0)  # the workers are linting
        below = _descendants(proc.pid)
        assert len(below) >= 3 and proc.poll() is None
        proc.kill()
        proc.wait()
        deadline = time.time() + 10
        while time.time() < deadline and _live(below):
            time.sleep(0.2)
        assert not _live(below)
        assert not (tmp_path / "r.json").exists()
    finally:
        proc.kill()
        for pid in _live(below):
            os.kill(pid, signal.SIGKILL)


def _live(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out
