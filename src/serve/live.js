// rapport serve: live reload. Injected only by `rapport serve`, never into a built site.
// A tab reloads when its own page (or any stylesheet, script or image) changed, and shows
// the problems of a failed build on top of the page until the next good one.
(() => {
  "use strict";
  const script = document.currentScript;
  const page = script ? script.dataset.page : "";
  let instance = null;

  // The file of the site this address names, as the server maps it.
  function here() {
    let path = decodeURIComponent(location.pathname).replace(/^\//, "");
    if (path === "" || path.endsWith("/")) path += "index.html";
    return path;
  }

  function showProblems(lines) {
    const old = document.getElementById("__NOTICE_ID__");
    if (old) old.remove();
    const notice = document.createElement("div");
    notice.id = "__NOTICE_ID__";
    notice.setAttribute("role", "alert");
    notice.lang = "en";
    notice.style.cssText = "__NOTICE_STYLE__";
    const intro = document.createElement("p");
    intro.style.margin = "0";
    const title = document.createElement("strong");
    title.textContent = "__NOTICE_TITLE__";
    intro.append(title, " __NOTICE_TEXT__");
    const problems = document.createElement("pre");
    problems.style.cssText = "__NOTICE_PRE_STYLE__";
    problems.textContent = lines.join("\n");
    notice.append(intro, problems);
    document.body.prepend(notice);
  }

  const events = new EventSource("__EVENTS_PATH__");
  events.addEventListener("hello", (event) => {
    // A new server process: what it serves may differ from what this tab shows.
    if (instance !== null && instance !== event.data) location.reload();
    instance = event.data;
  });
  events.addEventListener("reload", (event) => {
    let changed = null;
    try {
      changed = JSON.parse(event.data);
    } catch (_) {
      changed = null;
    }
    const stale =
      !Array.isArray(changed) ||
      document.getElementById("__NOTICE_ID__") !== null ||
      changed.some((path) => path === page || path === here() || !path.endsWith(".html"));
    if (stale) location.reload();
  });
  events.addEventListener("error", (event) => {
    // Without data this is the connection dropping; EventSource reconnects by itself.
    if (typeof event.data !== "string") return;
    let lines;
    try {
      lines = JSON.parse(event.data);
    } catch (_) {
      lines = [event.data];
    }
    showProblems(lines);
  });
})();
