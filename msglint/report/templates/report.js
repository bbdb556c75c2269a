/* Filters for the msglint report. Progressive enhancement only: without this script
   every message and finding is shown. Filter state lives in the URL fragment
   (#sev=error,warning&cat=hype) so a filtered view can be shared or reloaded. */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var form = doc.getElementById("filters");
  function all(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }

  var findings = all("li.finding");
  var marks = all("mark.hl, a.ref");
  var cards = all("article.msg");
  var shown = doc.getElementById("shown");

  function checked(name) {
    var set = {};
    all("input[name=" + name + "]", form).forEach(function (box) { if (box.checked) { set[box.value] = true; } });
    return set;
  }

  function writeHash(sev, cat) {
    var boxes = all("input[type=checkbox]", form);
    var everything = boxes.every(function (b) { return b.checked; });
    var hash = everything ? "" : "#sev=" + Object.keys(sev).join(",") + "&cat=" + Object.keys(cat).join(",");
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", hash || window.location.pathname + window.location.search);
    }
  }

  function readHash() {
    var hash = window.location.hash.slice(1);
    if (hash.indexOf("=") === -1) { return; }
    hash.split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length !== 2 || (kv[0] !== "sev" && kv[0] !== "cat")) { return; }
      var wanted = {};
      decodeURIComponent(kv[1]).split(",").forEach(function (v) { wanted[v] = true; });
      all("input[name=" + kv[0] + "]", form).forEach(function (box) { box.checked = !!wanted[box.value]; });
    });
  }

  function apply(updateHash) {
    var sev = checked("sev");
    var cat = checked("cat");
    var visible = {};
    var count = 0;
    findings.forEach(function (li) {
      var on = !!(sev[li.getAttribute("data-sev")] && cat[li.getAttribute("data-cat")]);
      li.hidden = !on;
      if (on) { visible[li.id] = true; count += 1; }
    });
    marks.forEach(function (m) {
      var on = m.getAttribute("data-f").split(" ").some(function (id) { return visible[id]; });
      m.classList.toggle("off", !on);
    });
    var cardCount = 0;
    cards.forEach(function (card) {
      var on = !!card.querySelector("li.finding:not([hidden])");
      card.hidden = !on;
      if (on) { cardCount += 1; }
    });
    if (shown) {
      shown.textContent = "Showing " + count + " of " + findings.length + " findings in " +
        cardCount + " of " + cards.length + " messages.";
    }
    if (updateHash) { writeHash(sev, cat); }
  }

  function link(mark, on) {
    mark.getAttribute("data-f").split(" ").forEach(function (id) {
      var li = doc.getElementById(id);
      if (li) { li.classList.toggle("active", on); }
    });
  }

  all("mark.hl").forEach(function (m) {
    m.addEventListener("mouseenter", function () { link(m, true); });
    m.addEventListener("mouseleave", function () { link(m, false); });
  });
  findings.forEach(function (li) {
    var sel = "mark.hl";
    li.addEventListener("mouseenter", function () {
      all(sel, li.closest("article")).forEach(function (m) {
        if (m.getAttribute("data-f").split(" ").indexOf(li.id) !== -1) { m.classList.add("active"); }
      });
    });
    li.addEventListener("mouseleave", function () {
      all("mark.hl.active", li.closest("article")).forEach(function (m) { m.classList.remove("active"); });
    });
  });

  if (form) {
    form.hidden = false;
    readHash();
    form.addEventListener("change", function () { apply(true); });
    var reset = doc.getElementById("reset");
    if (reset) {
      reset.addEventListener("click", function () {
        all("input[type=checkbox]", form).forEach(function (b) { b.checked = true; });
        apply(true);
      });
    }
    apply(false);
  }
  root.setAttribute("data-msglint-ready", "1");
}());
