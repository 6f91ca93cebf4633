import { chromium } from 'playwright-core';
const [,, url, out, width, y, h] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: Number(width||1280), height: 900 } });
await page.goto(url);
const opts = { path: out, fullPage: true };
if (y) opts.clip = { x: 0, y: Number(y), width: Number(width||1280), height: Number(h) };
await page.screenshot(opts);
await browser.close();
