// The search page of every language of the site (search/<lang>/index.html), where a
// reader meets it: at the root of a host, under a sub-path of a host, and opened from
// disk (file://), where nothing may be fetched.
//
// For each: it loads with no error; a word typed as the text writes it finds its
// paragraph, linked with its #pN, in that language's pages only; the same word in
// capitals and without accents finds the same; a number written with its group
// separator (when the site has one) finds its paragraph; the edition filter keeps to its
// edition; axe-core finds nothing and the keyboard reaches every result, with results
// shown; queries made of regex characters, 5,000 characters, stop words only, or
// right-to-left text with numbers raise no error and no console message. Without
// JavaScript, the page says so and links to every edition's contents.
//
// SEARCH_LATENCY_REPORT=file writes each query's time (the search page's own
// measure, data-search-ms) to a file: docs/performance.md reads it for 10,000 pages.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startStaticServer } from '../lib/server.mjs';
import { launchBrowser, newViewportPage, DESKTOP } from '../lib/browser.mjs';
import { siteDir } from '../lib/site.mjs';
import { loadPage, runAxe, formatAxeViolations, keyboardWalk, formatFocusProblems } from '../lib/checks.mjs';

const SITE = siteDir();
const SEARCH_DIR = path.join(SITE, 'search');
const LANGUAGES = fs.existsSync(SEARCH_DIR) ? fs.readdirSync(SEARCH_DIR).filter((l) => fs.existsSync(path.join(SEARCH_DIR, l, 'index.html'))).sort() : [];
const SUB_PATH = 'reports/annual/';
const latencies = [];

let browser;
let page;
let server;
let subServer;
let subRoot;

before(async () => {
  browser = await launchBrowser();
  page = await newViewportPage(browser, DESKTOP);
  server = await startStaticServer(SITE);
  // The same site under a sub-path of a host, as when uploaded into a folder.
  subRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-search-'));
  fs.cpSync(SITE, path.join(subRoot, SUB_PATH), { recursive: true });
  subServer = await startStaticServer(subRoot);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await subServer?.close();
  if (subRoot) fs.rmSync(subRoot, { recursive: true, force: true });
  if (process.env.SEARCH_LATENCY_REPORT) fs.writeFileSync(process.env.SEARCH_LATENCY_REPORT, JSON.stringify(latencies, null, 1));
});

/** Where the search page of `lang` is, in each place a reader may open it. */
function places(lang) {
  const rel = `search/${lang}/index.html`;
  return [
    ['host root', new URL(rel, server.url).href],
    ['sub-path', new URL(SUB_PATH + rel, subServer.url).href],
    ['disk', pathToFileURL(path.join(SITE, rel)).href],
  ];
}

/** Records every error a page reports while `run` goes on. */
async function errorsDuring(run) {
  const errors = [];
  const onConsole = (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`console ${m.type()}: ${m.text()}`);
  const onError = (e) => errors.push(`uncaught: ${e.message}`);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  try {
    await run();
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
  return errors;
}

/** Types `query` as a reader does, submits it, and returns what the page shows. */
async function search(query, { type = true } = {}) {
  const input = page.locator('#search-query');
  await input.fill('');
  if (type) await input.pressSequentially(query, { delay: 5 });
  else await input.fill(query);
  await input.press('Enter');
  await page.waitForFunction(() => document.getElementById('search-results').hasAttribute('data-search-ms'));
  const shown = await page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    ms: Number(document.getElementById('search-results').dataset.searchMs),
    results: [...document.querySelectorAll('#search-results > li')].map((li) => ({
      href: li.querySelector('h2 a')?.getAttribute('href'),
      heading: !!li.querySelector('h2 a'),
      marks: [...li.querySelectorAll('.search-snippet mark')].map((m) => m.textContent),
    })),
  }));
  latencies.push({ page: page.url(), query: query.slice(0, 40), ms: shown.ms, results: shown.results.length });
  await page.evaluate(() => document.getElementById('search-results').removeAttribute('data-search-ms'));
  return shown;
}

/** A numbered paragraph of the page's language with a long word of its own (with an accent if any has one), from the loaded indexes. */
async function aParagraphToFind(lang) {
  return page.evaluate((lang) => {
    for (const index of self.rapportSearch || []) {
      if (index.lang !== lang) continue;
      let best = null;
      for (const [p, anchor, number, text] of index.entries) {
        if (!number) continue;
        for (const word of text.split(/[^\p{L}\p{M}]+/u)) {
          // Preferably a word with a letter beyond ASCII: typed as written, it must fold.
          const score = word.length + (/[^\x00-\x7F]/.test(word) ? 100 : 0);
          if (word.length >= 7 && /^\p{L}/u.test(word) && (!best || score > best.score)) best = { word, score, anchor, page: index.pages[p][0], edition: index.edition };
        }
      }
      if (best) return best;
    }
    return null;
  }, lang);
}

/** A number written with a group separator in a numbered paragraph, if the site has one. */
async function aGroupedNumber(lang) {
  return page.evaluate((lang) => {
    for (const index of self.rapportSearch || []) {
      if (index.lang !== lang) continue;
      for (const [p, anchor, number, text] of index.entries) {
        const m = number && text.match(/(?<![\d.,])\d{1,3}(?:[\u00A0\u202F ]\d{3})+(?![\d.,]?\d)/);
        if (m) return { written: m[0], typed: m[0].replace(/[\u00A0\u202F]/g, ' '), anchor, page: index.pages[p][0] };
      }
    }
    return null;
  }, lang);
}

