// Real-browser tests of the built site (RAPPORT_SITE, default <repo>/output), in Debian's
// Chromium driven by playwright-core. One browser for the whole file; one page per viewport.
//
// First the regression proof (the same checks, run on fixtures/bad-site, must find its
// deliberate faults), then, for every *.html page of the site:
//   desktop 1280x800: loads cleanly + screenshot, axe-core, keyboard walk, languages;
//   mobile 320x640:   loads cleanly + screenshot, axe-core, reflow, keyboard walk.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer } from '../lib/server.mjs';
import { launchBrowser, newViewportPage, DESKTOP, MOBILE } from '../lib/browser.mjs';
import { siteDir, listPages, urlPathOf, artifactsDir, artifactBase, declaredLanguages, BAD_SITE_DIR } from '../lib/site.mjs';
import {
  loadPage,
  screenshot,
  runAxe,
  runHtmlcs,
  formatHtmlcsErrors,
  formatAxeViolations,
  checkReflow,
  keyboardWalk,
  formatFocusProblems,
  languageInfo,
} from '../lib/checks.mjs';
import { ownLanguageProblems, alternateProblems, roundTripProblems, switcherEntries, samePage, sameLang } from '../lib/language.mjs';

const SITE = siteDir();
const PAGES = fs.existsSync(SITE) ? listPages(SITE) : [];
const ARTIFACTS = artifactsDir();
const LANGUAGES_DECLARED = declaredLanguages(SITE);
// A hung browser must fail a test, not the whole CI run.
const PAGE_TEST_TIMEOUT = 180_000;

let browser;
let desktop;
let mobile;
let helper; // a third page, for looking at pages other than the one under test
let siteServer;
let badServer;

before(async () => {
  // Stale screenshots of pages that no longer exist would mislead: start afresh (only our own folder).
  if (!process.env.RAPPORT_ARTIFACTS) fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  desktop = await newViewportPage(browser, DESKTOP);
  mobile = await newViewportPage(browser, MOBILE);
  helper = await newViewportPage(browser, DESKTOP);
});

after(async () => {
  await browser?.close();
  await siteServer?.close();
  await badServer?.close();
});

const problemsText = (title, list) => `${list.length} ${title}:\n${list.map((p) => `- ${p}`).join('\n')}`;

