// The forms table of the overview: sort, filter, search, paginate, export as CSV.
// Rows come from the JSON in #report-data and are drawn with textContent only, so no
// file name or cell text can become markup. The filter state lives in the URL hash
// (#severity=error&rule=…&q=…&sort=gap&dir=desc&page=2), so a filtered view can be
// bookmarked, and opened by a test with --dump-dom or --screenshot.
(function () {
  "use strict";
  var started = performance.now();
  var config = JSON.parse(document.getElementById("report-data").textContent);
  var L = config.labels;
  var PAGE_SIZE = 100;
  var FILTERS = { severity: "f-severity", rule: "f-rule", unit: "f-unit", year: "f-year", verdict: "f-verdict" };
  var NUMERIC = { year: 1, stated: 1, recomputed: 1, gap: 1, worst: 1 };
  var SEVERITIES = ["error", "warning", "needs_review", "info"];
  var state = { q: "", sort: "", dir: "asc", page: 1, severity: "", rule: "", unit: "", year: "", verdict: "" };
  var table = document.getElementById("forms");
  var body = table.tBodies[0];
  var filtered = [];

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // errors first, then suspect readings, then the largest gap, then by file
  function defaultOrder(a, b) {
    if (a.worst !== b.worst) return a.worst - b.worst;
    if (a.verdict !== b.verdict) return a.verdict === "suspect" ? -1 : 1;
    var ga = a.gap === null ? -1 : Math.abs(a.gap), gb = b.gap === null ? -1 : Math.abs(b.gap);
    if (ga !== gb) return gb - ga;
    return a.file < b.file ? -1 : a.file > b.file ? 1 : a.form - b.form;
  }

  function byColumn(key, dir) {
    var sign = dir === "desc" ? -1 : 1;
    return function (a, b) {
      var x = a[key], y = b[key];
      var xe = x === null || x === "" || x === undefined, ye = y === null || y === "" || y === undefined;
      if (xe || ye) return xe === ye ? defaultOrder(a, b) : xe ? 1 : -1;  // blanks last either way
      if (NUMERIC[key]) return sign * (x - y) || defaultOrder(a, b);
      return sign * String(x).localeCompare(String(y), "zh") || defaultOrder(a, b);
    };
  }

  function matches(row) {
    if (state.severity && row.severities.indexOf(state.severity) < 0) return false;
    if (state.rule && row.rules.indexOf(state.rule) < 0) return false;
    if (state.unit && row.unit !== state.unit) return false;
    if (state.year && String(row.year) !== state.year) return false;
    if (state.verdict && row.verdict !== state.verdict) return false;
    if (state.q) {
      var hay = (row.unit + " " + row.project + " " + row.file).toLowerCase();
      if (hay.indexOf(state.q.toLowerCase()) < 0) return false;
    }
    return true;
  }

  function cell(tr, value, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    td.textContent = value === null || value === undefined || value === "" ? "—" : String(value);
    tr.appendChild(td);
    return td;
  }

  function severityLabel(rank) {
    return rank < SEVERITIES.length ? L[SEVERITIES[rank]] : L.none;
  }

  function drawRow(row) {
    var tr = document.createElement("tr");
    tr.className = "w-" + (SEVERITIES[row.worst] || "none") + (row.verdict === "suspect" ? " suspect" : "");
    tr.dataset.file = row.file;
    tr.dataset.form = row.form;
    var first = document.createElement("td");
    var link = document.createElement("a");
    link.href = "docs/" + row.doc + ".html#form-" + row.form;
    link.textContent = row.file + (row.form ? " #" + (row.form + 1) : "");
    first.appendChild(link);
    tr.appendChild(first);
    cell(tr, row.unit);
    cell(tr, row.project);
    cell(tr, row.year, "num");
    cell(tr, config.kinds[row.kind] || row.kind);
    cell(tr, row.stated, "num");
    cell(tr, row.recomputed, "num");
    cell(tr, row.gap, "num" + (row.gap !== null && Math.abs(row.gap) > 0.5 ? " big-gap" : ""));
    cell(tr, row.stated_grade);
    cell(tr, row.recomputed_grade, row.recomputed_grade && row.stated_grade && row.recomputed_grade !== row.stated_grade ? "grade-differs" : "");
    var worst = cell(tr, severityLabel(row.worst) + (row.findings ? " · " + row.findings : ""));
    worst.className = "sev-cell sev-" + (SEVERITIES[row.worst] || "none");
    worst.title = row.rules.join(", ");
    cell(tr, row.verdict === "suspect" ? L.suspect : L.verdict_ok, row.verdict === "suspect" ? "verdict-suspect" : "");
    cell(tr, row.sealed ? L.yes : L.no);
    return tr;
  }

  function readHash() {
    var parts = location.hash.replace(/^#/, "").split("&");
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split("=");
      if (kv.length === 2 && Object.prototype.hasOwnProperty.call(state, kv[0])) {
        state[kv[0]] = decodeURIComponent(kv[1].replace(/\+/g, " "));
      }
    }
    state.page = Math.max(1, parseInt(state.page, 10) || 1);
  }

  function writeHash() {
    var parts = [];
    for (var key in state) {
      if (state[key] && !(key === "page" && state.page === 1) && !(key === "dir" && state.dir === "asc")) {
        parts.push(key + "=" + encodeURIComponent(state[key]));
      }
    }
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }

  function syncControls() {
    document.getElementById("search").value = state.q;
    for (var key in FILTERS) document.getElementById(FILTERS[key]).value = state[key];
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) {
      var k = heads[i].dataset.key;
      heads[i].setAttribute("aria-sort", k === state.sort ? (state.dir === "desc" ? "descending" : "ascending") : "none");
    }
  }

  function draw() {
    filtered = config.forms.filter(matches);
    filtered.sort(state.sort ? byColumn(state.sort, state.dir) : defaultOrder);
    var pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages);
    var rows = document.createDocumentFragment();
    filtered.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE).forEach(function (row) {
      rows.appendChild(drawRow(row));
    });
    if (!filtered.length) {
      var tr = document.createElement("tr");
      var td = cell(tr, L.no_forms, "muted");
      td.colSpan = config.columns.length;
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
    document.getElementById("shown").textContent = fill(L.shown, { shown: filtered.length, total: config.forms.length });
    document.getElementById("page-of").textContent = fill(L.page_of, { page: state.page, pages: pages });
    document.getElementById("prev").disabled = state.page <= 1;
    document.getElementById("next").disabled = state.page >= pages;
    syncControls();
  }

  function update() {
    writeHash();
    draw();
  }

  // ------------------------------------------------------------ CSV export
  function safeCell(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    var text = String(value);
    // as pipeline/outputs/cells.safe_cell: never a formula, never a broken row
    for (var i = 0; i < config.formulaStarts.length; i++) {
      if (text.indexOf(config.formulaStarts[i]) === 0) { text = "'" + text; break; }
    }
    text = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, function (c) {
      return "\\x" + ("0" + c.charCodeAt(0).toString(16)).slice(-2);
    });
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(columns, rows) {
    var lines = [columns.map(safeCell).join(",")];
    rows.forEach(function (row) { lines.push(row.map(safeCell).join(",")); });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function findingsCsv() {
    var data = window.JIXIAO_FINDINGS;
    var keep = {};
    filtered.forEach(function (row) { keep[row.file + "\u0000" + row.form] = true; });
    var file = data.columns.indexOf("source_file"), form = data.columns.indexOf("form_index");
    var rule = data.columns.indexOf("rule"), severity = data.columns.indexOf("severity");
    var rows = data.rows.filter(function (r) {
      return keep[r[file] + "\u0000" + r[form]] && (!state.rule || r[rule] === state.rule)
        && (!state.severity || r[severity] === state.severity);
    });
    return csv(data.columns, rows);
  }

  function formsCsv() {
    var columns = ["source_file", "form_index"].concat(config.columns.slice(1)).concat(["findings", "rules"]);
    var rows = filtered.map(function (r) {
      return [r.file, r.form, r.unit, r.project, r.year, r.kind, r.stated, r.recomputed, r.gap, r.stated_grade,
        r.recomputed_grade, SEVERITIES[r.worst] || "", r.verdict, r.sealed, r.findings, r.rules.join(" ")];
    });
    return csv(columns, rows);
  }

  function withFindings(then) {
    if (window.JIXIAO_FINDINGS) return then();
    var script = document.createElement("script");
    script.src = config.findingsScript;  // a <script> loads from file://, fetch() would not
    script.onload = then;
    document.head.appendChild(script);
  }

  function download(name, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  // #…&preview=findings (or forms) writes the export into the page instead of downloading it
  function preview(kind) {
    var pre = document.getElementById("export-preview") || document.createElement("pre");
    pre.id = "export-preview";
    pre.hidden = true;
    document.body.appendChild(pre);
    if (kind === "forms") { pre.textContent = formsCsv(); return; }
    withFindings(function () { pre.textContent = findingsCsv(); pre.dataset.ready = "1"; });
  }

  // ------------------------------------------------------------ events
  document.getElementById("search").addEventListener("input", function (e) { state.q = e.target.value; state.page = 1; update(); });
  Object.keys(FILTERS).forEach(function (key) {
    document.getElementById(FILTERS[key]).addEventListener("change", function (e) { state[key] = e.target.value; state.page = 1; update(); });
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.dataset.key;
      state.dir = state.sort === key && state.dir === "asc" ? "desc" : "asc";
      state.sort = key;
      update();
    });
  });
  document.getElementById("prev").addEventListener("click", function () { state.page--; update(); });
  document.getElementById("next").addEventListener("click", function () { state.page++; update(); });
  document.getElementById("export").addEventListener("click", function () {
    withFindings(function () { download("findings-filtered.csv", findingsCsv()); });
  });
  document.getElementById("export-forms").addEventListener("click", function () { download("forms-filtered.csv", formsCsv()); });

  readHash();
  draw();
  var wanted = /(?:^|[#&])preview=(\w+)/.exec(location.hash);
  if (wanted) preview(wanted[1]);
  document.body.dataset.js = "ready";
  document.body.dataset.drawnMs = (performance.now() - started).toFixed(1);  // this script's own work
  document.body.dataset.readyMs = performance.now().toFixed(1);  // since the navigation started
  window.addEventListener("load", function () { document.body.dataset.loadMs = performance.now().toFixed(1); });
  window.jixiaoOverview = { state: state, draw: update, findingsCsv: findingsCsv, formsCsv: formsCsv };
})();
