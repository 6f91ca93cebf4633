// Progressive enhancement only: the site works fully without this script.
// Keeps the reader's place when switching language. Paragraph pN, footnote fn-N and
// figure-N have the same ids in every language, so the switcher links carry them along.
// Section headings have ids made from their own words, which differ between languages:
// they travel as their position on the page (#section-N), which the translation has too.
(function () {
  "use strict";
  var SAME_IN_EVERY_LANGUAGE = /^#(p\d+|fn-\d+|figure-\d+)$/;
  var SECTION = /^#section-(\d+)$/;

  function headings() {
    return document.querySelectorAll(
      "main h2[id], main h3[id], main h4[id], main h5[id], main h6[id]"
    );
  }

  function portablePlace(hash) {
    if (SAME_IN_EVERY_LANGUAGE.test(hash)) {
      return hash;
    }
    var list = headings();
    for (var i = 0; i < list.length; i++) {
      if ("#" + list[i].id === hash) {
        return "#section-" + (i + 1);
      }
    }
    return "";
  }

  function keepPlace() {
    var place = portablePlace(decodeURIComponent(window.location.hash));
    var links = document.querySelectorAll("a.lang-switch");
    for (var i = 0; i < links.length; i++) {
      var base = links[i].getAttribute("href").split("#")[0];
      links[i].setAttribute("href", base + place);
    }
  }

  // Arriving from the other language at #section-N: go to this page's Nth heading.
  function arriveAtSection() {
    var match = SECTION.exec(window.location.hash);
    if (!match) {
      return;
    }
    var heading = headings()[Number(match[1]) - 1];
    if (heading) {
      window.location.replace("#" + heading.id);
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
  document.addEventListener("DOMContentLoaded", function () {
    arriveAtSection();
    keepPlace();
  });
})();
