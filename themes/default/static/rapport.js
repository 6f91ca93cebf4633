// Progressive enhancement only: the site works fully without this script.
// Keeps the reader's paragraph when switching language: paragraph pN has the same id in
// every language, so the switcher links carry the current #pN (or #fn-N) along.
(function () {
  "use strict";
  function keepPlace() {
    var hash = window.location.hash;
    var portable = /^#(p\d+|fn-\d+|figure-\d+)$/.test(hash) ? hash : "";
    var links = document.querySelectorAll("a.lang-switch");
    for (var i = 0; i < links.length; i++) {
      var base = links[i].getAttribute("href").split("#")[0];
      links[i].setAttribute("href", base + portable);
    }
  }
  // On paper a closed <details> would hide the chart data: open them all for printing.
  function openDetailsForPrint() {
    var details = document.querySelectorAll("details");
    for (var i = 0; i < details.length; i++) {
      details[i].open = true;
    }
  }
  window.addEventListener("beforeprint", openDetailsForPrint);
  window.addEventListener("hashchange", keepPlace);
  document.addEventListener("DOMContentLoaded", keepPlace);
})();
