// Document page: a finding's link scrolls to its cell (or row) on the page picture and
// outlines it, together with the row in the indicator table; the reverse from the table.
(function () {
  "use strict";
  // cell-f0-r3-score / box-f0-r3 / row-f0-r3 all name row 3 of form 0
  function rowKey(id) {
    var m = /^(?:cell|box|row)-(f\d+-r\d+)/.exec(id);
    return m ? m[1] : null;
  }
  function highlight(id) {
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    if (!id) return;
    var key = rowKey(id);
    var marks = [id];
    if (key) marks.push("row-" + key, "box-" + key);
    marks.forEach(function (mark) {
      var el = document.getElementById(mark);
      if (el) el.classList.add("hl");
    });
    document.querySelectorAll('a[href="#' + id + '"]').forEach(function (a) {
      var item = a.closest(".finding");
      if (item) item.classList.add("hl");
    });
    var target = document.getElementById(id);
    if (target) target.scrollIntoView({ block: "center", inline: "center" });
  }
  window.addEventListener("hashchange", function () { highlight(decodeURIComponent(location.hash.slice(1))); });
  // a second click on the link already in the address changes no hash: outline again all the same
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link && link.getAttribute("href") === location.hash) highlight(location.hash.slice(1));
  });
  if (location.hash) highlight(decodeURIComponent(location.hash.slice(1)));
  document.body.dataset.js = "ready";
  document.body.dataset.readyMs = performance.now().toFixed(1);  // since the navigation started
  window.addEventListener("load", function () { document.body.dataset.loadMs = performance.now().toFixed(1); });
})();
