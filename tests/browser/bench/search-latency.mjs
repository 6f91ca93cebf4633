// Query latency of the search page, in Chromium, on a built site: a benchmark, not a test
// (it prints figures and asserts nothing but that the queries found something).
//
//   node tests/browser/bench/search-latency.mjs SITE [LANG]
//
// Serves SITE on a loopback port, opens search/LANG/index.html (default: the first
// language with a search page), and reports how long the page takes to load its indexes,
// then, for queries of several shapes taken from the index itself (the most frequent
// word, a rare word, the start of a word as it is typed, two words, a number), the median
// and slowest of 11 runs of: the search alone (the page's own measure, data-search-ms:
// parsing the query, matching every edition, rendering the first 50 results), and the
// whole round from the submit event to the results in the DOM.
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer } from '../lib/server.mjs';
import { launchBrowser, newViewportPage, DESKTOP } from '../lib/browser.mjs';

const site = path.resolve(process.argv[2] ?? 'output');
const lang = process.argv[3] ?? fs.readdirSync(path.join(site, 'search')).sort()[0];
const RUNS = 11;

const server = await startStaticServer(site);
const browser = await launchBrowser();
try {
  const page = await newViewportPage(browser, DESKTOP);
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(300_000);
  const started = Date.now();
  await page.goto(new URL(`search/${lang}/index.html`, server.url).href, { waitUntil: 'load' });
  const loadMs = Date.now() - started;
  const shape = await page.evaluate(() => {
    const indexes = self.rapportSearch || [];
    let entries = 0;
    const df = new Map();
    for (const index of indexes) {
      entries += index.entries.length;
      for (const [word, stem] of Object.entries(index.terms)) {
        if (!/^\p{L}{5,}$/u.test(word)) continue;
        const count = index.stems[stem][1].length;
        df.set(word, (df.get(word) ?? 0) + count);
      }
    }
    const words = [...df.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const number = indexes.flatMap((i) => Object.keys(i.terms)).find((t) => /^\d{3,}$/.test(t));
    return { editions: indexes.length, entries, frequent: words[0], rare: words[Math.floor(words.length * 0.9)], second: words[10], number };
  });
  const queries = [
    ['most frequent word', shape.frequent[0]],
    ['rare word', shape.rare[0]],
    ['start of a word, typed', shape.frequent[0].slice(0, 3)],
    ['two words', `${shape.frequent[0]} ${shape.second[0]}`],
    ['number', shape.number],
  ].filter(([, q]) => q);
  console.log(`${site}: search/${lang}/ — ${shape.editions} edition indexes, ${shape.entries} entries; page loaded in ${loadMs} ms`);
  console.log('| query | results | search (median, slowest) | submit to results in the DOM (median, slowest) |');
  console.log('|---|---:|---:|---:|');
  for (const [name, query] of queries) {
    const search = [];
    const round = [];
    let results = 0;
    for (let i = 0; i < RUNS; i++) {
      const measured = await page.evaluate((query) => {
        const input = document.getElementById('search-query');
        const list = document.getElementById('search-results');
        list.removeAttribute('data-search-ms');
        input.value = query;
        const t0 = performance.now();
        document.getElementById('search-form').requestSubmit();
        const t1 = performance.now();
        return { search: Number(list.dataset.searchMs), round: t1 - t0, status: document.getElementById('search-status').textContent, items: list.children.length };
      }, query);
      search.push(measured.search);
      round.push(measured.round);
      results = measured.status;
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const fmt = (xs) => `${median(xs).toFixed(1)} ms, ${Math.max(...xs).toFixed(1)} ms`;
    console.log(`| ${name} (“${query}”) | ${results} | ${fmt(search)} | ${fmt(round)} |`);
  }
} finally {
  await browser.close();
  await server.close();
}
