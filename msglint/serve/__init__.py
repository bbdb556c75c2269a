"""``msglint serve``: a local web page for drafting a message, and its JSON API.

The page (``page.html.j2``, ``static/page.js``, ``static/page.css``) has fields for the
sender name, subject, preheader and body, selects for relationship and purpose, an
inbox preview, and shows msglint's findings highlighted in place as the writer types.
Everything it needs is served from here: it works offline and loads nothing from
anywhere else.

Endpoints (all answer JSON unless said otherwise):

``GET /``
    the page
``GET /static/page.js``, ``GET /static/page.css``
    its script and style
``POST /api/lint`` (``application/json``)
    ``{"from", "subject", "preheader", "body", "relationship", "purpose"}`` (any
    subset; ``body_format`` ``"auto"``, ``"text"`` or ``"html"``) -> exactly the
    document ``msglint check --format json`` writes for that message. With
    ``"fixes": true`` the document gains one key, ``fixes``: the edits behind the
    findings' rewrite hints (:mod:`msglint.fixes`), which the page's "apply" uses.
``POST /api/open?name=FILE`` (``application/octet-stream``)
    a message file's bytes (``.md`` with front matter, ``.txt``, ``.eml``, ``.html``)
    -> the fields and context to put on the page
``POST /api/save`` (``application/json``)
    the fields plus ``format`` (``md``, ``eml``, ``html``) -> the file, as a download
``POST /api/report`` (``application/json``)
    the fields -> the HTML report of them, as a download

Why the guards: a server on the writer's machine is reachable by every web page the
writer opens. The Host header must name this server (``127.0.0.1``, ``localhost``,
``[::1]`` or an ``--allow-host``), so a DNS-rebinding page cannot talk to it; a POST
whose ``Origin`` (or ``Sec-Fetch-Site``) is another site is refused, and every POST
must carry its exact content type, which a cross-site form cannot send without a
preflight this server never grants; request bodies are capped. Copy is data: the
page builds its highlights from text nodes, never from HTML strings, and a Content
Security Policy allows only the page's own script and style.

The engine is built once per server (one :class:`~msglint.api.Session`, warmed with a
first lint) and shared by every request under a lock, so a request costs one lint
of one message, not the start-up of spaCy and the rule matchers.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import FIELDS, LineIndex, Message, Result
from ..vocabulary import PURPOSES, RELATIONSHIPS

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = {
    "page.js": "application/javascript; charset=utf-8",
    "page.css": "text/css; charset=utf-8",
}
#: the largest request body accepted (a long HTML email with its markup fits many times)
MAX_REQUEST_BYTES = 2 * 1024 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
#: an HTML body: a tag a mail body would use (plain copy rarely has one)
HTML_BODY_RE = re.compile(
    r"<(?:!doctype|html|head|body|mjml|mj-[a-z-]+|p|div|table|tr|td|br|span|a|h[1-6]|ul|ol|li|"
    r"strong|em|b|i|u|img|center|font|section)\b[^<>]*>",
    re.IGNORECASE,
)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
#: the path and id a page message is reported under
DRAFT_PATH = "<draft>"
DRAFT_ID = "draft"


#: a whole email, long enough for every kind of check (readability scores a body of
#: this length), linted once at start: the first lint of a body was 0.3 s, the rest
#: a few milliseconds
WARM_UP = {
    "from": "Acme Outdoor",
    "subject": "Nicely done! You're getting 50% off rain jackets",
    "preheader": "Psst, just between us: free delivery over $49.",
    "body": (
        "Hello there!\n\nOur team has put together a selection of rain jackets for the autumn "
        "season, and we think you will find something you like. There are new colours, new "
        "sizes and a few old favourites back in stock. Delivery is free on orders over the "
        "usual amount, and returns are free within thirty days if anything is not quite "
        "right. Hurry, only 2 left in your size!\n\nYou can read the full terms on our "
        "website, where you will also find the size guide, the care instructions and "
        "answers to the questions customers ask most often. We update the range every "
        "week, so it is worth checking back. Prices include tax and are correct at the "
        "time of sending.\n\nThe Acme team\nUnsubscribe at any time from the link below.\n"
    ),
}


class BadRequest(ValueError):
    """A request the page (or a client) got wrong: answered 400 with the reason."""


def looks_like_html(body: str) -> bool:
    """Whether a body the writer typed is HTML: a writer pastes a template's markup or
    types copy, and only the first must be read as a page is read."""
    return HTML_BODY_RE.search(body) is not None


def build_message(payload: Any) -> Message:
    """The message a request describes, read as ``msglint check`` reads it.

    Plain copy goes through :func:`~msglint.sources.mapping.message_from_mapping`, as
    ``check --subject/--body`` does. An HTML body (``body_format: "html"``, or
    ``"auto"`` and a tag in it) is read as the HTML reader reads a file's body: only
    what a reader sees is copy, and positions point into the HTML the writer typed.
    """
    from ..sources.html import extract_html
    from ..sources.mapping import InvalidMessage, message_from_mapping
    from ..text.directives import parse_directives, strip_directives
    from ..text.templates import mask_templates

    if not isinstance(payload, dict):
        raise BadRequest("expected a JSON object with the message fields")
    obj: dict[str, Any] = {}
    for key in (*FIELDS, "relationship", "purpose"):
        value = payload.get(key)
        if value is None or (key in ("relationship", "purpose") and value == ""):
            continue
        if not isinstance(value, str):
            raise BadRequest(f"{key}: expected a string")
        obj[key] = value
    fmt = payload.get("body_format", "auto")
    if fmt not in ("auto", "text", "html"):
        raise BadRequest("body_format: expected auto, text or html")
    body = obj.get("body", "")
    html = bool(body) and (fmt == "html" or (fmt == "auto" and looks_like_html(body)))
    if html:
        del obj["body"]
    try:
        msg = message_from_mapping(obj, path=DRAFT_PATH, default_id=DRAFT_ID)
    except InvalidMessage as exc:
        raise BadRequest(str(exc)) from exc
    if html:
        index = LineIndex(body)
        found = extract_html(mask_templates(strip_directives(body)), index)
        if found.body is not None:
            fields = dict(msg.fields)
            fields["body"] = found.body
            msg.fields = {k: fields[k] for k in FIELDS if k in fields}
        msg.meta["links"] = found.links
        if found.full_email and "kind" not in msg.meta:
            msg.meta["kind"] = "full-email"
        msg.suppressions = parse_directives(body, index)
    return msg


@dataclass
class Engine:
    """One session, built once, shared by every request (linting is serialised)."""

    session: Any
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(cls, config=None, warm: bool = True) -> "Engine":
        from ..api import make_session

        engine = cls(make_session(config))
        if warm:  # spaCy, the matchers, readability's dictionaries load now, not on the first keystroke
            engine.lint(build_message(WARM_UP))
        return engine

    def lint(self, msg: Message) -> Result:
        with self.lock:
            return next(iter(self.session.linter.lint([msg])))

    def report(self, fmt: str, results: Iterable[Result]) -> str:
        """The report ``msglint check --format FMT`` writes for these results."""
        from ..report import ReportOptions, make_reporter, write_report

        buf = io.StringIO()
        options = ReportOptions(fail_on=self.session.config.fail_on)
        write_report(make_reporter(fmt, buf, options), self.session.rules, results)
        return buf.getvalue()

    def fixes(self, result: Result, sources: dict[str, str]) -> list[dict[str, Any]]:
        """The edits behind the findings' rewrite hints, by finding index: ``start``
        and ``end`` are character offsets in the text the writer typed in that field
        (``sources``), ``replacement`` what goes there."""
        from ..fixes import fix_for, source_fix

        out = []
        for i, f in enumerate(result.findings):
            fld = result.message.fields.get(f.field)
            source = sources.get(f.field)
            if fld is None or source is None:
                continue
            fix = fix_for(f, self.session.registry.get(f.rule), fld.text)
            span = source_fix(fix, fld, source) if fix is not None else None
            if span is None:
                continue
            out.append({"finding": i, "rule": f.rule, "field": f.field, "start": span[0], "end": span[1],
                        "replacement": fix.replacement, "example": fix.example})
        return out


def lint_document(engine: Engine, payload: Any) -> str:
    """The JSON ``/api/lint`` answers: ``check --format json``'s document, plus the
    fixes when asked for."""
    msg = build_message(payload)
    result = engine.lint(msg)
    text = engine.report("json", [result])
    if payload.get("fixes") is True:
        doc = json.loads(text)
        sources = {k: v for k, v in payload.items() if k in FIELDS and isinstance(v, str)}
        doc["fixes"] = engine.fixes(result, sources)
        text = json.dumps(doc, ensure_ascii=False, separators=(", ", ": ")) + "\n"
    return text


# -- files ---------------------------------------------------------------------------

def _front_matter_value(data: dict, name: str) -> str | None:
    from ..sources.mapping import FIELD_KEYS

    for key in FIELD_KEYS.get(name, (name,)):
        value = data.get(key)
        if value is not None:
            return str(value)
    return None


def open_file(name: str, data: bytes) -> dict[str, Any]:
    """A message file's fields and context, as the page's fields take them.

    Markdown and text keep the writer's own text (template syntax and all): the
    front matter's values, or the ``Subject:``-style header lines, and the body as
    written. An ``.html`` file keeps its markup as the body, with the subject from
    ``<title>`` and the preheader from the hidden preheader block (or front matter).
    An ``.eml`` is read with msglint's email reader: headers decoded, the body as
    text. Only the first message of a file is opened.
    """
    from ..model import SourceError
    from ..sources import decode, read_bytes
    from ..sources.frontmatter import read_front_matter
    from ..sources.plaintext import HEADER_FIELDS, HEADER_RE

    ext = os.path.splitext(name.lower())[1]
    if ext not in (".md", ".markdown", ".txt", ".eml", ".html", ".htm"):
        raise BadRequest(f"{name}: open a .md, .txt, .eml or .html file")
    text = decode(data).replace("\r\n", "\n")
    out: dict[str, Any] = {"name": os.path.basename(name), "fields": {}, "relationship": "", "purpose": "",
                           "body_format": "text", "warnings": []}
    fields: dict[str, str] = out["fields"]
    msgs = []
    for item in read_bytes(text.encode("utf-8"), name):
        if isinstance(item, SourceError):
            if item.level == "error":
                raise BadRequest(str(item))
            out["warnings"].append(str(item))
        else:
            msgs.append(item)
    if not msgs:
        raise BadRequest(f"{name}: no message found")
    msg = msgs[0]
    out["relationship"] = msg.meta.get("relationship", "")
    out["purpose"] = msg.meta.get("purpose", "")
    body_start = 0
    fm = read_front_matter(text, name) if ext != ".eml" else None
    if fm is not None and not isinstance(fm, SourceError):
        body_start = fm.end
        for key in FIELDS:
            value = _front_matter_value(fm.data, key)
            if value is not None:
                fields[key] = value
    if ext == ".eml":
        for key, fld in msg.fields.items():
            fields[key] = fld.text
    elif ext in (".html", ".htm"):
        for key in ("subject", "preheader"):
            if key not in fields and key in msg.fields:
                fields[key] = " ".join(msg.fields[key].text.split())
        fields["body"] = text[body_start:].lstrip("\n")
        out["body_format"] = "html"
    else:
        if fm is None:
            pos = 0
            for line in text.split("\n"):
                m = HEADER_RE.fullmatch(line)
                if not m:
                    break
                key = m.group("key").lower()
                if key in HEADER_FIELDS:
                    fields[HEADER_FIELDS[key]] = m.group("value").strip()
                pos += len(line) + 1
            body_start = min(pos, len(text))
        fields["body"] = text[body_start:].lstrip("\n")
    return out


def _yaml_scalar(value: str) -> str:
    """A YAML double-quoted scalar: always quoted, so a ``#`` or ``:`` in copy stays copy."""
    return json.dumps(value, ensure_ascii=False)


