// Highlight a finding's row both on the page picture and in the table; filter the overview.
(function () {
  "use strict";
  function pairOf(id) {
    if (id.indexOf("box-") === 0) return "row-" + id.slice(4);
    if (id.indexOf("row-") === 0) return "box-" + id.slice(4);
    return null;
  }
  function highlight(id) {
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    if (!id) return;
    [id, pairOf(id)].forEach(function (key) {
      var el = key && document.getElementById(key);
      if (el) el.classList.add("hl");
    });
    var target = document.getElementById(id);
    if (target) target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", function () { highlight(location.hash.slice(1)); });
  if (location.hash) highlight(location.hash.slice(1));

  var filter = document.getElementById("filter");
  var statusFilter = document.getElementById("status-filter");
  var table = document.getElementById("documents");
  function applyFilter() {
    var text = (filter.value || "").toLowerCase();
    var status = statusFilter.value;
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var haystack = row.dataset.name + " " + (row.dataset.unit || "");
      var visible = haystack.indexOf(text) >= 0 && (!status || row.dataset.status === status);
      row.style.display = visible ? "" : "none";
      if (visible) shown++;
    }
    document.getElementById("shown").textContent = shown + " of " + rows.length + " shown";
  }
  if (filter && statusFilter && table) {
    filter.addEventListener("input", applyFilter);
    statusFilter.addEventListener("change", applyFilter);
    applyFilter();
  }
  document.body.setAttribute("data-js", "ready");
})();
