"""``msglint serve``'s API and guards, through the WSGI application (no socket), and
once through a real server on 127.0.0.1 for latency and the curl example."""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from msglint.cli import main
from msglint.config import Config
from msglint.serve import MAX_REQUEST_BYTES, App, Engine, make_server
from msglint.sources import read_bytes

PORT = 8765
HOST = f"127.0.0.1:{PORT}"
DRAFT = {
    "from": "Travel Co",
    "subject": "Nicely done! You're getting 50% off",
    "preheader": "Psst, just between us",
    "body": "Hello there.\n\nOur autumn city breaks are 50% off until Sunday. Hurry, act now!\n",
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(Config())


@pytest.fixture(scope="module")
def client(engine) -> Client:
    return Client(App(engine, PORT))


def post(client: Client, path: str, payload, headers: dict | None = None, **kw):
    data = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    return client.post(path, data=data, headers={"Host": HOST, **(headers or {})},
                       content_type=kw.pop("content_type", "application/json"), **kw)


def lint(client: Client, payload) -> dict:
    resp = post(client, "/api/lint", payload)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def test_lint_answers_what_check_json_answers(client):
    doc = lint(client, DRAFT)
    cli = CliRunner().invoke(main, ["check", "--isolated", "-f", "json", "--from", DRAFT["from"],
                                    "--subject", DRAFT["subject"], "--preheader", DRAFT["preheader"],
                                    "--body", DRAFT["body"]])
    assert cli.exit_code == 1, cli.output
    expected = json.loads(cli.output)
    # the same document; only the message's name differs (a draft, not the command line)
    assert doc["messages"][0].pop("id") == "draft"
    assert doc["messages"][0].pop("source") == {"path": "<draft>", "line": 1}
    for m in expected["messages"]:
        del m["id"], m["source"]
    assert doc == expected
    codes = [f["rule"] for f in doc["messages"][0]["findings"]]
    assert "MSG101" in codes and "MSG203" in codes


def test_the_curl_example_and_a_foreign_host(client):
    doc = lint(client, {"subject": "Nicely done!"})
    assert [f["rule"] for f in doc["messages"][0]["findings"]] == ["MSG101"]
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1:1", "localhost"):
        resp = post(client, "/api/lint", {"subject": "Nicely done!"}, {"Host": host})
        assert resp.status_code == 421, host
        assert "MSG101" not in resp.get_data(as_text=True)
    assert client.get("/", headers={"Host": "rebound.example"}).status_code == 421
    for host in (f"localhost:{PORT}", f"[::1]:{PORT}"):
        assert post(client, "/api/lint", {"subject": "Hi"}, {"Host": host}).status_code == 200


def test_cross_site_posts_are_refused(client):
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Origin": f"http://127.0.0.1:{PORT + 1}"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site"}):
        resp = post(client, "/api/lint", {"subject": "Nicely done!"}, headers)
        assert resp.status_code == 403, headers
    ok = post(client, "/api/lint", {"subject": "Hi"}, {"Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 200
    # what a cross-site <form> can send is refused too
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        assert post(client, "/api/lint", '{"subject": "Hi"}', content_type=ctype).status_code == 400


def test_request_size_is_capped(client):
    big = {"body": "x" * (MAX_REQUEST_BYTES + 10)}
    assert post(client, "/api/lint", big).status_code == 413
    assert post(client, "/api/open?name=a.md", b"x" * (MAX_REQUEST_BYTES + 1),
                content_type="application/octet-stream").status_code == 413


def test_bad_requests_say_why(client):
    resp = post(client, "/api/lint", {"subject": "Hi", "purpose": "bragging"})
    assert resp.status_code == 400 and "unknown purpose 'bragging'" in resp.get_json()["error"]
    assert post(client, "/api/lint", "{not json").status_code == 400
    assert post(client, "/api/lint", [1, 2]).status_code == 400
    assert post(client, "/api/lint", {"subject": 5}).status_code == 400
    assert client.get("/api/lint", headers={"Host": HOST}).status_code == 404
    assert client.put("/api/lint", headers={"Host": HOST}).status_code == 405
    assert client.get("/static/../__init__.py", headers={"Host": HOST}).status_code == 404


def test_page_and_assets_are_served_here_with_a_strict_policy(client):
    page = client.get("/", headers={"Host": HOST})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    for name in ("from", "subject", "preheader", "body"):
        assert f'name="{name}"' in html
    assert 'name="relationship"' in html and 'name="purpose"' in html
    assert "http://" not in html and "https://" not in html  # nothing from a CDN
    for asset, ctype in (("page.js", "application/javascript"), ("page.css", "text/css")):
        resp = client.get(f"/static/{asset}", headers={"Host": HOST})
        assert resp.status_code == 200 and resp.mimetype == ctype
        text = resp.get_data(as_text=True)
        assert "https://" not in text and "http://" not in text
    js = client.get("/static/page.js", headers={"Host": HOST}).get_data(as_text=True)
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


def test_fixes_are_offsets_in_the_typed_text(client):
    subject = "\u2708\ufe0f\U0001f389 Nicely done! You're getting 50% off"
    doc = lint(client, {"subject": subject, "fixes": True})
    (fix,) = doc["fixes"]
    finding = doc["messages"][0]["findings"][fix["finding"]]
    assert finding["rule"] == "MSG101" == fix["rule"]
    assert finding["column"] == 5  # 1-based, in code points: airplane, variation selector, party popper, space
    start, end = fix["start"], fix["end"]
    assert subject[start:end] == "Nicely done! "
    assert subject[:start] + fix["replacement"] + subject[end:] == "\u2708\ufe0f\U0001f389 You're getting 50% off"
    assert fix["example"] in finding["suggestion"]
    again = lint(client, {"subject": subject[:start] + fix["replacement"] + subject[end:]})
    assert "MSG101" not in [f["rule"] for f in again["messages"][0]["findings"]]
    # without asking, the document is check's, with nothing added
    assert "fixes" not in lint(client, {"subject": subject})


def test_an_html_body_is_read_as_html_with_positions_in_the_markup(client):
    body = '<div class="x">\n  <p>Hi &amp; welcome. Nicely done, the sale is on.</p>\n</div>\n'
    doc = lint(client, {"body": body, "fixes": True})
    msg = doc["messages"][0]
    (f,) = [f for f in msg["findings"] if f["rule"] == "MSG101"]
    line = body.split("\n")[f["line"] - 1]
    assert line[f["column"] - 1:f["end_column"] - 1] == "Nicely done"
    assert "<p>" not in msg["fields"]["body"]
    (fix,) = doc["fixes"]
    fixed = body[:fix["start"]] + fix["replacement"] + body[fix["end"]:]
    assert "<p>Hi &amp; welcome. The sale is on.</p>" in fixed
    plain = lint(client, {"body": body, "body_format": "text"})
    assert "<p>" in plain["messages"][0]["fields"]["body"]


@pytest.mark.parametrize("fmt", ["md", "eml", "html"])
def test_save_then_open_gives_the_draft_back_and_msglint_reads_the_file(client, engine, fmt):
    draft = {**DRAFT, "subject": 'Nicely done: "50% off" # all week', "relationship": "fling",
             "purpose": "promotional"}
    resp = post(client, "/api/save", {**draft, "format": fmt})
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == f'attachment; filename="draft.{fmt}"'
    data = resp.get_data()
    opened = post(client, f"/api/open?name=draft.{fmt}", data, content_type="application/octet-stream")
    assert opened.status_code == 200, opened.get_data(as_text=True)
    got = opened.get_json()
    assert got["relationship"] == "fling" and got["purpose"] == "promotional"
    for key in ("from", "subject", "preheader"):
        assert got["fields"][key] == draft[key], key
    if fmt == "html":
        assert "Our autumn city breaks" in got["fields"]["body"] and got["body_format"] == "html"
    else:
        assert got["fields"]["body"].strip() == draft["body"].strip()
    # msglint's own reader finds the same copy and context in the saved file
    (msg,) = list(read_bytes(data, f"draft.{fmt}"))
    assert " ".join(msg.text("subject").split()) == draft["subject"]
    assert msg.meta["relationship"] == "fling"
    assert "MSG101" in [f.rule for f in engine.lint(msg).findings]


def test_a_line_break_cannot_reach_an_email_header(client):
    resp = post(client, "/api/save", {"subject": "Hi\r\nBcc: everyone@example.com", "format": "eml"})
    assert resp.status_code == 400 and "cannot write an email" in resp.get_json()["error"]
    md = post(client, "/api/save", {"subject": "Hi\n---\npurpose: transactional", "format": "md"})
    (msg,) = list(read_bytes(md.get_data(), "draft.md"))
    assert "purpose" not in msg.meta and msg.text("subject") == "Hi\n---\npurpose: transactional"


def test_open_keeps_template_syntax_and_refuses_other_files(client):
    md = '---\nsubject: "Hi {{ first_name }}, nicely done"\npurpose: promotional\n---\n\nBody {{ x }} here.\n'
    got = post(client, "/api/open?name=x.md", md.encode(), content_type="application/octet-stream").get_json()
    assert got["fields"]["subject"] == "Hi {{ first_name }}, nicely done"
    assert got["fields"]["body"] == "Body {{ x }} here.\n"
    txt = b"Subject: Nicely done\nFrom: Shop\n\nHello.\n"
    got = post(client, "/api/open?name=y.txt", txt, content_type="application/octet-stream").get_json()
    assert got["fields"] == {"subject": "Nicely done", "from": "Shop", "body": "Hello.\n"}
    bad = post(client, "/api/open?name=z.exe", b"MZ", content_type="application/octet-stream")
    assert bad.status_code == 400


def test_report_export_is_the_html_report_with_copy_escaped(client):
    resp = post(client, "/api/report", {"subject": "Nicely done! <script>alert(1)</script>"})
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert "MSG101" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_a_real_server_answers_fast_and_only_to_its_own_name(engine):
    server = make_server(engine, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.port
    try:
        def request(body: dict, host: str | None = None) -> tuple[int, bytes, float]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"Content-Type": "application/json"}
            if host:
                headers["Host"] = host
            started = time.perf_counter()
            conn.request("POST", "/api/lint", json.dumps(body), headers)
            resp = conn.getresponse()
            data = resp.read()
            conn.close()
            return resp.status, data, time.perf_counter() - started

        status, data, _ = request({"subject": "Nicely done!"})
        assert status == 200 and b'"MSG101"' in data
        assert request({"subject": "Nicely done!"}, host=f"attacker.example:{port}")[0] == 421
        times = [request({**DRAFT, "fixes": True})[2] for _ in range(15)]
        assert statistics.median(times) < 0.1, times
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
    assert not thread.is_alive()


def test_the_benchmark_measures_request_latency():
    from tests.conftest import benchmark

    figures = benchmark("bench").serve_latency(20)
    assert figures["requests"] == 20
    assert 0 < figures["median_s"] <= figures["p95_s"] <= figures["max_s"]
    assert figures["median_s"] < 0.1, figures  # "well under 100 ms for a typical email"


def test_the_command_serves_until_interrupted_and_reports_a_busy_port(tmp_path):
    import os
    import re
    import signal
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = subprocess.Popen([sys.executable, "-m", "msglint", "serve", "--port", "0", "--isolated"],
                            cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        m = re.search(r"drafting page on http://127\.0\.0\.1:(\d+)/", line)
        assert m, line
        port = int(m.group(1))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/api/lint", json.dumps({"subject": "Nicely done!"}),
                     {"Content-Type": "application/json"})
        assert b'"MSG101"' in conn.getresponse().read()
        conn.close()
        busy = subprocess.run([sys.executable, "-m", "msglint", "serve", "--port", str(port), "--isolated"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert busy.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
