// The Nu Html Checker (vnu.jar from the vnu-jar package), run once for many files: the JVM
// is slow to start, so all HTML, CSS and SVG files go through one run (`--also-check-css`
// checks the .css files as CSS, like `--css` would, and `--also-check-svg` the .svg files,
// in the same JVM).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_TESTS_DIR } from './site.mjs';

export const VNU_JAR = path.join(BROWSER_TESTS_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** The java to run: $JAVA, else `java` on the PATH. Throws a clear error when it is missing. */
export function javaCommand() {
  const java = process.env.JAVA || 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`no Java runtime (${java}): run scripts/ensure-browser-deps.sh (installs default-jre-headless) or set JAVA`);
  }
  return java;
}

/**
 * Checks `files` (absolute paths; .html, .css and .svg) in one JVM run. Returns a Map from each
 * absolute path to its error messages [{ line, column, message, extract, type }].
 */
export function runVnu(files, { java = javaCommand(), jar = VNU_JAR } = {}) {
  if (!fs.existsSync(jar)) throw new Error(`${jar} is missing: run npm ci in tests/browser (scripts/ensure-browser-deps.sh does)`);
  const byFile = new Map(files.map((f) => [path.resolve(f), []]));
  if (!files.length) return byFile;
  const args = ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', '--also-check-css', '--also-check-svg', ...files];
  const run = spawnSync(java, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 15 * 60 * 1000 });
  if (run.error) throw run.error;
  const text = [run.stderr, run.stdout].find((t) => t && t.trim().startsWith('{'));
  if (!text) {
    throw new Error(`vnu.jar printed no JSON report (exit ${run.status}):\n${run.stderr}\n${run.stdout}`);
  }
  const report = JSON.parse(text);
  for (const m of report.messages ?? []) {
    if (m.type === 'info') continue;
    const file = m.url ? path.resolve(fileURLToPath(m.url.replace(/^file:(?!\/\/)/, 'file://'))) : '(unknown file)';
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push({
      type: m.type,
      line: m.lastLine ?? m.firstLine ?? 0,
      column: m.firstColumn ?? m.lastColumn ?? 0,
      message: m.message,
      extract: m.extract,
    });
  }
  return byFile;
}

/** Readable lines: `file:line:column: message` then the extract. */
export function formatVnuErrors(file, errors) {
  return [
    `${errors.length} Nu Html Checker error(s) in ${file}:`,
    ...errors.map((e) => `- ${file}:${e.line}:${e.column}: ${e.message}${e.extract ? `\n      ${e.extract.replace(/\s+/g, ' ').trim()}` : ''}`),
  ].join('\n');
}
