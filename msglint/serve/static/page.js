// msglint serve: the drafting page.
//
// Copy is data: every piece of text the writer typed or msglint answered is put on the
// page with textContent or as a text node, never as HTML, so hostile copy stays text.
// Highlights sit in a "backdrop" behind each transparent textarea that holds the same
// text in the same font, so marks line up with the words without touching the field.
// Findings give 1-based line and column counted in characters (code points); a
// JavaScript string counts UTF-16 units, so positions are converted, never assumed.
"use strict";

(function () {
  var FIELDS = ["from", "subject", "preheader", "body"];
  var LABELS = {from: "Sender name", subject: "Subject", preheader: "Preheader", body: "Body"};
  // where inboxes cut: a desktop list row and a phone's (typical widths, in characters)
  var CUT = {desktop: {from: 20, line: 100}, mobile: {from: 25, subject: 38, preheader: 90}};
  var DEBOUNCE_MS = 250;
  var SEV_RANK = {info: 0, warning: 1, error: 2};

  var RULES = JSON.parse(document.getElementById("msglint-rules").textContent);
  var areas = {}, backdrops = {};
  FIELDS.forEach(function (f) {
    areas[f] = document.getElementById("f-" + f);
    backdrops[f] = document.getElementById("bd-" + f);
  });
  var relSelect = document.getElementById("relationship");
  var purposeSelect = document.getElementById("purpose");
  var statusEl = document.getElementById("status");
  var contextEl = document.getElementById("context");
  var groupsEl = document.getElementById("groups");
  var popover = document.getElementById("popover");

  var seq = 0;           // the latest lint request
  var timer = null;
  var shown = null;      // {values, findings: [{finding, fix, field, a, b, index}]}
  var hideTimer = null;
  var bodyFormat = "auto";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // --- positions -------------------------------------------------------------------

  // the UTF-16 index of code point offset `cp` in `s`
  function cpToIndex(s, cp) {
    var i = 0, n = 0;
    while (i < s.length && n < cp) {
      var c = s.charCodeAt(i);
      i += (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) ? 2 : 1;
      n++;
    }
    return i;
  }

  // the UTF-16 index of 1-based line and column (code points), as findings give them
  function lineColToIndex(s, line, col) {
    var start = 0;
    for (var l = 1; l < line; l++) {
      var nl = s.indexOf("\n", start);
      if (nl === -1) return s.length;
      start = nl + 1;
    }
    return start + cpToIndex(s.slice(start), col - 1);
  }

  function values() {
    var v = {};
    FIELDS.forEach(function (f) { v[f] = areas[f].value; });
    return v;
  }

  function payload(extra) {
    var p = values();
    if (relSelect.value) p.relationship = relSelect.value;
    if (purposeSelect.value) p.purpose = purposeSelect.value;
    p.body_format = bodyFormat;
    for (var k in extra) p[k] = extra[k];
    return p;
  }

  function sameValues(a, b) {
    return FIELDS.every(function (f) { return a[f] === b[f]; });
  }

  // --- requests --------------------------------------------------------------------

  function post(path, body, type) {
    return fetch(path, {
      method: "POST",
      headers: {"Content-Type": type || "application/json"},
      body: type ? body : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (resp) {
      if (!resp.ok) {
        return resp.json().then(function (j) { throw new Error(j.error || resp.statusText); },
                                function () { throw new Error(resp.status + " " + resp.statusText); });
      }
      return resp;
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(lintNow, DEBOUNCE_MS);
  }

  function lintNow() {
    clearTimeout(timer);
    var mine = ++seq;
    var sent = values();
    if (!FIELDS.some(function (f) { return sent[f].trim(); })) {
      render(sent, null);
      return;
    }
    post("/api/lint", payload({fixes: true}))
      .then(function (resp) { return resp.json(); })
      .then(function (doc) {
        if (mine !== seq) return;                       // a newer request is on its way
        if (!sameValues(sent, values())) { schedule(); return; }
        render(sent, doc);
      })
      .catch(function (err) {
        if (mine !== seq) return;
        statusEl.textContent = "Could not lint: " + err.message;
        statusEl.className = "status failed";
      });
  }

  // --- rendering -------------------------------------------------------------------

  function render(sent, doc) {
    var items = [];
    var msg = doc && doc.messages && doc.messages[0];
    if (msg) {
      var fixes = {};
      (doc.fixes || []).forEach(function (fx) { fixes[fx.finding] = fx; });
      msg.findings.concat(msg.notices).forEach(function (f, i) {
        var text = sent[f.field] || "";
        var a = lineColToIndex(text, f.line, f.column);
        var b = lineColToIndex(text, f.end_line, f.end_column);
        items.push({finding: f, fix: i < msg.findings.length ? fixes[i] || null : null,
                    field: f.field, a: a, b: Math.max(a, b), index: i});
      });
    }
    shown = {values: sent, items: items};
    FIELDS.forEach(function (f) { paintBackdrop(f, sent[f], items); });
    renderSide(msg, doc);
    hidePopover();
    document.documentElement.setAttribute("data-linted", String(seq));
  }

  // the field's text as text nodes, the flagged runs wrapped in <mark>; runs split at
  // every finding boundary so overlapping findings nest nothing
  function paintBackdrop(field, text, items) {
    var bd = backdrops[field];
    while (bd.firstChild) bd.removeChild(bd.firstChild);
    var mine = items.filter(function (it) { return it.field === field && it.b > it.a; });
    var cuts = [0, text.length];
    mine.forEach(function (it) { cuts.push(it.a, it.b); });
    cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (x, y) { return x - y; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var lo = cuts[k], hi = cuts[k + 1];
      var covering = mine.filter(function (it) { return it.a <= lo && it.b >= hi; });
      var piece = text.slice(lo, hi);
      if (!covering.length) {
        bd.appendChild(document.createTextNode(piece));
        continue;
      }
      var sev = covering.reduce(function (s, it) {
        return SEV_RANK[it.finding.severity] > SEV_RANK[s] ? it.finding.severity : s;
      }, "info");
      var mark = el("mark", "hl sev-" + sev, piece);
      mark.setAttribute("data-items", covering.map(function (it) { return it.index; }).join(" "));
      mark.setAttribute("data-rules", covering.map(function (it) { return it.finding.rule; }).join(" "));
      bd.appendChild(mark);
    }
    // a trailing newline needs a character after it, or the backdrop is a line short
    bd.appendChild(document.createTextNode(text.slice(-1) === "\n" ? " " : "\u200b"));
    fit(field);
  }

  function card(it, inPopover) {
    var f = it.finding;
    var rule = RULES[f.rule] || {};
    var c = el("div", "card sev-" + f.severity);
    c.setAttribute("data-rule", f.rule);
    var head = el("div", "card-head");
    head.appendChild(el("span", "sev", f.severity));
    head.appendChild(el("code", "code", f.rule));
    head.appendChild(el("span", "name", f.name));
    if (!inPopover) head.appendChild(el("span", "where", LABELS[f.field] + " " + f.line + ":" + f.column));
    c.appendChild(head);
    c.appendChild(el("p", "msg", f.message));
    if (rule.why) {
      var why = el("p", "why");
      why.appendChild(el("strong", null, "Why: "));
      why.appendChild(document.createTextNode(rule.why));
      c.appendChild(why);
    }
    if (f.suggestion) {
      var sug = el("p", "suggestion");
      sug.appendChild(el("strong", null, "Instead: "));
      sug.appendChild(document.createTextNode(f.suggestion));
      c.appendChild(sug);
    }
    if (it.fix) {
      var btn = el("button", "apply", "Apply");
      btn.type = "button";
      btn.title = "Replace with: " + it.fix.example;
      btn.setAttribute("data-rule", f.rule);
      btn.addEventListener("click", function (ev) { ev.stopPropagation(); apply(it); });
      c.appendChild(btn);
    }
    if (!inPopover) {
      c.tabIndex = 0;
      c.addEventListener("click", function () { select(it); });
      c.addEventListener("keydown", function (ev) { if (ev.key === "Enter") select(it); });
    }
    return c;
  }

  function renderSide(msg, doc) {
    while (groupsEl.firstChild) groupsEl.removeChild(groupsEl.firstChild);
    while (contextEl.firstChild) contextEl.removeChild(contextEl.firstChild);
    statusEl.className = "status";
    if (!msg) {
      statusEl.textContent = "Type a subject line to start.";
      return;
    }
    var items = shown.items;
    var s = doc.summary.by_severity;
    var total = items.length;
    statusEl.textContent = total ? total + (total === 1 ? " finding" : " findings") + ": " +
      ["error", "warning", "info"].filter(function (k) { return s[k]; })
        .map(function (k) { return s[k] + " " + k + (s[k] === 1 ? "" : "s"); }).join(", ") +
      (msg.notices.length ? ", " + msg.notices.length + " notice" : "")
      : "No findings. Nothing reads as false here.";
    if (!total) statusEl.className = "status clean";

    var ctx = msg.context;
    var dl = el("dl");
    dl.appendChild(el("dt", null, "Relationship"));
    dl.appendChild(el("dd", null, ctx.relationship + " (" + ctx.relationship_source + ")"));
    dl.appendChild(el("dt", null, "Purpose"));
    var pd = el("dd", null, ctx.purpose + " (" + ctx.purpose_source + ")");
    if (ctx.purpose_inferred && ctx.purpose_reason) {
      pd.appendChild(el("span", "reason", "why: " + ctx.purpose_reason));
    }
    dl.appendChild(pd);
    contextEl.appendChild(dl);

    var groups = {};
    items.forEach(function (it) { (groups[it.finding.category] = groups[it.finding.category] || []).push(it); });
    Object.keys(groups).sort(function (x, y) {
      return groups[y].length - groups[x].length || (x < y ? -1 : x > y ? 1 : 0);
    }).forEach(function (cat) {
      var sec = el("section", "group");
      sec.setAttribute("data-category", cat);
      var h = el("h2", null, cat + " ");
      h.appendChild(el("span", "count", groups[cat].length));
      sec.appendChild(h);
      groups[cat].forEach(function (it) { sec.appendChild(card(it, false)); });
      groupsEl.appendChild(sec);
    });
  }

  // --- interaction -----------------------------------------------------------------

  function select(it) {
    var ta = areas[it.field];
    ta.focus();
    ta.setSelectionRange(it.a, it.b);
    showPopoverFor(it.field, [it]);
  }

  function apply(it) {
    if (!shown || !it.fix || !sameValues(shown.values, values())) { lintNow(); return; }
    var ta = areas[it.field];
    var text = ta.value;
    var a = cpToIndex(text, it.fix.start), b = cpToIndex(text, it.fix.end);
    ta.value = text.slice(0, a) + it.fix.replacement + text.slice(b);
    ta.focus();
    // a placeholder the writer must fill ("[date]") comes selected
    var ph = it.fix.replacement.search(/\[[^\]]+\]/);
    if (ph !== -1) {
      var m = it.fix.replacement.slice(ph).match(/^\[[^\]]+\]/)[0];
      ta.setSelectionRange(a + ph, a + ph + m.length);
    } else {
      ta.setSelectionRange(a + it.fix.replacement.length, a + it.fix.replacement.length);
    }
    hidePopover();
    changed(it.field);
    lintNow();
  }

  function itemsAt(field, index) {
    if (!shown || !sameValues(shown.values, values())) return [];
    return shown.items.filter(function (it) { return it.field === field && it.a <= index && index < it.b; });
  }

  function showPopoverFor(field, items, anchor) {
    if (!items.length) { hidePopover(); return; }
    clearTimeout(hideTimer);
    while (popover.firstChild) popover.removeChild(popover.firstChild);
    items.forEach(function (it) { popover.appendChild(card(it, true)); });
    if (!anchor) {
      var marks = backdrops[field].querySelectorAll("mark");
      for (var i = 0; i < marks.length; i++) {
        var ids = marks[i].getAttribute("data-items").split(" ");
        if (ids.indexOf(String(items[0].index)) !== -1) { anchor = marks[i]; break; }
      }
    }
    var host = popover.offsetParent || document.body;
    var box = (anchor || areas[field]).getBoundingClientRect();
    var base = host.getBoundingClientRect();
    popover.style.left = Math.max(0, box.left - base.left) + "px";
    popover.style.top = (box.bottom - base.top + 6) + "px";
    popover.hidden = false;
  }

  function hidePopover() {
    clearTimeout(hideTimer);
    popover.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hidePopover, 500);
  }

  popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  popover.addEventListener("mouseleave", hideSoon);

  // the textarea is on top of the marks, so the pointer is tested against their boxes
  function markAt(field, x, y) {
    var marks = backdrops[field].querySelectorAll("mark");
    for (var i = 0; i < marks.length; i++) {
      var rects = marks[i].getClientRects();
      for (var j = 0; j < rects.length; j++) {
        var r = rects[j];
        if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return marks[i];
      }
    }
    return null;
  }

  function fit(field) {
    var ta = areas[field];
    ta.style.height = "auto";
    var cs = getComputedStyle(ta);
    var borders = parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
    ta.style.height = (ta.scrollHeight + borders) + "px";
  }

  function changed(field) {
    fit(field);
    preview();
    if (shown && !sameValues(shown.values, values())) {
      // the old marks no longer fit the text: show the text plain until the answer comes
      paintBackdrop(field, areas[field].value, []);
    }
    if (field === "body") bodyFormat = "auto";
    schedule();
  }

  FIELDS.forEach(function (field) {
    var ta = areas[field];
    if (ta.getAttribute("data-single")) {
      ta.addEventListener("keydown", function (ev) { if (ev.key === "Enter") ev.preventDefault(); });
    }
    ta.addEventListener("input", function () {
      if (ta.getAttribute("data-single") && /[\r\n]/.test(ta.value)) {
        var pos = ta.selectionStart;
        ta.value = ta.value.replace(/\r?\n|\r/g, " ");
        ta.setSelectionRange(pos, pos);
      }
      changed(field);
    });
    ta.addEventListener("mousemove", function (ev) {
      var mark = markAt(field, ev.clientX, ev.clientY);
      if (!mark) { if (!popover.hidden) hideSoon(); return; }
      var ids = mark.getAttribute("data-items").split(" ").map(Number);
      var items = shown.items.filter(function (it) { return ids.indexOf(it.index) !== -1; });
      showPopoverFor(field, items, mark);
    });
    ta.addEventListener("mouseleave", hideSoon);
    function caret() {
      if (ta.selectionStart !== ta.selectionEnd) return;
      showPopoverFor(field, itemsAt(field, ta.selectionStart));
    }
    ta.addEventListener("keyup", function (ev) { if (ev.key.indexOf("Arrow") === 0 || ev.key === "Home" || ev.key === "End") caret(); });
    ta.addEventListener("click", caret);
  });
  [relSelect, purposeSelect].forEach(function (s) { s.addEventListener("change", lintNow); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hidePopover(); });
  window.addEventListener("resize", function () { FIELDS.forEach(fit); });

  // --- inbox preview ---------------------------------------------------------------

  function cut(text, n) {
    var chars = Array.from(text.replace(/\s+/g, " ").trim());
    return chars.length > n ? chars.slice(0, n - 1).join("").replace(/\s+$/, "") + "\u2026" : chars.join("");
  }

  function setText(id, text, empty) {
    var e = document.getElementById(id);
    e.textContent = text || empty || "";
    e.classList.toggle("empty", !text);
  }

  function preview() {
    var v = values();
    var from = v.from, subject = v.subject, pre = v.preheader;
    setText("pv-from-d", cut(from, CUT.desktop.from), "(sender)");
    var line = Array.from(subject.replace(/\s+/g, " ").trim());
    var room = CUT.desktop.line;
    var subj = cut(subject, room);
    setText("pv-subject-d", subj, "(subject)");
    var left = room - Array.from(subj).length - 3;
    var showPre = pre.trim() && left > 0 && line.length < room;
    setText("pv-sep-d", showPre ? " \u2013 " : "");
    setText("pv-pre-d", showPre ? cut(pre, left) : "");
    setText("pv-from-m", cut(from, CUT.mobile.from), "(sender)");
    setText("pv-subject-m", cut(subject, CUT.mobile.subject), "(subject)");
    setText("pv-pre-m", cut(pre, CUT.mobile.preheader), "(preheader)");
  }

  // --- files -----------------------------------------------------------------------

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  }

  function filename(resp, fallback) {
    var m = /filename="([^"]+)"/.exec(resp.headers.get("Content-Disposition") || "");
    return m ? m[1] : fallback;
  }

  function fail(what) {
    return function (err) {
      statusEl.textContent = what + ": " + err.message;
      statusEl.className = "status failed";
    };
  }

  document.getElementById("open").addEventListener("change", function (ev) {
    var file = ev.target.files && ev.target.files[0];
    if (!file) return;
    post("/api/open?name=" + encodeURIComponent(file.name), file, "application/octet-stream")
      .then(function (resp) { return resp.json(); })
      .then(function (doc) {
        FIELDS.forEach(function (f) { areas[f].value = doc.fields[f] || ""; fit(f); });
        relSelect.value = doc.relationship || "";
        purposeSelect.value = doc.purpose || "";
        bodyFormat = doc.body_format || "auto";
        preview();
        lintNow();
      })
      .catch(fail("Could not open " + file.name))
      .then(function () { ev.target.value = ""; });
  });

  document.getElementById("save").addEventListener("click", function () {
    var fmt = document.getElementById("save-format").value;
    post("/api/save", payload({format: fmt}))
      .then(function (resp) {
        return resp.blob().then(function (b) { download(b, filename(resp, "draft." + fmt)); });
      })
      .catch(fail("Could not save"));
  });

  document.getElementById("export").addEventListener("click", function () {
    post("/api/report", payload({}))
      .then(function (resp) {
        return resp.blob().then(function (b) { download(b, filename(resp, "msglint-report.html")); });
      })
      .catch(fail("Could not export the report"));
  });

  FIELDS.forEach(fit);
  preview();
  if (FIELDS.some(function (f) { return areas[f].value; })) lintNow();  // a reload keeps the fields
  document.documentElement.setAttribute("data-ready", "1");
})();
