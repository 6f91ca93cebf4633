// Indicator tables in Chromium's accessibility tree: every data cell has, among the headers a
// screen reader is given for it, its column heading and its group (output) heading, and no
// other group's. Read from Chromium's platform tree (see lib/tables.mjs for why not from the
// DevTools protocol's Accessibility domain), on every page with an indicator table.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer } from '../lib/server.mjs';
import { launchBrowser, DESKTOP } from '../lib/browser.mjs';
import { siteDir, listPages, urlPathOf, BROWSER_TESTS_DIR } from '../lib/site.mjs';
import { ACCESSIBILITY_ARGS, platformTree, parsePlatformTables, expectedTableHeaders, headerProblems } from '../lib/tables.mjs';

const SITE = siteDir();
const PAGE_TIMEOUT = 120_000;
const hasIndicatorTable = (file) => /<table class="indicators"/.test(fs.readFileSync(file, 'utf8'));
const PAGES = fs.existsSync(SITE) ? listPages(SITE).filter((p) => hasIndicatorTable(path.join(SITE, p))) : [];
const FIXTURES = path.join(BROWSER_TESTS_DIR, 'fixtures', 'tables');

let browser;
let context;
let page;
let internals;

before(async () => {
  browser = await launchBrowser(ACCESSIBILITY_ARGS);
  context = await browser.newContext({ viewport: { width: DESKTOP.width, height: DESKTOP.height } });
  page = await context.newPage();
  internals = await context.newPage();
});

after(async () => {
  await browser?.close();
});

async function problemsAt(url) {
  await page.goto(url, { waitUntil: 'load' });
  const expected = await expectedTableHeaders(page);
  const tables = parsePlatformTables(await platformTree(page, internals));
  return headerProblems(expected, tables);
}

describe('regression proof: group headings that Chromium does not associate are found', () => {
  let server;
  before(async () => {
    server = await startStaticServer(FIXTURES);
  });
  after(async () => server?.close());

  for (const [file, why] of [
    ['colgroup.html', 'scope="colgroup" rows without <colgroup>: every cell gets every group heading'],
    ['rowgroup-row.html', 'scope="rowgroup" heading rows spanning the columns: no cell gets its group heading'],
  ]) {
    test(`${file}: ${why}`, { timeout: PAGE_TIMEOUT }, async () => {
      const problems = await problemsAt(new URL(file, server.url).href);
      assert.ok(problems.some((p) => /group/.test(p)), `expected group heading problems, got: ${problems.join('\n') || 'none'}`);
    });
  }
});

describe(`indicator table headers in Chromium's accessibility tree, ${SITE}`, () => {
  let server;
  before(async () => {
    if (PAGES.length) server = await startStaticServer(SITE);
  });
  after(async () => server?.close());

  for (const rel of PAGES) {
    test(`${rel}: each data cell has its column and group headings, and no other group's`, { timeout: PAGE_TIMEOUT }, async () => {
      const url = new URL(urlPathOf(rel), server.url).href;
      const problems = await problemsAt(url);
      assert.equal(problems.length, 0, `${problems.length} header association problem(s) on ${rel} (${url}):\n${problems.map((p) => `- ${p}`).join('\n')}`);
    });
  }
});
