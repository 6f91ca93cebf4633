// The checks run on one loaded page. Each returns data (problems found); the test files
// decide what to assert, so the regression proof can run the very same checks on a broken
// fixture and assert that they do find its problems.
import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { createRequire } from 'node:module';
import { FOCUS_STYLE_PROPS, installFocusProbe, focusDifferences, formatDifferences, visibilityProblems } from './focus.mjs';

export const AXE_TAGS = Object.freeze(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);

/**
 * Goes to `url` and records what went wrong while loading: a main response that is not 2xx,
 * sub-resources that answered >= 400 or failed, uncaught script errors and console errors.
 */
export async function loadPage(page, url) {
  const problems = [];
  const onResponse = (res) => {
    if (res.status() >= 400 && res.url() !== url && !res.url().endsWith('/favicon.ico')) problems.push(`${res.status()} for ${res.request().resourceType()} ${res.url()}`);
  };
  const onFailed = (req) => {
    // The browser's own favicon probe (type `other`) of the page being left is aborted by
    // this navigation: not a failure of the page being loaded.
    if (req.resourceType() === 'other' && req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.resourceType()} ${req.url()} (${req.failure()?.errorText})`);
  };
  const onPageError = (err) => problems.push(`uncaught script error: ${err.message}`);
  const onConsole = (msg) => {
    if (msg.type() !== 'error') return;
    const at = msg.location()?.url ?? '';
    // Failed loads are reported by onResponse with their URL; the browser's own favicon probe is no page's fault.
    if (/^Failed to load resource/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}${at ? ` (at ${at})` : ''}`);
  };
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  page.on('pageerror', onPageError);
  page.on('console', onConsole);
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response) problems.unshift(`no response for ${url}`);
    else if (response.status() >= 400) problems.unshift(`${response.status()} for the page itself (${url})`);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
  } finally {
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
    page.off('pageerror', onPageError);
    page.off('console', onConsole);
  }
  return problems;
}

/** Full-page screenshot into `file` (folders created). */
export async function screenshot(page, file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
}

/** Runs axe-core on the page with the WCAG 2.x A/AA tags; returns its violations, trimmed. */
export async function runAxe(page, tags = AXE_TAGS) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: axe.source });
  return page.evaluate(async (values) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)),
        html: n.html.length > 160 ? n.html.slice(0, 160) + '…' : n.html,
        summary: n.failureSummary,
      })),
    }));
  }, [...tags]);
}

