"""The ``msglint serve`` page in a real browser: Selenium drives Debian's headless
Chromium through Debian's ``chromium-driver``. Typing a seed example shows its
findings highlighted in place, "apply" rewrites the text and the finding goes, and
hostile copy runs no script.

Like the HTML report's browser test: without Chromium, its driver or Selenium the
tests skip locally, but fail when ``CI`` is set, so a CI image that lost its browser
cannot pass silently. The server runs in this process on 127.0.0.1 and a free port,
and is shut down after the module.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from msglint.config import Config
from msglint.serve import Engine, make_server, url_of
from tests.test_report_browser import FLAGS, chromium

#: a real browser: `pytest -m "not slow"` leaves it out; CI runs it
pytestmark = pytest.mark.slow

WAIT = 60
SEED = "Nicely done! You're getting 50% off"


def _missing(message: str):
    if os.environ.get("CI"):
        pytest.fail(message + " [CI is set, so this is a failure, not a skip]", pytrace=False)
    pytest.skip(message)


def chromedriver() -> str:
    found = os.environ.get("MSGLINT_CHROMEDRIVER") or shutil.which("chromedriver")
    if not found and os.path.exists("/usr/bin/chromedriver"):
        found = "/usr/bin/chromedriver"
    if not found:
        _missing("chromedriver is required for the msglint serve browser tests but was not found; "
                 "install it with `apt-get install -y chromium-driver` (or set MSGLINT_CHROMEDRIVER)")
    return found


@pytest.fixture(scope="module")
def server():
    srv = make_server(Engine.create(Config()), "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield url_of(srv)
    srv.shutdown()
    srv.server_close()
    thread.join(10)


def new_driver(tmp_path: Path, width: int = 1280, height: int = 900, downloads: Path | None = None):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is required for the msglint serve browser tests (pip install -e '.[test]')")
    browser, driver_path = chromium(), chromedriver()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    # an explicit driver: Selenium Manager never goes to the network for one
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


@pytest.fixture
def page(server, tmp_path):
    driver = new_driver(tmp_path, downloads=tmp_path / "downloads")
    driver.set_page_load_timeout(WAIT)
    driver.get(server)
    wait(driver, lambda d: d.execute_script("return document.documentElement.dataset.ready") == "1")
    yield driver
    driver.quit()


def wait(driver, condition, timeout: float = WAIT):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def marks(driver, field: str) -> list[tuple[str, str]]:
    """(text, rules) of each highlight in a field's backdrop."""
    return [tuple(pair) for pair in driver.execute_script(
        "return Array.from(document.querySelectorAll('#bd-' + arguments[0] + ' mark'))"
        ".map(function (m) { return [m.textContent, m.getAttribute('data-rules')]; });", field)]


