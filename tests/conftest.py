"""Shared fixtures: one registry and helpers to lint mappings with chosen rules."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

# msglint keeps derived data between runs (msglint/cache.py); the tests,
# and the msglint processes they start, use a folder of their own, not the user's
if "MSGLINT_CACHE_DIR" not in os.environ:
    os.environ["MSGLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="msglint-test-cache-")
    atexit.register(shutil.rmtree, os.environ["MSGLINT_CACHE_DIR"], True)

from msglint.api import make_session, Overrides
from msglint.engine.registry import Registry
from msglint.rules import load_registry
from msglint.sources.mapping import message_from_mapping


#: the benchmark scripts, kept outside the package (not in the wheel)
BENCHMARKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks")


def benchmark(name: str):
    """``benchmarks/NAME.py`` imported as a module (once), for tests of its helpers."""
    import importlib.util
    import sys

    module_name = f"msglint_benchmarks_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, os.path.join(BENCHMARKS, f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="session")
def session():
    """A session with the default configuration (the reporter tests share it)."""
    from msglint.config import Config

    return make_session(Config())


def render_report(session, fmt: str, paths, **options) -> str:
    """Lint ``paths`` and render them in ``fmt``, as the CLI does, into a string."""
    import io

    from msglint.api import iter_results
    from msglint.report import ReportOptions, make_reporter, write_report

    buf = io.StringIO()
    write_report(make_reporter(fmt, buf, ReportOptions(**options)), session.rules,
                 iter_results([str(p) for p in paths], session))
    return buf.getvalue()


_SESSIONS: dict = {}


def lint_mapping(obj: dict, select: list[str] | None = None):
    """Lint one campaign mapping with the given rules (all rules by default)."""
    key = tuple(select) if select else None
    session = _SESSIONS.get(key)
    if session is None:
        session = _SESSIONS[key] = make_session(overrides=Overrides(select=select))
    msg = message_from_mapping(obj, path="<test>", default_id="test")
    return next(iter(session.linter.lint([msg])))


@pytest.fixture
def lint():
    return lint_mapping


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run the CLI in ``tmp_path`` with no configuration in scope (a test module may
    define its own ``run`` with fixed options)."""
    from click.testing import CliRunner

    from msglint.cli import main

    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke
