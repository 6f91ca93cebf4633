// Launching Debian's Chromium through playwright-core (no browser download, ever).
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumPath } from './site.mjs';

/** The flags Chromium needs on these machines (root, no GPU, closed network). */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

export const DESKTOP = Object.freeze({ name: 'desktop', width: 1280, height: 800 });
export const MOBILE = Object.freeze({ name: 'mobile', width: 320, height: 640 });

/** One headless Chromium, with `extraArgs` besides the flags above. Fails with a clear message when the binary is missing. */
export async function launchBrowser(extraArgs = []) {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Run scripts/ensure-browser-deps.sh (installs Debian's chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * A page at one of the viewports above. bypassCSP lets axe-core be injected even when the
 * site's Content-Security-Policy forbids inline scripts.
 */
export async function newViewportPage(browser, viewport) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    deviceScaleFactor: 1,
    bypassCSP: true,
    locale: 'en-US',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);
  return page;
}