const plain = (word) => word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
const leadsTo = (results, target) => results.some((r) => r.href && new URL(r.href, 'http://x/search/l/index.html').pathname === '/' + target.page && r.href.endsWith('#' + target.anchor));

describe('search, from every place a reader opens it', () => {
  test('the site has a search page in each language', () => {
    assert.ok(LANGUAGES.length > 0, `no search page under ${SEARCH_DIR}`);
  });

  for (const lang of LANGUAGES) {
    test(`${lang}: a typed word finds its paragraph, at the root, under a sub-path and from disk`, { timeout: 240_000 }, async () => {
      for (const [where, url] of places(lang)) {
        const problems = await loadPage(page, url);
        assert.deepEqual(problems, [], `${where} ${url}`);
        assert.equal(await page.locator('#search-form').isVisible(), true, `${where}: the form is shown`);
        assert.equal(await page.locator('#search-nojs').isVisible(), false, `${where}: the no-JavaScript text is hidden`);
        const target = await aParagraphToFind(lang);
        assert.ok(target, `${where}: the ${lang} index has a numbered paragraph (are the index scripts loaded?)`);
        const errors = await errorsDuring(async () => {
          const found = await search(target.word);
          assert.ok(leadsTo(found.results, target), `${where}: “${target.word}” finds ${target.page}#${target.anchor}: ${JSON.stringify(found.results.slice(0, 5))}`);
          assert.ok(found.results.every((r) => r.heading && /\/\d+\/([^/]+)\//.exec(r.href)?.[1] === lang), `${where}: results are headed links to ${lang} pages`);
          assert.ok(found.results[0].marks.length > 0, `${where}: the matched word is marked`);
          assert.match(found.status, /\S/, `${where}: the count is announced`);
          const folded = await search(plain(target.word));
          assert.ok(leadsTo(folded.results, target), `${where}: “${plain(target.word)}” (capitals, no accents) finds the same paragraph`);
          const number = await aGroupedNumber(lang);
          if (number) {
            const byNumber = await search(number.typed);
            assert.ok(leadsTo(byNumber.results, number), `${where}: “${number.typed}” finds ${number.page}#${number.anchor}`);
          }
        });
        assert.deepEqual(errors, [], `${where}: no console message`);
      }
    });

    test(`${lang}: odd queries are answered without an error`, { timeout: 120_000 }, async () => {
      const [, url] = places(lang)[2];
      assert.deepEqual(await loadPage(page, url), []);
      const stop = (await page.locator('#search-form').getAttribute('data-stop-words')).split(' ').filter(Boolean).slice(0, 3).join(' ');
      const queries = ['.*+?^${}()|[]\\/', '(((', 'a'.repeat(5000), '\u202Eمشروع 2022 ١٢٣ abc\u202C', '12 400 \u200F%', '   ', '「」。、'];
      if (stop) queries.push(stop);
      const errors = await errorsDuring(async () => {
        for (const query of queries) {
          const shown = await search(query, { type: query.length < 100 });
          if (query === stop) assert.match(shown.status, /\S/, `only stop words (“${stop}”): the page says why nothing is found`);
        }
      });
      assert.deepEqual(errors, [], 'no console message, no uncaught error');
    });

    test(`${lang}: with results shown, axe finds nothing and the keyboard reaches them; the edition filter keeps to its edition`, { timeout: 180_000 }, async () => {
      const [, url] = places(lang)[0];
      assert.deepEqual(await loadPage(page, url), []);
      const target = await aParagraphToFind(lang);
      const found = await search(target.word);
      assert.ok(found.results.length > 0);
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxeViolations(violations, `${url} with results`));
      await page.evaluate(() => document.activeElement?.blur());
      const walk = await keyboardWalk(page);
      assert.deepEqual(walk.problems, [], formatFocusProblems(walk.problems, `${url} with results`));
      assert.ok(walk.visited.length >= Math.min(found.results.length, 50), `the keyboard reaches the results: ${walk.visited.length} stops for ${found.results.length} results`);
      // Filtered to the other editions, the word finds nothing of the target's edition.
      const years = await page.$$eval('#search-edition option', (options) => options.map((o) => o.value).filter(Boolean));
      for (const year of years) {
        await page.selectOption('#search-edition', year);
        // The change searched already; the next measure is the typed query's.
        await page.evaluate(() => document.getElementById('search-results').removeAttribute('data-search-ms'));
        const filtered = await search(target.word);
        assert.ok(filtered.results.every((r) => r.href.includes(`/${year}/`)), `edition ${year} only: ${JSON.stringify(filtered.results.slice(0, 3))}`);
      }
    });

    test(`${lang}: without JavaScript, the page says so and links to each edition's contents`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const noJs = await context.newPage();
        await noJs.goto(places(lang)[2][1]);
        assert.equal(await noJs.locator('#search-form').isVisible(), false, 'no form that cannot work');
        assert.equal(await noJs.locator('#search-nojs').isVisible(), true);
        const links = await noJs.$$eval('#search-nojs a', (as) => as.map((a) => a.href));
        assert.ok(links.length > 0);
        for (const link of links) assert.ok(fs.existsSync(new URL(link)), `${link} exists`);
      } finally {
        await context.close();
      }
    });
  }
});
