// The sides of the page in a real browser: the site title, the paragraph numbers and the
// pager's "previous" link sit on the start side, the left in a left-to-right page and the
// right in a right-to-left one (Arabic), at 1280 and 320 px, on every page of the site.
// Read from the DOM's boxes (lib/direction.mjs); a screenshot of each right-to-left page is
// saved beside the others.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer } from '../lib/server.mjs';
import { launchBrowser, newViewportPage, DESKTOP, MOBILE } from '../lib/browser.mjs';
import { siteDir, listPages, urlPathOf, artifactsDir, artifactBase, BROWSER_TESTS_DIR } from '../lib/site.mjs';
import { loadPage, screenshot } from '../lib/checks.mjs';
import { sideProblems } from '../lib/direction.mjs';

const SITE = siteDir();
const PAGES = fs.existsSync(SITE) ? listPages(SITE) : [];
const FIXTURES = path.join(BROWSER_TESTS_DIR, 'fixtures', 'direction');
const PAGE_TEST_TIMEOUT = 120_000;
const isRtl = (file) => /<html[^>]*\sdir="rtl"/.test(fs.readFileSync(file, 'utf8'));

let browser;
let views;
let siteServer;
let fixtureServer;

before(async () => {
  browser = await launchBrowser();
  views = [
    [DESKTOP, await newViewportPage(browser, DESKTOP)],
    [MOBILE, await newViewportPage(browser, MOBILE)],
  ];
  fixtureServer = await startStaticServer(FIXTURES);
});

after(async () => {
  await browser?.close();
  await siteServer?.close();
  await fixtureServer?.close();
});

describe('regression proof: the side checks on fixtures/direction', () => {
  test('a right-to-left page laid out with logical properties passes', async () => {
    for (const [viewport, page] of views) {
      await loadPage(page, new URL('rtl-good.html', fixtureServer.url).href);
      assert.deepEqual(await sideProblems(page), [], viewport.name);
    }
  });

  test('a right-to-left page with left-to-right CSS is flagged for its title, numbers and pager', async () => {
    const [, page] = views[0];
    await loadPage(page, new URL('rtl-bad.html', fixtureServer.url).href);
    const problems = (await sideProblems(page)).join('\n');
    assert.match(problems, /site title is not on the right/);
    assert.match(problems, /paragraph number "1\." is not on the right/);
    assert.match(problems, /"previous" link is not on the right/);
  });
});

describe(`sides of the page on ${SITE}`, { skip: PAGES.length === 0 && `no site at ${SITE}` }, () => {
  before(async () => {
    siteServer = await startStaticServer(SITE);
  });

  for (const rel of PAGES) {
    test(rel, { timeout: PAGE_TEST_TIMEOUT }, async () => {
      const url = new URL(urlPathOf(rel).replace(/^\//, ''), siteServer.url).href;
      const rtl = isRtl(path.join(SITE, rel));
      const problems = [];
      for (const [viewport, page] of views) {
        await loadPage(page, url);
        problems.push(...(await sideProblems(page)).map((p) => `${viewport.width} px: ${p}`));
        if (rtl) await screenshot(page, path.join(artifactsDir(), `${artifactBase(rel)}-rtl-${viewport.name}.png`));
      }
      assert.deepEqual(problems, [], `${rel}${rtl ? ' (right to left)' : ''}`);
    });
  }
});
