"""The published pre-commit hook, run by the real ``pre-commit``.

``pre-commit try-repo`` installs msglint from this repository into a fresh
virtualenv (pip, from the package index configured on the machine) and runs the
``msglint`` hook over a temporary git repository of templates, exactly as a team's
``.pre-commit-config.yaml`` would. That takes a while (a virtualenv with spaCy), so
the two runs share nothing but are kept few.

``try-repo`` on a repository with uncommitted changes commits a snapshot of the
changes to *tracked* files (``git add -u``) in a shadow clone; new files nobody has
``git add``-ed yet would be missing from it. So when this checkout has untracked files
(or is not a git checkout at all, as in an sdist), the test snapshots the working tree
(tracked and untracked, minus ignored files) into a temporary repository and points
``try-repo`` at that instead. The checkout itself is only read.

Without pre-commit or git the tests skip on a developer machine, and fail when the
``CI`` environment variable is set: the hook must be tested in CI.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

#: minutes of work (real pre-commit installs / a real browser): `pytest -m "not slow"` skips
#: them for a fast local loop; CI and the README's test command run them
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))

FLAGGED_MD = "---\nsubject: \"Nicely done! You're getting FIFTY PERCENT OFF\"\n---\nOur summer sale is on.\n"
FLAGGED_EML = ("From: Acme Travel <deals@acme.example>\nTo: you@example.com\n"
               "Subject: Psst, you've been given this flight deal\n"
               "Content-Type: text/plain; charset=utf-8\n\n"
               "We found you flights under $200.\n")
CLEAN_MD = "---\nsubject: Summer flights from $200, booking until Sunday\n---\nSee every route on our site.\n"
NOT_COPY = "print('Nicely done! You are approved')\n"  # a .py file: never passed to the hook


def _require(ok: bool, what: str) -> None:
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{what} is required to test the pre-commit hook in CI")
    pytest.skip(f"{what} is not available")


def _git_env() -> dict[str, str]:
    return {**os.environ, "GIT_AUTHOR_NAME": "msglint tests", "GIT_AUTHOR_EMAIL": "tests@example.com",
            "GIT_COMMITTER_NAME": "msglint tests", "GIT_COMMITTER_EMAIL": "tests@example.com",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=_git_env(), check=True,
                          capture_output=True, text=True).stdout


def _working_tree_files(root: Path) -> list[str] | None:
    """Tracked and untracked, not ignored, files of the checkout; None if not a git
    checkout."""
    if not (root / ".git").exists():
        return None
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, capture_output=True, env=_git_env(), check=True).stdout
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def _has_untracked(root: Path) -> bool:
    out = subprocess.run(["git", "ls-files", "-z", "--others", "--exclude-standard"],
                         cwd=root, capture_output=True, env=_git_env(), check=True).stdout
    return bool(out.strip(b"\0"))


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> Path:
    """The repository ``try-repo`` should install the hook from."""
    _require(shutil.which("git") is not None, "git")
    _require(importlib.util.find_spec("pre_commit") is not None, "pre-commit (pip install -e '.[test]')")
    assert (ROOT / ".pre-commit-hooks.yaml").is_file()
    files = _working_tree_files(ROOT)
    if files is not None and not _has_untracked(ROOT):
        return ROOT  # try-repo snapshots uncommitted changes to tracked files itself
    snapshot = tmp_path_factory.mktemp("msglint-snapshot")
    if files is None:  # an unpacked sdist: copy the tree
        shutil.copytree(ROOT, snapshot, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".venv", "__pycache__", "*.egg-info", "build", "dist"))
    else:
        for rel in files:
            src = ROOT / rel
            if src.is_file() and not src.is_symlink():
                dest = snapshot / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "--no-verify", "-m", "working tree snapshot for the hook test")
    return snapshot


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def templates_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    git(root, "init", "-q")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    return root


def try_repo(repo: Path, cwd: Path, home: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**_git_env(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "msglint", "--color", "never", *extra],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=1800,
    )


def test_manifest_is_valid_for_pre_commit():
    _require(importlib.util.find_spec("pre_commit") is not None, "pre-commit")
    from pre_commit.clientlib import load_manifest

    [hook] = [h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml")) if h["id"] == "msglint"]
    assert hook["language"] == "python" and hook["entry"] == "msglint check --allow-empty"
    assert hook["require_serial"] is True


def test_hook_file_selection_covers_every_template_format():
    """pre-commit ANDs ``files``, ``types`` and ``types_or``: check with identify (the
    library pre-commit uses) that every default-include format is selected, .eml and
    .mjml included, and that binaries and non-copy files are not."""
    _require(importlib.util.find_spec("identify") is not None, "identify (installed with pre-commit)")
    import re

    import yaml
    from identify import identify

    from msglint.sources import DEFAULT_INCLUDE

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files_re = re.compile(hook.get("files", ""))
    types = set(hook.get("types", ["file"]))
    types_or = set(hook.get("types_or", []))

    def selected(name: str, text: bool = True) -> bool:
        tags = identify.tags_from_filename(name) | {"file", "text" if text else "binary"}
        return bool(files_re.search(name)) and types <= tags and (not types_or or bool(types_or & tags))

    for pattern in DEFAULT_INCLUDE:
        name = "campaigns/x" + pattern[1:]
        assert selected(name), f"{pattern} files would not reach the hook"
    assert selected("welcome.html.j2") and selected("a.EML".lower())
    for name in ("script.py", "logo.png", "README", "Makefile"):
        assert not selected(name, text=name != "logo.png"), name


def test_hook_fails_on_flagged_templates(hook_repo, pre_commit_home, tmp_path):
    repo = templates_repo(tmp_path / "templates", {
        "emails/summer.md": FLAGGED_MD,
        "emails/welcome.eml": FLAGGED_EML,
        "emails/clean.md": CLEAN_MD,
        "tools/build.py": NOT_COPY,
    })
    proc = try_repo(hook_repo, repo, pre_commit_home, "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "msglint" in out and "Failed" in out
    assert "emails/summer.md" in out and "MSG101" in out and '"Nicely done" praises the reader' in out
    assert "emails/welcome.eml" in out  # .eml reached the hook (no identify type tag)
    assert "build.py" not in out


def test_hook_passes_on_clean_copy(hook_repo, pre_commit_home, tmp_path):
    repo = templates_repo(tmp_path / "templates", {
        "emails/summer.md": CLEAN_MD,
        "emails/receipt.txt": "Subject: Your receipt for order 1042\n\nThanks for your order. It ships Tuesday.\n",
        "tools/build.py": NOT_COPY,
    })
    # no --all-files: the staged files, as in a real commit
    proc = try_repo(hook_repo, repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "msglint" in out and "Passed" in out


def test_local_hook_in_docs_matches_the_published_hook():
    # docs/ci.md shows a `repo: local` hook for teams with msglint installed: it must
    # select the same files as the published one
    import re

    import yaml

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    local = [h for b in blocks if isinstance(b, dict)
             for r in b.get("repos", []) if r.get("repo") == "local" for h in r["hooks"]]
    [published] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert len(local) == 1
    for key in ("entry", "files", "types", "require_serial"):
        assert local[0][key] == published[key], key