describe('regression proof: the checks find the faults of fixtures/bad-site', () => {
  let url;
  before(async () => {
    badServer = await startStaticServer(BAD_SITE_DIR);
    url = new URL('index.html', badServer.url).href;
  });

  test('static server answers 404 for a missing file', async () => {
    const res = await fetch(new URL('no-such-page.html', badServer.url));
    assert.equal(res.status, 404);
  });

  test('axe-core reports color-contrast and a missing label / link name', async () => {
    assert.deepEqual(await loadPage(desktop, url), []);
    const ids = new Set((await runAxe(desktop)).map((v) => v.id));
    assert.ok(ids.has('color-contrast'), `expected color-contrast among axe's violations, got: ${[...ids].join(', ')}`);
    assert.ok(ids.has('label'), `expected label (unlabeled input) among axe's violations, got: ${[...ids].join(', ')}`);
    assert.ok(ids.has('link-name'), `expected link-name (empty link) among axe's violations, got: ${[...ids].join(', ')}`);
  });

  test('HTML_CodeSniffer reports group heading rows associated with no cell (fixtures/tables/colgroup.html)', async () => {
    const tables = await startStaticServer(path.join(BAD_SITE_DIR, '..', 'tables'));
    let codes;
    try {
      assert.deepEqual(await loadPage(desktop, new URL('colgroup.html', tables.url).href), []);
      codes = (await runHtmlcs(desktop)).map((e) => e.code);
    } finally {
      await tables.close();
    }
    assert.ok(codes.some((c) => /\.H43\./.test(c)), `expected an H43 table header error, got: ${codes.join(', ') || 'none'}`);
  });

  test('the keyboard walk flags the button whose outline is removed, and only it', async () => {
    await loadPage(desktop, url);
    const walk = await keyboardWalk(desktop);
    const flagged = walk.problems.map((p) => p.selector);
    assert.ok(flagged.includes('#no-focus-ring'), `expected #no-focus-ring to be flagged; walk: ${JSON.stringify(walk, null, 1)}`);
    for (const good of ['#good-link', '#unlabeled-input', '#empty-link']) {
      assert.ok(walk.visited.some((d) => d.includes(good)), `the walk should reach ${good}; visited: ${walk.visited.join(' | ')}`);
      assert.ok(!flagged.includes(good), `${good} shows its focus and should not be flagged: ${formatFocusProblems(walk.problems, url)}`);
    }
  });

  test('the reflow check flags a page wider than 320 px', async () => {
    await loadPage(mobile, url);
    await mobile.evaluate(() => {
      const wide = document.createElement('div');
      wide.id = 'too-wide';
      wide.style.width = '900px';
      wide.textContent = 'wide';
      document.body.append(wide);
    });
    const r = await checkReflow(mobile);
    assert.ok(r.scrollWidth > r.innerWidth, `scrollWidth ${r.scrollWidth} should exceed ${r.innerWidth}`);
    assert.ok(r.offenders.some((o) => o.includes('too-wide')), `offenders should name #too-wide: ${r.offenders.join('; ')}`);
  });

  test('the language checks flag a switcher entry without lang and a one-way translation', () => {
    const entry = { index: 0, hreflang: 'fr', ownLang: null, lang: null, inNav: true, href: 'http://h/fr/a.html', description: '<a>' };
    const origin = { url: 'http://h/en/a.html', lang: 'en', alternates: [], hreflangElements: [entry] };
    assert.equal(ownLanguageProblems(origin, ['fr', 'en']).length, 1);
    assert.equal(ownLanguageProblems({ ...origin, hreflangElements: [{ ...entry, lang: 'en' }] }, ['fr', 'en']).length, 1);
    assert.equal(ownLanguageProblems({ ...origin, hreflangElements: [{ ...entry, lang: 'fr' }] }, ['fr', 'en']).length, 0);
    assert.equal(ownLanguageProblems({ ...origin, lang: 'de', hreflangElements: [] }, ['fr', 'en']).length, 1);
    const landing = { url: 'http://h/fr/a.html', status: 200, lang: 'fr', alternates: [{ hreflang: 'en', href: 'http://h/en/b.html' }] };
    assert.equal(roundTripProblems(origin, entry, landing).length, 1);
    assert.equal(roundTripProblems(origin, entry, { ...landing, alternates: [{ hreflang: 'en', href: 'http://h/en/a.html#p1' }] }).length, 0);
    assert.equal(alternateProblems({ hreflang: 'fr', href: 'http://h/fr/x.html' }, { status: 404 }).length, 1);
  });
});

