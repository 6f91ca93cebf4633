// Page-independent rules about languages, applied to what lib/checks.mjs#languageInfo reads.
import { canonicalPath } from './site.mjs';

export const sameLang = (a, b) => typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Same page? Same origin and same path, a folder being its index.html, fragments and queries ignored. */
export function samePage(urlA, urlB) {
  const a = new URL(urlA);
  const b = new URL(urlB);
  return a.origin === b.origin && canonicalPath(a.pathname) === canonicalPath(b.pathname);
}

/**
 * The language switcher entries among the page's hreflang elements: those in a <nav>, and
 * those that link to one of the page's declared alternates (its translations).
 */
export function switcherEntries(info) {
  return info.hreflangElements.filter((e) => e.href && (e.inNav || info.alternates.some((a) => samePage(a.href, e.href))));
}

/**
 * Problems of one page on its own: <html lang> is a site language; every element with
 * hreflang declares a lang (on itself or a wrapper inside <body>), which for switcher
 * entries is the language they announce.
 */
export function ownLanguageProblems(info, siteLanguages) {
  const problems = [];
  if (!info.lang || !info.lang.trim()) problems.push('<html> has no lang attribute');
  else if (siteLanguages && !siteLanguages.some((l) => sameLang(l, info.lang))) {
    problems.push(`<html lang="${info.lang}"> is not one of the site languages (${siteLanguages.join(', ')})`);
  }
  const switchers = new Set(switcherEntries(info));
  for (const e of info.hreflangElements) {
    if (!e.lang) problems.push(`${e.description} has hreflang="${e.hreflang}" but no lang attribute (on it or a wrapper inside <body>)`);
    else if (switchers.has(e) && !sameLang(e.lang, e.hreflang)) {
      problems.push(`language switcher entry ${e.description} has hreflang="${e.hreflang}" but lang="${e.lang}"`);
    }
  }
  for (const a of info.alternates) {
    if (siteLanguages && a.hreflang.toLowerCase() !== 'x-default' && !siteLanguages.some((l) => sameLang(l, a.hreflang))) {
      problems.push(`<link rel="alternate" hreflang="${a.hreflang}"> names a language that is not a site language (${siteLanguages.join(', ')})`);
    }
  }
  return problems;
}

/**
 * An alternate link's target, as fetched ({ status, lang }), must exist and be in the
 * language the link announces (x-default: must only exist).
 */
export function alternateProblems(alternate, target) {
  const problems = [];
  const what = `<link rel="alternate" hreflang="${alternate.hreflang}" href="${alternate.href}">`;
  if (!target || target.status >= 400) {
    problems.push(`${what}: the target does not exist (HTTP ${target?.status ?? 'no response'})`);
  } else if (alternate.hreflang.toLowerCase() !== 'x-default' && !sameLang(target.lang, alternate.hreflang)) {
    problems.push(`${what}: the target page has <html lang="${target.lang ?? ''}">`);
  }
  return problems;
}

/**
 * After following a switcher entry from `origin`, the page reached (`landing`, as read by
 * languageInfo, plus its HTTP status) must exist, be in the entry's language, and declare
 * `origin` as its alternate in the origin's language.
 */
export function roundTripProblems(origin, entry, landing) {
  const what = `following ${entry.description} (href="${entry.href}")`;
  if (!landing || landing.status >= 400) return [`${what} leads to a missing page (HTTP ${landing?.status ?? 'no response'})`];
  const problems = [];
  if (!sameLang(landing.lang, entry.hreflang)) {
    problems.push(`${what} lands on ${landing.url}, whose <html lang="${landing.lang ?? ''}"> is not hreflang="${entry.hreflang}"`);
  }
  const back = landing.alternates.filter((a) => sameLang(a.hreflang, origin.lang));
  if (!back.length) {
    problems.push(`${what} lands on ${landing.url}, which has no <link rel="alternate" hreflang="${origin.lang}"> back`);
  } else if (!back.some((a) => samePage(a.href, origin.url))) {
    problems.push(`${what} lands on ${landing.url}, whose alternate hreflang="${origin.lang}" points to ${back.map((a) => a.href).join(', ')}, not back to ${origin.url}`);
  }
  return problems;
}