def side_rules(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#groups .card')).map(function (c) {"
        " return c.getAttribute('data-rule'); });")


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_typing_a_seed_example_highlights_it_and_apply_rewrites_it(page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.action_chains import ActionChains

    subject = page.find_element(By.ID, "f-subject")
    subject.send_keys(SEED)
    wait(page, lambda d: ("Nicely done", "MSG101") in marks(d, "subject"))
    assert "MSG101" in side_rules(page)
    group = page.find_element(By.CSS_SELECTOR, '#groups section[data-category="unearned-praise"] .count')
    assert group.text == "1"
    assert "inferred" in page.find_element(By.ID, "context").text
    assert page.find_element(By.ID, "pv-subject-d").text == SEED

    # hovering the highlight shows the finding: message, why, suggestion and apply
    mark = page.find_element(By.CSS_SELECTOR, "#bd-subject mark")
    box = mark.rect
    field_box = subject.rect
    ActionChains(page).move_to_element_with_offset(
        subject, box["x"] - field_box["x"] - field_box["width"] / 2 + box["width"] / 2,
        box["y"] - field_box["y"] - field_box["height"] / 2 + box["height"] / 2).perform()
    popover = page.find_element(By.ID, "popover")
    wait(page, lambda d: popover.is_displayed())
    text = popover.text
    assert "MSG101" in text and "Why:" in text and "Instead:" in text
    popover.find_element(By.CSS_SELECTOR, 'button.apply[data-rule="MSG101"]').click()

    wait(page, lambda d: subject.get_attribute("value") == "You're getting 50% off")
    wait(page, lambda d: "MSG101" not in side_rules(d) and not marks(d, "subject"))
    assert console_errors(page) == []


def test_hostile_copy_runs_no_script(page):
    from selenium.webdriver.common.by import By

    hostile = {
        "f-from": "WOW <img src=x onerror=\"document.body.setAttribute('data-pwned','from')\">",
        "f-subject": "Nicely done! <script>document.body.setAttribute('data-pwned','script')</script>",
        "f-preheader": "<svg onload=\"document.body.setAttribute('data-pwned','svg')\"></svg> Psst!!!",
        "f-body": "<p>Hey friend!!! <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
                  "<a href=\"javascript:document.body.setAttribute('data-pwned','a')\">here</a></p>",
    }
    for field, text in hostile.items():
        page.execute_script("var t = document.getElementById(arguments[0]); t.value = arguments[1];"
                            "t.dispatchEvent(new Event('input'));", field, text)
    wait(page, lambda d: ("Nicely done", "MSG101") in marks(d, "subject"))
    wait(page, lambda d: any("Hey friend" in t for t, _ in marks(d, "body")))
    # the popover and the side list show copy as text
    page.find_element(By.ID, "f-subject").click()
    assert page.execute_script("return document.body.getAttribute('data-pwned')") is None
    assert page.execute_script("return document.querySelectorAll('img, svg, script:not([src]):not([type])').length") == 0
    assert page.title == "msglint: draft"
    backdrop = page.execute_script("return document.getElementById('bd-subject').textContent")
    assert "<script>document.body.setAttribute('data-pwned','script')</script>" in backdrop
    assert console_errors(page) == []


def downloaded(folder: Path, name: str) -> str:
    """The text of a finished download (Chrome writes ``.crdownload`` until done)."""
    target = folder / name
    return target.read_text(encoding="utf-8") if target.is_file() else ""


def test_open_a_file_save_it_and_export_the_report(page, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    draft = tmp_path / "spring.md"
    draft.write_text('---\nfrom: "Garden Co"\nsubject: "Nicely done! Seeds are 50% off"\n'
                     'purpose: promotional\n---\n\nHey friend, our spring seeds are in.\n', encoding="utf-8")
    page.find_element(By.ID, "open").send_keys(str(draft))
    subject = page.find_element(By.ID, "f-subject")
    wait(page, lambda d: subject.get_attribute("value") == "Nicely done! Seeds are 50% off")
    assert page.find_element(By.ID, "f-from").get_attribute("value") == "Garden Co"
    assert Select(page.find_element(By.ID, "purpose")).first_selected_option.get_attribute("value") == "promotional"
    wait(page, lambda d: ("Nicely done", "MSG101") in marks(d, "subject"))
    wait(page, lambda d: any(t == "Hey friend" for t, _ in marks(d, "body")))
    assert "promotional (message)" in page.find_element(By.ID, "context").text

    downloads = tmp_path / "downloads"
    Select(page.find_element(By.ID, "save-format")).select_by_value("eml")
    page.find_element(By.ID, "save").click()
    wait(page, lambda d: "Subject: Nicely done! Seeds are 50% off" in downloaded(downloads, "draft.eml"))
    assert "X-Msglint-Purpose: promotional" in downloaded(downloads, "draft.eml")
    page.find_element(By.ID, "export").click()
    wait(page, lambda d: "</html>" in downloaded(downloads, "msglint-report.html"))
    report = downloaded(downloads, "msglint-report.html")
    assert "MSG101" in report and "Seeds are 50% off" in report
    assert console_errors(page) == []


def screenshot(path: str, tmp: Path) -> None:
    """Write the README's screenshot: the page with a seed draft, a finding's popover open."""
    from selenium.webdriver.common.by import By

    srv = make_server(Engine.create(Config()), "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    driver = new_driver(tmp, 1360, 1120)
    try:
        driver.get(url_of(srv))
        wait(driver, lambda d: d.execute_script("return document.documentElement.dataset.ready") == "1")
        draft = {
            "f-from": "Travel Co",
            "f-subject": "\u2708\ufe0f Nicely done! You're getting 50% off city breaks",
            "f-preheader": "Psst, just between us: prices drop at midnight",
            "f-body": "Hey friend!\n\nWe picked these autumn city breaks for you. Every one is 50% off "
                      "until Sunday 23:59 CET.\n\nHurry, act now! Only 2 left!!!\n\nThe Travel Co team",
        }
        for field, text in draft.items():
            driver.execute_script("var t = document.getElementById(arguments[0]); t.value = arguments[1];"
                                  "t.dispatchEvent(new Event('input'));", field, text)
        wait(driver, lambda d: marks(d, "subject") and marks(d, "body"))
        # the popover of a body finding, so the subject's and preheader's marks stay in view
        driver.find_element(By.ID, "f-body").click()
        driver.execute_script("var t = document.getElementById('f-body'); t.focus();"
                              "var at = t.value.indexOf('act now') + 2;"
                              "t.setSelectionRange(at, at); t.dispatchEvent(new Event('click'));")
        wait(driver, lambda d: d.find_element(By.ID, "popover").is_displayed())
        driver.save_screenshot(path)
    finally:
        driver.quit()
        srv.shutdown()
        srv.server_close()


if __name__ == "__main__":  # python -m tests.test_serve_browser docs/screenshot-serve.png
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        screenshot(sys.argv[1], Path(tmp))