describe(`site ${SITE}`, () => {
  before(async () => {
    if (PAGES.length) siteServer = await startStaticServer(SITE);
  });

  test('the site has been built and has HTML pages', () => {
    assert.ok(
      PAGES.length > 0,
      `no *.html under ${SITE}: build it first (cargo run --release -- build) or point RAPPORT_SITE at a built site`,
    );
  });

  // What each page says about languages, read once (the pages under test and their targets).
  const langCache = new Map();
  const infoOf = async (url) => {
    const key = new URL(url).pathname;
    if (!langCache.has(key)) {
      let status = 0;
      let info = { url, lang: null, alternates: [], hreflangElements: [] };
      try {
        const res = await helper.goto(url, { waitUntil: 'domcontentloaded' });
        status = res?.status() ?? 0;
        info = await languageInfo(helper);
      } catch (e) {
        info.error = e.message;
      }
      langCache.set(key, { ...info, status });
    }
    return langCache.get(key);
  };

  // All the languages in use, when no rapport.toml / RAPPORT_LANGUAGES says which.
  const siteLanguages = () => {
    if (LANGUAGES_DECLARED) return LANGUAGES_DECLARED;
    const seen = new Set();
    for (const i of langCache.values()) for (const a of i.alternates) if (a.hreflang.toLowerCase() !== 'x-default') seen.add(a.hreflang.toLowerCase());
    return seen.size ? [...seen] : null;
  };

  for (const rel of PAGES) {
    describe(rel, () => {
      const url = () => new URL(urlPathOf(rel), siteServer.url).href;
      const where = () => `${rel} (${url()})`;
      const base = path.join(ARTIFACTS, artifactBase(rel));

      test('desktop 1280x800: loads without errors (screenshot saved)', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        const problems = await loadPage(desktop, url());
        await screenshot(desktop, `${base}-desktop.png`);
        assert.ok(problems.length === 0, problemsText(`loading problem(s) on ${where()}`, problems));
      });

      test('desktop 1280x800: axe-core finds no WCAG 2.2 A/AA violation', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        if (desktop.url() !== url()) await loadPage(desktop, url());
        const violations = await runAxe(desktop);
        assert.equal(violations.length, 0, formatAxeViolations(violations, `${where()} at 1280x800`));
      });

      test('desktop 1280x800: HTML_CodeSniffer finds no WCAG2AA error', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        if (desktop.url() !== url()) await loadPage(desktop, url());
        const errors = await runHtmlcs(desktop);
        assert.equal(errors.length, 0, formatHtmlcsErrors(errors, `${where()} at 1280x800`));
      });

      test('desktop 1280x800: every element reached with Tab is visible and shows its focus', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        await loadPage(desktop, url());
        const walk = await keyboardWalk(desktop);
        assert.equal(walk.problems.length, 0, formatFocusProblems(walk.problems, `${where()} at 1280x800`));
      });

      test('languages: html lang, alternates, switcher lang, switcher round trip', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        await loadPage(desktop, url());
        const info = { ...(await languageInfo(desktop)), status: 200 };
        langCache.set(new URL(url()).pathname, info);
        const problems = [];
        // Alternates first: they also tell the site languages when nothing declares them.
        for (const alt of info.alternates) {
          if (new URL(alt.href).origin !== new URL(url()).origin) {
            problems.push(`<link rel="alternate" hreflang="${alt.hreflang}"> points outside the site: ${alt.href}`);
            continue;
          }
          problems.push(...alternateProblems(alt, await infoOf(alt.href)));
        }
        problems.push(...ownLanguageProblems(info, siteLanguages()));
        // Follow each switcher entry to another language, for real (a click), then check the way back.
        for (const entry of switcherEntries(info)) {
          if (sameLang(entry.hreflang, info.lang) || !entry.href || samePage(entry.href, url())) continue;
          if (entry.hreflang.toLowerCase() === 'x-default') continue;
          await loadPage(desktop, url());
          const link = desktop.locator('body [hreflang]').nth(entry.index);
          // (a click, as a person would; a hidden entry is followed by its address instead)
          let response = null;
          if (await link.isVisible()) {
            [response] = await Promise.all([desktop.waitForNavigation({ waitUntil: 'domcontentloaded' }), link.click({ timeout: 5000 })]);
          } else {
            response = await desktop.goto(entry.href, { waitUntil: 'domcontentloaded' });
          }
          const landing = { ...(await languageInfo(desktop)), status: response?.status() ?? 0 };
          problems.push(...roundTripProblems(info, entry, landing));
        }
        assert.ok(problems.length === 0, problemsText(`language problem(s) on ${where()}`, problems));
      });

      test('mobile 320x640: loads without errors (screenshot saved)', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        const problems = await loadPage(mobile, url());
        await screenshot(mobile, `${base}-mobile.png`);
        assert.ok(problems.length === 0, problemsText(`loading problem(s) on ${where()}`, problems));
      });

      test('mobile 320x640: axe-core finds no WCAG 2.2 A/AA violation', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        if (mobile.url() !== url()) await loadPage(mobile, url());
        const violations = await runAxe(mobile);
        assert.equal(violations.length, 0, formatAxeViolations(violations, `${where()} at 320x640`));
      });

      test('mobile 320x640: reflow, no horizontal page scrolling', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        if (mobile.url() !== url()) await loadPage(mobile, url());
        const r = await checkReflow(mobile);
        assert.ok(
          r.scrollWidth <= r.innerWidth,
          `${where()} scrolls horizontally at 320 px: document is ${r.scrollWidth}px wide for a ${r.innerWidth}px window.\n` +
            `Sticking out (not inside a scrolling container):\n${r.offenders.map((o) => `- ${o}`).join('\n')}`,
        );
      });

      test('mobile 320x640: every element reached with Tab is visible and shows its focus', { timeout: PAGE_TEST_TIMEOUT }, async () => {
        await loadPage(mobile, url());
        const walk = await keyboardWalk(mobile);
        assert.equal(walk.problems.length, 0, formatFocusProblems(walk.problems, `${where()} at 320x640`));
      });
    });
  }
});
