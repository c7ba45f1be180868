#!/usr/bin/env node
// Renders resources/icon.svg to resources/icon.png (512×512, transparent corners) with headless Chromium through
// playwright-core, for electron-builder (which derives the .ico and .icns from the PNG). Run after editing the SVG:
// `node scripts/icon.mjs` (CHROMIUM_PATH, default /usr/bin/chromium).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const svgPath = fileURLToPath(new URL('../resources/icon.svg', import.meta.url));
const pngPath = fileURLToPath(new URL('../resources/icon.png', import.meta.url));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 }, deviceScaleFactor: 1 });
  const svg = readFileSync(svgPath, 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: pngPath, omitBackground: true });
  console.log(`wrote ${pngPath}`);
} finally {
  await browser.close();
}