/** axe violations as readable text: rule id, impact, help, then each target and why. */
export function formatAxeViolations(violations, where) {
  const lines = [`${violations.length} axe-core violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 15)) {
      lines.push(`    at ${n.target.join(', ')}   ${n.html.replace(/\s+/g, ' ')}`);
      if (n.summary) lines.push(...n.summary.split('\n').map((s) => `        ${s.trim()}`).filter((s) => s.trim()));
    }
    if (v.nodes.length > 15) lines.push(`    … and ${v.nodes.length - 15} more element(s)`);
  }
  return lines.join('\n');
}

/**
 * Reflow (WCAG 1.4.10): at the current viewport the page must not scroll horizontally.
 * Returns { scrollWidth, innerWidth, offenders } where offenders are the outermost elements
 * that stick out to the right and are not inside an element that scrolls or clips them.
 */
export async function checkReflow(page) {
  return page.evaluate(() => {
    const scrollWidth = document.documentElement.scrollWidth;
    const width = window.innerWidth;
    const offenders = [];
    if (scrollWidth > width) {
      const contained = (el) => {
        for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
          if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(a).overflowX)) return true;
        }
        return false;
      };
      const reported = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right + window.scrollX <= width + 0.5 || r.width === 0) continue;
        if (contained(el) || reported.some((p) => p.contains(el))) continue;
        reported.push(el);
        const desc = `<${el.localName}${el.id ? ` id="${el.id}"` : ''}${el.classList.length ? ` class="${el.className}"` : ''}>`;
        offenders.push(`${desc} right edge at ${Math.round(r.right + window.scrollX)}px (width ${Math.round(r.width)}px)`);
        if (offenders.length >= 10) break;
      }
    }
    return { scrollWidth, innerWidth: width, offenders };
  });
}

function clipAround(rect, viewport, margin = 8) {
  const x = Math.max(0, Math.floor(rect.left - margin));
  const y = Math.max(0, Math.floor(rect.top - margin));
  const right = Math.min(viewport.width, Math.ceil(rect.right + margin));
  const bottom = Math.min(viewport.height, Math.ceil(rect.bottom + margin));
  if (right - x < 1 || bottom - y < 1) return null;
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * The keyboard walk: from the top of the freshly loaded page, press Tab up to
 * (number of focusable elements + 2, at most `max`) times. For each element that gets
 * focus: it must be visible (non-empty box, inside the document and viewport, not
 * visibility:hidden, not transparent, not clipped away, not hidden behind other content),
 * and its focus must be visibly indicated (a computed-style difference from its unfocused
 * state, else screenshots of it focused vs. blurred that differ).
 * Returns { focusable, presses, visited: [descriptions], problems: [{ element, selector, problem }] }.
 */
export async function keyboardWalk(page, { max = 200 } = {}) {
  await page.evaluate(installFocusProbe, [...FOCUS_STYLE_PROPS]);
  const focusable = await page.evaluate(() => window.__rapportFocus.prepare());
  const limit = Math.min(focusable + 2, max);
  const visited = [];
  const problems = [];
  let presses = 0;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    presses++;
    const info = await page.evaluate(() => window.__rapportFocus.inspect());
    if (info.none) {
      if (visited.length) break; // focus left the document: the walk is complete
      continue;
    }
    if (info.repeat) break; // focus came round again
    visited.push(info.description);
    const report = (problem) => problems.push({ element: info.description, selector: info.selector, problem });
    const invisible = visibilityProblems(info);
    for (const p of invisible) report(p);
    if (invisible.length) continue;
    const diffs = info.blurred ? focusDifferences(info.blurred, info.focused) : [];
    if (diffs.length) continue;
    // No style difference on the element itself: compare what it looks like.
    const clip = clipAround(info.rect, info.viewport);
    let differs = false;
    if (clip) {
      const focusedShot = await page.screenshot({ clip, animations: 'disabled', caret: 'initial' });
      await page.evaluate(() => window.__rapportFocus.blurActive());
      const blurredShot = await page.screenshot({ clip, animations: 'disabled', caret: 'initial' });
      differs = !focusedShot.equals(blurredShot);
      // Chromium keeps the sequential focus navigation starting point on the blurred
      // element, so the next Tab goes on from here.
    }
    if (!differs) {
      report(
        'focus is not visibly indicated: no change of outline, box-shadow, border, background, colour or text decoration ' +
          '(on it, its ::before/::after, its parent or its first descendants), and it looks the same focused and unfocused',
      );
    }
  }
  return { focusable, presses, visited, problems };
}

/** Describes one element whose focus was found faulty, for test output. */
export function formatFocusProblems(problems, where) {
  return [`${problems.length} keyboard focus problem(s) on ${where}:`, ...problems.map((p) => `- ${p.element}: ${p.problem}`)].join('\n');
}

/**
 * What the page says about languages: <html lang>, <link rel=alternate hreflang> (resolved),
 * and the elements of the body that carry hreflang, each with the language it declares
 * (its own lang, else that of a wrapper inside the body) and whether it sits in a <nav>.
 */
export async function languageInfo(page) {
  return page.evaluate(() => {
    const describe = (el) => {
      const text = (el.textContent || '').replace(/\s+/g, ' ').trim();
      return `<${el.localName}${el.id ? ` id="${el.id}"` : ''}${el.classList.length ? ` class="${el.className}"` : ''}> "${text.slice(0, 50)}${text.length > 50 ? '…' : ''}"`;
    };
    return {
      url: location.href,
      lang: document.documentElement.getAttribute('lang'),
      alternates: [...document.querySelectorAll('link[rel~="alternate" i][hreflang]')].map((l) => ({
        hreflang: l.getAttribute('hreflang'),
        href: l.href,
      })),
      hreflangElements: [...document.body.querySelectorAll('[hreflang]')].map((el, index) => {
        const wrapper = el.closest('[lang]');
        return {
          index,
          hreflang: el.getAttribute('hreflang'),
          ownLang: el.getAttribute('lang'),
          lang: wrapper && wrapper !== document.documentElement ? wrapper.getAttribute('lang') : null,
          inNav: !!el.closest('nav'),
          href: el.href ?? el.getAttribute('href'),
          description: describe(el),
        };
      }),
    };
  });
}

// HTML_CodeSniffer, a second engine: it reads the HTML table model literally, so it reports
// header cells that are associated with no data cell (H43, H63), which axe does not.
const HTMLCS_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('html_codesniffer/build/HTMLCS.js'), 'utf8');

/** Runs HTML_CodeSniffer's WCAG2AA standard on the page; returns its errors (not warnings or notices). */
export async function runHtmlcs(page) {
  const loaded = await page.evaluate(() => typeof window.HTMLCS !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: HTMLCS_SOURCE });
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        window.HTMLCS.process('WCAG2AA', document, () => {
          const describe = (el) => (el?.outerHTML ?? String(el)).replace(/\s+/g, ' ').slice(0, 160);
          resolve(
            window.HTMLCS.getMessages()
              .filter((m) => m.type === window.HTMLCS.ERROR)
              .map((m) => ({ code: m.code, message: m.msg, element: describe(m.element) })),
          );
        });
      }),
  );
}

/** HTML_CodeSniffer errors as readable text. */
export function formatHtmlcsErrors(errors, where) {
  return [`${errors.length} HTML_CodeSniffer WCAG2AA error(s) on ${where}:`, ...errors.map((e) => `- ${e.code}: ${e.message}\n    at ${e.element}`)].join('\n');
}