def save_file(payload: Any) -> tuple[str, str, str]:
    """``(file name, content type, text)`` of the message on the page, in the chosen
    format; what msglint's readers read back as the same fields and context."""
    import html as html_mod

    if not isinstance(payload, dict):
        raise BadRequest("expected a JSON object with the message fields")
    build_message(payload)  # the same validation as a lint (context values, types)
    fmt = payload.get("format", "md")
    values = {k: payload.get(k) or "" for k in FIELDS}
    context = {k: payload.get(k) or "" for k in ("relationship", "purpose")}
    body = values["body"]
    if fmt == "md":
        head = [f"{k}: {_yaml_scalar(v)}" for k, v in (*values.items(), *context.items())
                if v and k != "body"]
        text = ("---\n" + "\n".join(head) + "\n---\n\n" if head else "") + body
        if text and not text.endswith("\n"):
            text += "\n"
        return "draft.md", "text/markdown; charset=utf-8", text
    if fmt == "html":
        head = [f"{k}: {_yaml_scalar(v)}" for k, v in (*values.items(), *context.items())
                if v and k != "body"]
        if looks_like_html(body):
            page = body
        else:
            paras = "\n".join(f"<p>{html_mod.escape(p).replace(chr(10), '<br>')}</p>"
                              for p in re.split(r"\n\s*\n", body.strip()) if p.strip())
            hidden = ('<div class="preheader" style="display:none;max-height:0;overflow:hidden;'
                      f'mso-hide:all">{html_mod.escape(values["preheader"])}</div>\n'
                      if values["preheader"] else "")
            page = ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                    f"<title>{html_mod.escape(values['subject'])}</title>\n</head>\n<body>\n"
                    f"{hidden}{paras}\n</body>\n</html>\n")
        # front matter wins over <title> in msglint's HTML reader: it carries the
        # sender name and the context, which HTML has no place for
        text = ("---\n" + "\n".join(head) + "\n---\n" if head else "") + page
        return "draft.html", "text/html; charset=utf-8", text
    if fmt == "eml":
        try:
            return "draft.eml", "message/rfc822", _eml(values, context, body, html_mod)
        except ValueError as exc:  # a header value with a line break in it
            raise BadRequest(f"cannot write an email: {exc}") from exc
    raise BadRequest("format: expected md, eml or html")


def _eml(values: dict[str, str], context: dict[str, str], body: str, html_mod) -> str:
    """The draft as an email: From (the display name, at an address that cannot
    exist), Subject, the context in msglint's X- headers, and the body; a preheader
    lives in the HTML part, hidden, as mail clients find it."""
    from email import policy
    from email.headerregistry import Address
    from email.message import EmailMessage

    msg = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    if values["from"]:
        msg["From"] = Address(display_name=values["from"], addr_spec="sender@example.invalid")
    if values["subject"]:
        msg["Subject"] = values["subject"]
    for key, header in (("relationship", "X-Msglint-Relationship"), ("purpose", "X-Msglint-Purpose")):
        if context[key]:
            msg[header] = context[key]
    if looks_like_html(body):
        msg.set_content(body, subtype="html")
    else:
        msg.set_content(body or "\n")
        if values["preheader"]:  # a mail has no preheader header: it is hidden text in the HTML part
            paras = "".join(f"<p>{html_mod.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
            msg.add_alternative(
                '<html><body><div style="display:none;max-height:0;overflow:hidden;mso-hide:all">'
                f'{html_mod.escape(values["preheader"])}</div>{paras}</body></html>', subtype="html")
    return msg.as_string()


# -- the web application -----------------------------------------------------------------

def _page(engine: Engine) -> str:
    import jinja2

    from .. import __version__

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    rules = {r.id: {"name": r.name, "category": r.category, "severity": r.severity, "why": r.why}
             for r in engine.session.rules}
    return env.get_template("page.html.j2").render(
        version=__version__, relationships=RELATIONSHIPS, purposes=PURPOSES,
        config=str(engine.session.config.path or ""), rules=rules,
        max_bytes=MAX_REQUEST_BYTES)


class App:
    """The WSGI application: the page, its assets and the API, behind the guards."""

    def __init__(self, engine: Engine, port: int, allow_hosts: Iterable[str] = ()):
        self.engine = engine
        self.port = port
        names = {*LOOPBACK_NAMES, *(h.lower() for h in allow_hosts)}
        self.hosts = {f"{n}:{port}" for n in names} | (names if port == 80 else set())
        self.origins = {f"http://{h}" for h in self.hosts}
        self.page = _page(engine).encode("utf-8")
        self.static = {}
        for name in STATIC:
            with open(os.path.join(HERE, "static", name), "rb") as fh:
                self.static[name] = fh.read()

    def _headers(self, ctype: str) -> dict[str, str]:
        """Headers every answer carries: the page may load only its own script and
        style, may not be framed, and nothing is cached (drafts are private)."""
        return {"Content-Type": ctype, "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cache-Control": "no-store",
                "Cross-Origin-Resource-Policy": "same-origin"}

    def respond(self, body: bytes | str, status: int = 200, ctype: str = "application/json; charset=utf-8",
                download: str | None = None):
        from werkzeug.wrappers import Response

        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = self._headers(ctype)
        if download:
            headers["Content-Disposition"] = f'attachment; filename="{download}"'
        return Response(body, status=status, headers=headers)

    def error(self, status: int, message: str):
        return self.respond(json.dumps({"error": message}) + "\n", status)

    def __call__(self, environ, start_response):
        from werkzeug.exceptions import RequestEntityTooLarge
        from werkzeug.wrappers import Request

        request = Request(environ)
        request.max_content_length = MAX_REQUEST_BYTES
        try:
            response = self.handle(request)
        except RequestEntityTooLarge:
            response = self.error(413, f"request body over {MAX_REQUEST_BYTES} bytes")
        except BadRequest as exc:
            response = self.error(400, str(exc))
        except Exception as exc:  # a bug: answered, logged, and the server goes on
            import logging

            logging.getLogger(__name__).exception("msglint serve: %s %s failed", request.method, request.path)
            response = self.error(500, f"internal error ({type(exc).__name__}: {exc}); please report this")
        return response(environ, start_response)

    def guard(self, request) -> Any:
        """The refusal for a request from anywhere but this server's own page, or None."""
        host = (request.headers.get("Host") or "").lower()
        if host not in self.hosts:
            return self.error(421 if host else 400, "this server answers only to its own address "
                              f"(Host {host!r} is not one of them)")
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and origin.lower() not in self.origins:
                return self.error(403, "cross-origin requests are refused")
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                return self.error(403, "cross-site requests are refused")
            length = request.content_length
            if length is not None and length > MAX_REQUEST_BYTES:
                return self.error(413, f"request body over {MAX_REQUEST_BYTES} bytes")
        return None

    def _json(self, request) -> Any:
        """The request's JSON body. The exact content type is required: a cross-site
        form can send only form and plain-text types, so this refuses it too."""
        if request.mimetype != "application/json":
            raise BadRequest("send the fields as application/json")
        try:
            return json.loads(request.get_data(cache=False).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BadRequest(f"invalid JSON: {exc}") from exc

    def handle(self, request):
        """Route a request that passed the guards (every route is listed here: nothing
        is served from the file system by its path)."""
        refused = self.guard(request)
        if refused is not None:
            return refused
        path, method = request.path, request.method
        if method in ("GET", "HEAD"):
            if path == "/":
                return self.respond(self.page, ctype="text/html; charset=utf-8")
            if path == "/favicon.ico":  # browsers ask; "nothing" is an answer, not an error
                return self.respond(b"", status=204, ctype="image/x-icon")
            if path.startswith("/static/") and path[len("/static/"):] in self.static:
                name = path[len("/static/"):]
                return self.respond(self.static[name], ctype=STATIC[name])
            return self.error(404, "not found")
        if method != "POST":
            return self.error(405, "method not allowed")
        if path == "/api/lint":
            return self.respond(lint_document(self.engine, self._json(request)))
        if path == "/api/save":
            name, ctype, text = save_file(self._json(request))
            return self.respond(text, ctype=ctype, download=name)
        if path == "/api/report":
            payload = self._json(request)
            msg = build_message(payload)
            return self.respond(self.engine.report("html", [self.engine.lint(msg)]),
                                ctype="text/html; charset=utf-8", download="msglint-report.html")
        if path == "/api/open":
            if request.mimetype != "application/octet-stream":
                raise BadRequest("send the file as application/octet-stream")
            name = request.args.get("name", "")
            return self.respond(json.dumps(open_file(name, request.get_data(cache=False)),
                                           ensure_ascii=False) + "\n")
        return self.error(404, "not found")


def make_server(engine: Engine, host: str = "127.0.0.1", port: int = 0, allow_hosts: Iterable[str] = ()):
    """A threaded HTTP server for the page on ``host:port`` (0: any free port)."""
    from werkzeug.serving import make_server as wz_make_server

    holder: dict[str, App] = {}

    def app(environ, start_response):  # bound once the port is known
        return holder["app"](environ, start_response)

    # bound here, not by Werkzeug, which prints its own message and exits on a busy port:
    # the command reports it as msglint reports every usage error
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=128)
    try:
        server = wz_make_server(host, port, app, threaded=True, fd=sock.fileno())
    finally:
        sock.close()  # Werkzeug keeps its own duplicate of the descriptor
    extra = list(allow_hosts)
    if host not in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::", ""):
        extra.append(f"[{host}]" if ":" in host else host)
    holder["app"] = App(engine, server.port, extra)
    return server


def url_of(server) -> str:
    host = server.host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{server.port}/"
