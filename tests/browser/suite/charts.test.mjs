// No chart text runs past its chart: every <text> of every standalone chart SVG of the built
// site (`*/charts/*.svg`, the same drawing as the page's inline copy), laid out by Chromium
// with the fonts it finds, must lie within the chart's viewBox (getBBox, in user units).
// This is the browser's check of what tests/chart_languages.rs checks with rapport's own
// measuring: that the fonts measured at build time, and the room kept for wider ones, hold.
// Regression proof first: fixtures/charts/overflow.svg, a Chinese label that was never
// wrapped and an Arabic one anchored on the wrong side, must be flagged.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer } from '../lib/server.mjs';
import { launchBrowser, newViewportPage, DESKTOP } from '../lib/browser.mjs';
import { siteDir, listFiles, BROWSER_TESTS_DIR } from '../lib/site.mjs';

const SITE = siteDir();
const CHARTS = fs.existsSync(SITE) ? listFiles(SITE, ['.svg']).filter((f) => f.includes('/charts/')) : [];
const FIXTURES = path.join(BROWSER_TESTS_DIR, 'fixtures', 'charts');

let browser;
let page;
let site;
let fixtures;

before(async () => {
  browser = await launchBrowser();
  page = await newViewportPage(browser, DESKTOP);
  site = await startStaticServer(SITE);
  fixtures = await startStaticServer(FIXTURES);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await fixtures?.close();
});

/** The texts of the SVG at `url` that leave its viewBox: their words and their box. */
async function overflowing(url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return page.evaluate(() => {
    const svg = document.documentElement;
    const width = svg.viewBox.baseVal.width;
    const out = [];
    for (const text of svg.querySelectorAll('text')) {
      const box = text.getBBox();
      // Half a unit of tolerance: glyph boxes are fractional, the layout's units are whole.
      if (box.x < -0.5 || box.x + box.width > width + 0.5) {
        out.push(`"${text.textContent.trim()}" spans ${box.x.toFixed(1)}–${(box.x + box.width).toFixed(1)} of 0–${width}`);
      }
    }
    return { out, texts: svg.querySelectorAll('text').length };
  });
}

describe('regression proof: text past a chart’s edge is found', () => {
  test('fixtures/charts/overflow.svg: both labels', async () => {
    const { out } = await overflowing(new URL('/overflow.svg', fixtures.url).href);
    assert.equal(out.length, 2, out.join('\n'));
  });
});

describe(`chart text within its chart, on ${SITE}`, () => {
  test('the site has charts', () => {
    assert.ok(CHARTS.length > 0, `no */charts/*.svg under ${SITE}: build it first or point RAPPORT_SITE at a built site`);
  });
  for (const rel of CHARTS) {
    test(`${rel}: every text within the viewBox`, async () => {
      const { out, texts } = await overflowing(new URL('/' + rel, site.url).href);
      assert.ok(texts > 0, `${rel}: no text`);
      assert.deepEqual(out, [], `${rel}:\n${out.join('\n')}`);
    });
  }
});
