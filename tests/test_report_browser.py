"""The HTML report in a real browser: headless Chromium renders it, runs its script,
and shows highlights and findings, while hostile copy stays inert text.

Needs Debian's ``chromium`` (``apt-get install chromium``), or a browser named by
``MSGLINT_CHROMIUM``. Without one the tests skip locally, but fail when ``CI`` is set,
so a CI image that lost its browser cannot pass silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from msglint.cli import main

#: minutes of work (real pre-commit installs / a real browser): `pytest -m "not slow"` skips
#: them for a fast local loop; CI and the README's test command run them
pytestmark = pytest.mark.slow

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars",
]

HOSTILE = (
    "Subject: Nicely done! <script>document.body.setAttribute('data-pwned','script');"
    "document.title='PWNED'</script> FIFTY PERCENT OFF\n"
    "Preheader: <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> Psst!!!\n"
    "From: WOW WOW WOW\n\n"
    "Hey friend!!! Click <a href=\"javascript:document.body.setAttribute('data-pwned','link')\">here</a>"
    " or <svg onload=\"document.body.setAttribute('data-pwned','svg')\"></svg> today.\n"
)
PROMO = ("Subject: Nicely done! You're getting FIFTY PERCENT OFF\nFrom: Travel Co\n\n"
         "Hello there!!! We found you deals.\n")
RECEIPT = "Subject: Your receipt for order 1234\nFrom: Acme\n\nThanks for your order.\n"


def chromium() -> str:
    found = os.environ.get("MSGLINT_CHROMIUM") or next(
        (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser")) if p), None)
    if found:
        return found
    message = ("headless Chromium is required for the HTML report browser tests but was not found; "
               "install it with `apt-get install -y chromium` (or set MSGLINT_CHROMIUM)")
    if os.environ.get("CI"):
        pytest.fail(message + " [CI is set, so this is a failure, not a skip]", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    camp = root / "camp"
    camp.mkdir()
    (camp / "a_promo.txt").write_text(PROMO, encoding="utf-8")
    (camp / "b_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (camp / "c_receipt.txt").write_text(RECEIPT, encoding="utf-8")
    out = root / "report.html"
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check", "camp", "--isolated", "-f", "html", "-o", str(out)])
    finally:
        os.chdir(old)
    assert result.exit_code == 1, result.output  # findings at or above warning
    return out


def run_browser(browser: str, tmp_path: Path, url: str, *extra: str) -> tuple[str, str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    profile.mkdir()
    cmd = [browser, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, proc.stderr


def dump(browser: str, tmp_path: Path, url: str, *extra: str) -> tuple["Dom", list[str]]:
    out, err = run_browser(browser, tmp_path, url, "--dump-dom", *extra)
    assert "<html" in out, err[-2000:]
    console = [line for line in err.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return Dom(out), console


class Dom(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.elements: list[tuple[str, dict]] = []
        self.text_of: dict[int, list[str]] = {}
        self._open: list[tuple[int, str]] = []
        self.feed(html)

    VOID = {"meta", "link", "br", "img", "input", "hr", "wbr"}

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in self.VOID:
            idx = len(self.elements) - 1
            self._open.append((idx, tag))
            self.text_of[idx] = []

    def handle_endtag(self, tag):
        while self._open:
            idx, name = self._open.pop()
            if name == tag:
                break

    def handle_data(self, data):
        for idx, _ in self._open:
            self.text_of[idx].append(data)

    def find(self, tag: str, cls: str | None = None) -> list[tuple[int, dict]]:
        return [(i, a) for i, (t, a) in enumerate(self.elements)
                if t == tag and (cls is None or cls in (a.get("class") or "").split())]

    def text(self, idx: int) -> str:
        return "".join(self.text_of.get(idx, []))


def test_renders_highlights_and_findings_without_errors(browser, report, tmp_path):
    dom, console = dump(browser, tmp_path, report.as_uri())
    assert console == [], console
    root = dom.find("html")[0][1]
    assert root.get("data-msglint-ready") == "1", "the report's script did not run to the end"
    marks = [dom.text(i) for i, _ in dom.find("mark", "hl")]
    assert "Nicely done" in marks and "FIFTY PERCENT OFF" in marks and "!!!" in marks
    findings = dom.find("li", "finding")
    assert len(findings) >= 6
    assert all("hidden" not in a for _, a in findings)
    codes = " ".join(dom.text(i) for i, _ in findings)
    assert "MSG101" in codes and "unearned-praise" in codes
    form = dom.find("form", "filters")
    assert form and "hidden" not in form[0][1], "the script should reveal the filters"
    status = [dom.text(i) for i, a in dom.find("span") if a.get("id") == "shown"]
    assert status and status[0].startswith("Showing ")


def test_hostile_copy_is_inert(browser, report, tmp_path):
    dom, console = dump(browser, tmp_path, report.as_uri())
    assert console == [], console
    body = dom.find("body")[0][1]
    assert "data-pwned" not in body, "copy ran as script"
    assert not dom.find("img") and not dom.find("svg")
    assert len(dom.find("script")) == 1  # the report's own
    assert not [a for _, a in dom.find("a") if not a.get("href", "").startswith("#")]
    title = dom.text(dom.find("title")[0][0])
    assert "PWNED" not in title and title.startswith("msglint report")
    # ... and the copy is shown as the text it is
    text = dom.text(dom.find("main")[0][0])
    assert "<script>document.body.setAttribute('data-pwned','script');" in text
    assert "<img src=x onerror=" in text
    assert "javascript:document.body.setAttribute" in text


def test_filters_from_the_url_fragment(browser, report, tmp_path):
    dom, console = dump(browser, tmp_path, report.as_uri() + "#sev=error&cat=sender-identity,shouting")
    assert console == [], console
    findings = dom.find("li", "finding")
    shown = [a for _, a in findings if "hidden" not in a]
    assert shown and all(a["data-sev"] == "error" for a in shown)
    assert any("hidden" in a for _, a in findings)
    cards = dom.find("article", "msg")
    assert sum(1 for _, a in cards if "hidden" in a) == 1  # the promo has no error


def test_everything_visible_without_javascript(browser, report, tmp_path):
    # --dump-dom itself needs script, so "JavaScript off" is the page without its script
    html = report.read_text(encoding="utf-8")
    start, end = html.index("<script>"), html.index("</script>") + len("</script>")
    nojs = tmp_path / "nojs.html"
    nojs.write_text(html[:start] + html[end:], encoding="utf-8")
    dom, _ = dump(browser, tmp_path, nojs.as_uri() + "#sev=error")
    assert "data-msglint-ready" not in dom.find("html")[0][1]
    assert all("hidden" not in a for _, a in dom.find("li", "finding"))
    assert all("hidden" not in a for _, a in dom.find("article", "msg"))
    assert "hidden" in dom.find("form", "filters")[0][1]  # controls that would do nothing stay hidden


def test_screenshot(browser, report, tmp_path):
    shot = tmp_path / "shot.png"
    run_browser(browser, tmp_path, report.as_uri(), f"--screenshot={shot}", "--window-size=1280,1600")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1600)
