// The Nu Html Checker on every HTML, CSS and SVG file of the built site (one JVM run), plus the
// regression proof that it does report the deliberate errors of fixtures/bad-site.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { siteDir, listFiles, BAD_SITE_DIR } from '../lib/site.mjs';
import { runVnu, formatVnuErrors } from '../lib/vnu.mjs';

const SITE = siteDir();
const siteFiles = fs.existsSync(SITE) ? listFiles(SITE, ['.html', '.htm', '.css', '.svg']) : [];
const badFiles = listFiles(BAD_SITE_DIR, ['.html', '.css', '.svg']);

let results;
before(() => {
  results = runVnu([...siteFiles.map((f) => path.join(SITE, f)), ...badFiles.map((f) => path.join(BAD_SITE_DIR, f))]);
});

describe('regression proof: the Nu Html Checker finds the faults of fixtures/bad-site', () => {
  test('an HTML content-model error in index.html', () => {
    const errors = results.get(path.join(BAD_SITE_DIR, 'index.html'));
    assert.ok(errors.some((e) => /not allowed as child of element/.test(e.message)), JSON.stringify(errors));
  });
  test('an SVG error in bad-chart.svg', () => {
    const errors = results.get(path.join(BAD_SITE_DIR, 'bad-chart.svg'));
    assert.ok(errors.some((e) => /not allowed/.test(e.message)), JSON.stringify(errors));
  });
  test('a CSS error in style.css', () => {
    const errors = results.get(path.join(BAD_SITE_DIR, 'style.css'));
    assert.ok(errors.some((e) => /^CSS:/.test(e.message)), JSON.stringify(errors));
  });
});

describe(`Nu Html Checker on ${SITE}`, () => {
  test('the site has been built and has HTML pages', () => {
    assert.ok(
      siteFiles.some((f) => /\.html?$/.test(f)),
      `no *.html under ${SITE}: build it first (cargo run --release -- build) or point RAPPORT_SITE at a built site`,
    );
  });
  for (const rel of siteFiles) {
    test(`${rel}: no errors`, () => {
      const errors = results.get(path.join(SITE, rel)) ?? [];
      assert.equal(errors.length, 0, formatVnuErrors(path.join(SITE, rel), errors));
    });
  }
  test('no errors reported for files outside the list', () => {
    const expected = new Set([...siteFiles.map((f) => path.join(SITE, f)), ...badFiles.map((f) => path.join(BAD_SITE_DIR, f))]);
    const stray = [...results].filter(([f, errs]) => !expected.has(f) && errs.length);
    assert.deepEqual(stray.map(([f, errs]) => formatVnuErrors(f, errs)), []);
  });
});
