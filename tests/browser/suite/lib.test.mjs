// Unit tests of the page-independent helpers in lib/ (no browser).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer, contentTypeFor } from '../lib/server.mjs';
import { focusDifferences, normalizeStyle, visibilityProblems } from '../lib/focus.mjs';
import { urlPathOf, canonicalPath, artifactBase } from '../lib/site.mjs';
import { samePage } from '../lib/language.mjs';

describe('static server', () => {
  let dir;
  let server;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-server-'));
    fs.mkdirSync(path.join(dir, 'en', 'r é'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<p>home</p>');
    fs.writeFileSync(path.join(dir, 'en', 'index.html'), '<p>en</p>');
    fs.writeFileSync(path.join(dir, 'en', 'r é', 'a.html'), '<p>accents</p>');
    fs.writeFileSync(path.join(dir, '404.html'), '<p>not here</p>');
    for (const ext of ['css', 'js', 'svg', 'json', 'csv', 'zip', 'xml', 'txt']) fs.writeFileSync(path.join(dir, `f.${ext}`), 'x');
    fs.writeFileSync(path.join(os.tmpdir(), 'rapport-outside.txt'), 'secret');
    server = await startStaticServer(dir);
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('listens on 127.0.0.1 on a free port', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(server.port > 0);
  });
  test('serves index.html for folders, and redirects a folder without its slash', async () => {
    assert.equal(await (await fetch(server.url)).text(), '<p>home</p>');
    assert.equal(await (await fetch(new URL('en/', server.url))).text(), '<p>en</p>');
    const r = await fetch(new URL('en', server.url), { redirect: 'manual' });
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/en/');
  });
  test('decodes percent-encoded paths', async () => {
    const r = await fetch(new URL('en/r%20%C3%A9/a.html', server.url));
    assert.equal(r.status, 200);
  });
  test('answers 404 with the site 404.html for missing files', async () => {
    const r = await fetch(new URL('nope/missing.html', server.url));
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.equal(await r.text(), '<p>not here</p>');
  });
  test('never serves files outside its root', async () => {
    for (const p of ['/../rapport-outside.txt', '/%2e%2e/rapport-outside.txt', '/..%2Frapport-outside.txt']) {
      const r = await fetch(server.url.replace(/\/$/, '') + p);
      assert.equal(r.status, 404, p);
    }
  });
  test('content types', async () => {
    const expected = {
      css: 'text/css',
      js: 'text/javascript',
      svg: 'image/svg+xml',
      json: 'application/json',
      csv: 'text/csv',
      zip: 'application/zip',
      xml: 'application/xml',
      txt: 'text/plain',
    };
    for (const [ext, type] of Object.entries(expected)) {
      const r = await fetch(new URL(`f.${ext}`, server.url));
      assert.equal(r.headers.get('content-type').split(';')[0], type, ext);
    }
    assert.equal(contentTypeFor('a/b/page.HTML'), 'text/html; charset=utf-8');
    assert.equal(contentTypeFor('x.unknown'), 'application/octet-stream');
  });
});

describe('focus visibility comparison', () => {
  const base = {
    'outline-style': 'none',
    'outline-width': '0px',
    'outline-color': 'rgb(0, 0, 0)',
    'outline-offset': '0px',
    'box-shadow': 'none',
    'background-color': 'rgba(0, 0, 0, 0)',
    color: 'rgb(6, 69, 173)',
    'text-decoration-line': 'underline',
  };
  const snap = (self) => ({ self, before: null, after: null, parent: null, descendants: [] });

  test('an outline that appears on focus is an indicator', () => {
    const focused = { ...base, 'outline-style': 'solid', 'outline-width': '3px', 'outline-color': 'rgb(179, 0, 59)' };
    const d = focusDifferences(snap(base), snap(focused));
    assert.deepEqual(d.map((x) => x.prop), ['outline']);
  });
  test('outline:none on focus, nothing else: no indicator', () => {
    assert.deepEqual(focusDifferences(snap(base), snap({ ...base })), []);
  });
  test('an outline of width 0, or transparent, is no indicator', () => {
    assert.deepEqual(focusDifferences(snap(base), snap({ ...base, 'outline-style': 'solid', 'outline-width': '0px' })), []);
    assert.deepEqual(focusDifferences(snap(base), snap({ ...base, 'outline-style': 'solid', 'outline-width': '2px', 'outline-color': 'rgba(0, 0, 0, 0)' })), []);
  });
  test('a box-shadow, background or text decoration change is an indicator', () => {
    assert.equal(focusDifferences(snap(base), snap({ ...base, 'box-shadow': 'rgb(0, 0, 0) 0px 0px 0px 3px' })).length, 1);
    assert.equal(focusDifferences(snap(base), snap({ ...base, 'background-color': 'rgb(255, 255, 0)' })).length, 1);
    assert.equal(focusDifferences(snap(base), snap({ ...base, 'text-decoration-line': 'none' })).length, 1);
  });
  test('a change on ::after or the parent counts', () => {
    const a = { ...snap(base), after: null };
    const b = { ...snap(base), after: { ...base, content: '"←"' } };
    assert.equal(focusDifferences(a, b)[0].part, '::after');
    const p = { ...snap(base), parent: { ...base } };
    const q = { ...snap(base), parent: { ...base, 'background-color': 'rgb(255, 255, 0)' } };
    assert.equal(focusDifferences(p, q)[0].part, 'parent');
  });
  test('normalizeStyle ignores border sides that are not drawn', () => {
    const n = normalizeStyle({ 'border-top-style': 'solid', 'border-top-width': '0px', 'border-top-color': 'red' });
    assert.equal(n['border-top'], 'none');
  });
  test('visibility problems', () => {
    const ok = {
      rect: { left: 10, top: 10, right: 110, bottom: 30, width: 100, height: 20 },
      scrollX: 0,
      scrollY: 0,
      docWidth: 1280,
      docHeight: 2000,
      viewport: { width: 1280, height: 800 },
      visibility: 'visible',
      opacity: 1,
      clipped: null,
      hitsSelf: true,
      coveredBy: null,
    };
    assert.deepEqual(visibilityProblems(ok), []);
    assert.equal(visibilityProblems({ ...ok, rect: { ...ok.rect, width: 0, right: 10 } }).length, 1);
    assert.match(visibilityProblems({ ...ok, rect: { left: -10000, top: 10, right: -9900, bottom: 30, width: 100, height: 20 } })[0], /outside the document/);
    assert.match(visibilityProblems({ ...ok, visibility: 'hidden' })[0], /visibility:hidden/);
    assert.match(visibilityProblems({ ...ok, hitsSelf: false, coveredBy: '<header>' })[0], /hidden behind <header>/);
  });
});

describe('site paths', () => {
  test('urlPathOf / canonicalPath / artifactBase', () => {
    assert.equal(urlPathOf('index.html'), '/');
    assert.equal(urlPathOf('en/index.html'), '/en/');
    assert.equal(urlPathOf('en/2022/a.html'), '/en/2022/a.html');
    assert.equal(canonicalPath('/en/index.html#p3'), '/en/');
    assert.equal(canonicalPath('/en/a.html?x=1'), '/en/a.html');
    assert.equal(artifactBase('fr/2022/index.html'), 'fr/2022/index');
    assert.ok(samePage('http://h/en/index.html#top', 'http://h/en/'));
    assert.ok(!samePage('http://h/en/a.html', 'http://h/fr/a.html'));
  });
});
