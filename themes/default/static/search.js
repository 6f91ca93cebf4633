// The search page's query side. The indexes are scripts loaded before this one (one per
// edition in the page's language, each pushing its data onto self.rapportSearch), so the
// page works from disk and under any path: nothing is fetched.
//
// A query becomes terms by the rule of rapport's src/render/search/text.rs, step for step
// (runs, folding, pieces, stop words); it is never stemmed here: each index maps every
// word it holds to its stem, computed at build time. A result holds every term of the
// query; the last word, while it is being typed, may be the start of a word.
(function () {
  "use strict";

  var PAGE = 50; // results listed at a time
  var MAX_QUERY = 500; // characters read from a query
  var MAX_TERMS = 20; // terms read from a query
  var MAX_PREFIX_TERMS = 200; // words a prefix may stand for
  var SNIPPET = 240; // characters of a paragraph shown around its first match

  // ---- The rule of src/render/search/text.rs ---------------------------------------
  var IN_RUN = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var MARK = /\p{M}/u;
  var ALPHABETIC = /\p{Alphabetic}/u;
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  var GROUP = /^[ \u00A0\u202F\u2009'\u2019\u066C]$/;
  var DECIMAL = /^[.,\u066B]$/;

  function isDigit(c) {
    return (c >= "0" && c <= "9") || (c >= "\u0660" && c <= "\u0669") || (c >= "\u06F0" && c <= "\u06F9");
  }
  function inRun(c) {
    return IN_RUN.test(c);
  }

  // The runs of a text: [start, end) in code points of `chars`.
  function runs(chars) {
    var out = [];
    var i = 0;
    while (i < chars.length) {
      if (!inRun(chars[i])) {
        i++;
        continue;
      }
      var start = i;
      while (i < chars.length && inRun(chars[i])) i++;
      if (chars.slice(start, i).every(isDigit)) i = numberEnd(chars, i);
      out.push([start, i]);
    }
    return out;
  }

  // Where a number ending its digits at `end` ends, with its groups and decimals.
  function numberEnd(chars, end) {
    for (;;) {
      var separator = chars[end];
      if (separator === undefined) return end;
      var j = end + 1;
      while (j < chars.length && isDigit(chars[j])) j++;
      var count = j - end - 1;
      var nextInRun = j < chars.length && inRun(chars[j]);
      var grouped = GROUP.test(separator) && count === 3 && !nextInRun;
      var decimal = DECIMAL.test(separator) && count > 0 && !nextInRun;
      if (!(grouped || decimal)) return end;
      end = j;
    }
  }

  function fold(run) {
    var lower = Array.from(run.normalize("NFKD").toLowerCase());
    var out = "";
    for (var i = 0; i < lower.length; i++) {
      var c = lower[i];
      if (MARK.test(c)) continue;
      if (c === "\u0153") out += "oe";
      else if (c === "\u00E6") out += "ae";
      else if (c === "\u00DF") out += "ss";
      else if (c === "\u03C2") out += "\u03C3";
      else if (c >= "\u0660" && c <= "\u0669") out += String.fromCharCode(48 + c.charCodeAt(0) - 0x660);
      else if (c >= "\u06F0" && c <= "\u06F9") out += String.fromCharCode(48 + c.charCodeAt(0) - 0x6f0);
      else out += c;
    }
    return out.normalize("NFC");
  }

  // The pieces of a folded run: {term, word} (word: a word, else a number or bigram).
  function pieces(folded) {
    var chars = Array.from(folded);
    if (chars.length && chars[0] >= "0" && chars[0] <= "9" && !chars.some(function (c) { return ALPHABETIC.test(c); })) {
      return [{ term: chars.filter(function (c) { return !GROUP.test(c); }).join(""), word: false }];
    }
    var out = [];
    var i = 0;
    while (i < chars.length) {
      var cjk = CJK.test(chars[i]);
      var j = i + 1;
      while (j < chars.length && (cjk ? CJK.test(chars[j]) : !CJK.test(chars[j]) && inRun(chars[j]))) j++;
      var piece = chars.slice(i, j);
      if (cjk) {
        if (piece.length === 1) out.push({ term: piece[0], word: false });
        for (var k = 0; k + 1 < piece.length; k++) out.push({ term: piece[k] + piece[k + 1], word: false });
      } else if (piece.every(inRun)) {
        out.push({ term: piece.join(""), word: true });
      }
      i = j;
    }
    return out;
  }

  // ---- The page --------------------------------------------------------------------
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-query");
  var select = document.getElementById("search-edition");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var data = form.dataset;
  var lang = data.lang || "en";
  var root = data.root || "";
  var stop = Object.create(null);
  (data.stopWords || "").split(" ").forEach(function (w) { if (w) stop[w] = true; });
  var numbers = safe(function () { return new Intl.NumberFormat(lang); });
  // Years and paragraph numbers are counters: never grouped ("2022", not "2 022").
  var counters = safe(function () { return new Intl.NumberFormat(lang, { useGrouping: false }); });
  var plurals = safe(function () { return new Intl.PluralRules(lang); });

  function safe(make) {
    try {
      return make();
    } catch (e) {
      return null;
    }
  }

  function number(n) {
    return numbers ? numbers.format(n) : String(n);
  }

  function counter(n) {
    return counters ? counters.format(n) : String(n);
  }

  // A message with its {names} filled; the reader's words isolated (FSI … PDI), so that
  // a query in another direction than the page keeps its own order.
  function message(key, values) {
    var text = data[key] || "";
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      if (!(name in values)) return all;
      return name === "q" || name === "title" ? "\u2068" + values[name] + "\u2069" : values[name];
    });
  }

  function count(n) {
    var category = plurals ? plurals.select(n) : "other";
    var key = "count" + category.charAt(0).toUpperCase() + category.slice(1);
    return message(data[key] ? key : "countOther", { n: number(n) });
  }

  // The indexes of this language, latest edition first, as the page lists them.
  var indexes = [];
  var loaded = Object.create(null);
  (self.rapportSearch || []).forEach(function (index) {
    if (index && index.v === 1 && index.lang === lang && !loaded[index.edition]) {
      loaded[index.edition] = true;
      indexes.push(prepare(index));
    }
  });
  var missing = [];
  Array.prototype.slice.call(select.options).forEach(function (option) {
    if (option.value && !loaded[option.value]) {
      missing.push(option.textContent);
      option.remove();
    }
  });
  indexes.sort(function (a, b) { return b.edition - a.edition; });

  function prepare(index) {
    index.stemIds = null;
    index.sorted = null;
    index.decoded = [];
    return index;
  }

  function stemId(index, stem) {
    if (!index.stemIds) {
      index.stemIds = Object.create(null);
      index.stems.forEach(function (s, i) { index.stemIds[s[0]] = i; });
    }
    var id = index.stemIds[stem];
    return id === undefined ? -1 : id;
  }

  function postings(index, id) {
    if (!index.decoded[id]) {
      var gaps = index.stems[id][1];
      var ids = new Array(gaps.length);
      var last = 0;
      for (var i = 0; i < gaps.length; i++) ids[i] = last += gaps[i];
      index.decoded[id] = ids;
    }
    return index.decoded[id];
  }

  function termOf(index, term) {
    return Object.prototype.hasOwnProperty.call(index.terms, term) ? index.terms[term] : -1;
  }

  // The stems a query term stands for in an index: its own; else, for the word being
  // typed, those of the words it starts; else those of the longest stem it starts with.
  function stemsFor(index, token) {
    var own = termOf(index, token.term);
    if (own >= 0) return [own];
    if (!token.word) return [];
    var found = [];
    if (token.prefix) {
      if (!index.sorted) index.sorted = Object.keys(index.terms).sort();
      var words = index.sorted;
      var lo = 0, hi = words.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (words[mid] < token.term) lo = mid + 1;
        else hi = mid;
      }
      for (var i = lo; i < words.length && found.length < MAX_PREFIX_TERMS; i++) {
        if (words[i].lastIndexOf(token.term, 0) !== 0) break;
        found.push(index.terms[words[i]]);
      }
      if (found.length) return found;
    }
    var chars = Array.from(token.term);
    for (var n = chars.length - 1; n >= 3; n--) {
      var id = stemId(index, chars.slice(0, n).join(""));
      if (id >= 0) return [id];
    }
    return [];
  }

  // The query as terms, and whether it had only stop words.
  function parse(query) {
    var chars = Array.from(query.slice(0, MAX_QUERY));
    var terms = [];
    var stopped = 0;
    var spans = runs(chars);
    spans.forEach(function (span, n) {
      pieces(fold(chars.slice(span[0], span[1]).join(""))).forEach(function (piece) {
        if (piece.word && stop[piece.term]) {
          stopped++;
          return;
        }
        if (terms.length < MAX_TERMS) terms.push(piece);
      });
      // The last word, with nothing typed after it yet, may be unfinished.
      if (n === spans.length - 1 && span[1] === chars.length && terms.length) {
        terms[terms.length - 1].prefix = true;
      }
    });
    return { terms: terms, onlyStopWords: terms.length === 0 && stopped > 0 };
  }

  // The entries of an index holding every term, in reading order, and the stems matched.
  function match(index, terms) {
    var counts = new Uint8Array(index.entries.length);
    var matched = Object.create(null);
    for (var t = 0; t < terms.length; t++) {
      var ids = stemsFor(index, terms[t]);
      if (!ids.length) return { entries: [], stems: matched };
      for (var s = 0; s < ids.length; s++) {
        matched[ids[s]] = true;
        var list = postings(index, ids[s]);
        for (var i = 0; i < list.length; i++) {
          if (counts[list[i]] === t) counts[list[i]] = t + 1;
        }
      }
    }
    var entries = [];
    for (var e = 0; e < counts.length; e++) if (counts[e] === terms.length) entries.push(e);
    return { entries: entries, stems: matched };
  }

  var results = [];
  var shown = 0;

  function search() {
    var started = performance.now();
    var query = input.value;
    var parsed = parse(query);
    var edition = select.value;
    results = [];
    if (parsed.terms.length) {
      indexes.forEach(function (index) {
        if (edition && String(index.edition) !== edition) return;
        var found = match(index, parsed.terms);
        found.entries.forEach(function (entry) {
          results.push({ index: index, entry: entry, stems: found.stems });
        });
      });
    }
    list.textContent = "";
    shown = 0;
    showMore(false);
    list.setAttribute("data-search-ms", String(Math.round((performance.now() - started) * 10) / 10));
    announce(query.trim(), parsed);
    remember(query, edition);
  }

  function announce(query, parsed) {
    var text = "";
    if (parsed.onlyStopWords) text = message("stopOnly", { q: query });
    else if (!parsed.terms.length) text = "";
    else if (!results.length) text = message("none", { q: query });
    else {
      text = count(results.length);
      if (results.length > shown) text += " " + message("shown", { shown: number(shown) });
    }
    status.textContent = text;
  }

  function showMore(focus) {
    var first = null;
    var end = Math.min(results.length, shown + PAGE);
    for (var i = shown; i < end; i++) {
      var item = render(results[i]);
      if (!first) first = item;
      list.appendChild(item);
    }
    shown = end;
    more.hidden = shown >= results.length;
    if (focus && first) first.querySelector("a").focus();
  }

  function render(result) {
    var index = result.index;
    var entry = index.entries[result.entry];
    var page = index.pages[entry[0]];
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = root + page[0] + (entry[1] ? "#" + entry[1] : "");
    link.textContent = page[1];
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = counter(index.edition) + (entry[2] ? " · " + (data.paragraph || "") + " " + counter(entry[2]) : "");
    item.appendChild(meta);
    var snippet = document.createElement("p");
    snippet.className = "search-snippet";
    highlight(snippet, entry[3], index, result.stems);
    item.appendChild(snippet);
    return item;
  }

  // The paragraph's text around its first match, the matched words in <mark>.
  function highlight(into, text, index, stems) {
    var chars = Array.from(text);
    var marks = runs(chars).filter(function (span) {
      return pieces(fold(chars.slice(span[0], span[1]).join(""))).some(function (piece) {
        var id = termOf(index, piece.term);
        return id >= 0 && stems[id];
      });
    });
    var from = 0;
    var to = chars.length;
    if (chars.length > SNIPPET) {
      var first = marks.length ? marks[0][0] : 0;
      from = Math.max(0, first - SNIPPET / 3);
      while (from > 0 && chars[from - 1] !== " ") from--;
      to = Math.min(chars.length, from + SNIPPET);
      while (to < chars.length && chars[to] !== " ") to++;
    }
    if (from > 0) into.appendChild(document.createTextNode("… "));
    var at = from;
    marks.forEach(function (span) {
      if (span[0] < from || span[1] > to) return;
      into.appendChild(document.createTextNode(chars.slice(at, span[0]).join("")));
      var mark = document.createElement("mark");
      mark.textContent = chars.slice(span[0], span[1]).join("");
      into.appendChild(mark);
      at = span[1];
    });
    into.appendChild(document.createTextNode(chars.slice(at, to).join("") + (to < chars.length ? " …" : "")));
  }

  // The query in the address, so that a search can be shared or reloaded; a page opened
  // from disk may refuse it, and the search works the same.
  function remember(query, edition) {
    try {
      var params = new URLSearchParams();
      if (query) params.set("q", query);
      if (edition) params.set("edition", edition);
      var search = params.toString();
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    } catch (e) {
      /* not allowed here: nothing to remember */
    }
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  select.addEventListener("change", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  more.addEventListener("click", function () {
    showMore(true);
    announce(input.value.trim(), parse(input.value));
  });

  var nojs = document.getElementById("search-nojs");
  if (nojs) nojs.hidden = true;
  form.classList.remove("search-needs-js");
  more.hidden = true;
  more.classList.remove("search-needs-js");
  if (missing.length) {
    var note = document.createElement("p");
    note.className = "search-hint";
    note.textContent = missing.map(function (title) { return message("unavailable", { title: title }); }).join(" ");
    form.appendChild(note);
  }
  var params = safe(function () { return new URLSearchParams(location.search); });
  if (params && params.get("edition") && loaded[params.get("edition")]) select.value = params.get("edition");
  if (params && params.get("q")) {
    input.value = params.get("q").slice(0, MAX_QUERY);
    search();
  }
})();
