// Where things are, and what the site under test contains. Synchronous on purpose:
// the test files use it at load time to declare one test per page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/browser */
export const BROWSER_TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (two levels above tests/browser). */
export const REPO_ROOT = path.resolve(BROWSER_TESTS_DIR, '..', '..');
/** The deliberately broken fixture site of the regression proof. */
export const BAD_SITE_DIR = path.join(BROWSER_TESTS_DIR, 'fixtures', 'bad-site');

// A relative path in the environment is taken from where the command was typed: npm runs
// scripts in tests/browser but says where it was started in INIT_CWD.
const fromCaller = (p) => path.resolve(process.env.INIT_CWD || process.cwd(), p);

/** The built site under test: $RAPPORT_SITE, default <repo>/output. */
export function siteDir() {
  return process.env.RAPPORT_SITE ? fromCaller(process.env.RAPPORT_SITE) : path.join(REPO_ROOT, 'output');
}

/** Where screenshots go: $RAPPORT_ARTIFACTS, default <repo>/target/browser-artifacts. */
export function artifactsDir() {
  return process.env.RAPPORT_ARTIFACTS ? fromCaller(process.env.RAPPORT_ARTIFACTS) : path.join(REPO_ROOT, 'target', 'browser-artifacts');
}

/** The Chromium binary: $CHROMIUM_PATH, default Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Every file under `root` whose name ends with one of `extensions`, as sorted POSIX paths relative to root. */
export function listFiles(root, extensions) {
  const exts = extensions.map((e) => e.toLowerCase());
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile() && exts.some((e) => entry.name.toLowerCase().endsWith(e))) {
        out.push(path.relative(root, abs).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** The HTML pages of a site (relative paths), 404.html included. */
export function listPages(root) {
  return listFiles(root, ['.html', '.htm']);
}

/** The URL path a page is served at: 'en/index.html' -> '/en/', 'en/a.html' -> '/en/a.html'. */
export function urlPathOf(relPath) {
  if (relPath === 'index.html') return '/';
  if (relPath.endsWith('/index.html')) return '/' + relPath.slice(0, -'index.html'.length);
  return '/' + relPath;
}

/** Canonical form of a URL path for comparisons: decoded, no fragment/query, folder == folder/index.html. */
export function canonicalPath(urlPath) {
  let p = urlPath.split('#')[0].split('?')[0];
  try {
    p = decodeURI(p);
  } catch {
    /* keep as is */
  }
  if (p.endsWith('/index.html')) p = p.slice(0, -'index.html'.length);
  return p;
}

/** 'fr/2022/intro/index.html' -> 'fr/2022/intro/index' (the base name of its screenshots). */
export function artifactBase(relPath) {
  return relPath.replace(/\.html?$/i, '');
}

/**
 * The languages the site is declared in, or null when nobody says:
 * $RAPPORT_LANGUAGES ("fr,en"), else `languages = [...]` of a rapport.toml in the site's
 * parent folder (the project that built it into output/).
 */
export function declaredLanguages(site = siteDir()) {
  if (process.env.RAPPORT_LANGUAGES) {
    return process.env.RAPPORT_LANGUAGES.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const toml = path.join(path.dirname(site), 'rapport.toml');
  if (!fs.existsSync(toml)) return null;
  const m = /^\s*languages\s*=\s*\[([^\]]*)\]/m.exec(fs.readFileSync(toml, 'utf8'));
  if (!m) return null;
  return [...m[1].matchAll(/"([^"]+)"|'([^']+)'/g)].map((x) => x[1] ?? x[2]);
}
