// planlint review page: filters, highlight colours, outline counts. No network, no eval, no
// innerHTML: every draft-derived string reaches the DOM as text only.
(function () {
  "use strict";
  var RANK = { info: 1, warning: 2, error: 3 };
  var SEV = ["", "info", "warning", "error"];
  var data = JSON.parse(document.getElementById("planlint-data").textContent);
  var findings = data.findings;      // [{k: file, s: severity, c: category, r: code, h: heading, m: message}]
  var parents = data.headings;       // parent index of each outline heading, -1 at the top
  var visible = findings.map(function () { return true; });

  var cards = [];
  Array.prototype.forEach.call(document.querySelectorAll("li.fd"), function (el) {
    cards[+el.getAttribute("data-i")] = el;
  });
  var marks = Array.prototype.map.call(document.querySelectorAll("mark.hl"), function (el) {
    return { el: el, ids: el.getAttribute("data-f").split(" ").map(Number) };
  });
  var marksOf = findings.map(function () { return []; });
  marks.forEach(function (m) { m.ids.forEach(function (i) { marksOf[i].push(m.el); }); });
  var headingCounts = Array.prototype.map.call(document.querySelectorAll("[data-h]"), function (el) {
    return { el: el, h: +el.getAttribute("data-h") };
  });
  var fileCounts = Array.prototype.map.call(document.querySelectorAll("[data-file-count]"), function (el) {
    return { el: el, k: +el.getAttribute("data-file-count") };
  });
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input[data-g]"));

  function chosen() {
    var sets = { s: {}, c: {}, r: {} };
    inputs.forEach(function (el) { if (el.checked) sets[el.getAttribute("data-g")][el.value] = true; });
    return sets;
  }

  function apply() {
    var sets = chosen();
    var shown = 0;
    findings.forEach(function (f, i) {
      var on = !!(sets.s[f.s] && sets.c[f.c] && sets.r[f.r]);
      visible[i] = on;
      if (on) shown++;
      if (cards[i]) cards[i].hidden = !on;
    });
    marks.forEach(function (m) {
      var best = 0, titles = [];
      m.ids.forEach(function (i) {
        if (!visible[i]) return;
        best = Math.max(best, RANK[findings[i].s]);
        titles.push(findings[i].r + " " + findings[i].m);
      });
      m.el.className = m.el.className.replace(/\s*\b(s-\w+|off)\b/g, "") + (best ? " s-" + SEV[best] : " off");
      m.el.title = titles.join("\n");
    });
    var perHeading = parents.map(function () { return 0; });
    var perFile = {};
    findings.forEach(function (f, i) {
      if (!visible[i]) return;
      perFile[f.k] = (perFile[f.k] || 0) + 1;
      for (var h = f.h; h >= 0; h = parents[h]) perHeading[h]++;
    });
    headingCounts.forEach(function (x) {
      x.el.textContent = perHeading[x.h] ? String(perHeading[x.h]) : "";
    });
    fileCounts.forEach(function (x) { x.el.textContent = String(perFile[x.k] || 0); });
    document.getElementById("shown").textContent = String(shown);
  }

  function flash(els) {
    Array.prototype.forEach.call(document.querySelectorAll(".focus"), function (el) {
      el.classList.remove("focus");
    });
    els.forEach(function (el) { el.classList.add("focus"); });
  }

  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("input[data-g]")) apply();
  });
  document.addEventListener("click", function (e) {
    var t = e.target;
    var group = t.closest && t.closest("[data-all]");
    if (group) {
      var g = group.getAttribute("data-g"), on = group.getAttribute("data-all") === "1";
      inputs.forEach(function (el) { if (el.getAttribute("data-g") === g) el.checked = on; });
      apply();
      return;
    }
    var mark = t.closest && t.closest("mark.hl");
    if (mark) {
      var ids = mark.getAttribute("data-f").split(" ").map(Number).filter(function (i) { return visible[i]; });
      if (ids.length && cards[ids[0]]) {
        flash(ids.map(function (i) { return cards[i]; }).concat([mark]));
        cards[ids[0]].scrollIntoView({ block: "nearest" });
      }
      return;
    }
    var card = t.closest && t.closest("li.fd");
    if (card && t.tagName !== "A") {
      var i = +card.getAttribute("data-i");
      flash([card].concat(marksOf[i]));
      if (marksOf[i].length) marksOf[i][0].scrollIntoView({ block: "center" });
    }
  });
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
