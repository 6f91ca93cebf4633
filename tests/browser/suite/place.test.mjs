// The language switcher keeps the reader's place: from paragraph pN to the same paragraph,
// from a section heading to the same section (by its position) of the translation.
// Every narrative page of the site with a switcher and numbered paragraphs is tried.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startStaticServer } from '../lib/server.mjs';
import { launchBrowser, newViewportPage, DESKTOP } from '../lib/browser.mjs';
import { siteDir, listPages, urlPathOf } from '../lib/site.mjs';

const SITE = siteDir();
const PAGES = fs.existsSync(SITE) ? listPages(SITE) : [];

let browser;
let page;
let server;

before(async () => {
  browser = await launchBrowser();
  page = await newViewportPage(browser, DESKTOP);
  server = await startStaticServer(SITE);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the page offers: a switcher link, its paragraphs and its section headings. */
async function placesOn(page) {
  return page.evaluate(() => ({
    switcher: !!document.querySelector('a.lang-switch'),
    paragraphs: [...document.querySelectorAll('main p.numbered[id]')].map((p) => p.id),
    headings: [...document.querySelectorAll('main h2[id], main h3[id], main h4[id], main h5[id], main h6[id]')].map((h) => h.id),
  }));
}

/** Opens `url#hash`, follows the switcher, and returns where it landed (after scripts ran). */
async function switchFrom(url, hash) {
  await page.goto(`${url}#${hash}`, { waitUntil: 'load' });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('a.lang-switch').first().click()]);
  await page.waitForFunction(() => !/^#section-/.test(window.location.hash), null, { timeout: 5000 });
  return { hash: decodeURIComponent(new URL(page.url()).hash.slice(1)), places: await placesOn(page) };
}

describe('the language switcher keeps the reader’s place', () => {
  test('paragraphs and sections, on every narrative page', { timeout: 300_000 }, async () => {
    let tried = 0;
    for (const rel of PAGES) {
      const url = new URL(urlPathOf(rel), server.url).href;
      await page.goto(url, { waitUntil: 'load' });
      const here = await placesOn(page);
      if (!here.switcher || here.paragraphs.length === 0) continue;
      const paragraph = here.paragraphs[Math.floor(here.paragraphs.length / 2)];
      const landed = await switchFrom(url, paragraph);
      assert.equal(landed.hash, paragraph, `${rel}: switching from #${paragraph}`);
      assert.ok(landed.places.paragraphs.includes(paragraph), `${rel}: #${paragraph} is missing in the translation`);
      if (here.headings.length >= 2) {
        const index = here.headings.length - 1;
        const section = await switchFrom(url, here.headings[index]);
        assert.equal(section.hash, section.places.headings[index], `${rel}: switching from #${here.headings[index]} (section ${index + 1})`);
      }
      tried += 1;
    }
    assert.ok(tried > 0, 'no narrative page with a language switcher was found');
  });
});
