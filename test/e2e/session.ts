// One browser session on the built web app for an e2e file: a static server, headless Chromium, a page, screenshots.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { serveDirectory, type StaticSite } from './staticServer';
import { collectPageErrors, launchChromium } from './browser';
import { readPresets, startReferenceLab, type ReferenceLab } from './referenceLab';
import type { PresetSource } from '../../src/shared/protocol';

export const REPO = resolve(import.meta.dirname, '../..');
const DIST = join(REPO, 'dist-web');
export const SHOTS = join(REPO, 'test-results', 'screenshots');
export const T = 60_000;
export const WAIT = 15_000;

export interface Session {
  page: Page;
  errors: string[];
  presets: PresetSource[];
  reference: ReferenceLab;
  byId(id: string): Locator;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(opts: { downloads?: boolean; colorScheme?: 'dark' | 'light' } = {}): Promise<Session> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run \`npm run build:web\` before the e2e tests (npm test does).`);
  }
  mkdirSync(SHOTS, { recursive: true });
  const presets = readPresets(join(REPO, 'resources', 'presets'));
  const reference = startReferenceLab(presets);
  const site: StaticSite = await serveDirectory(DIST);
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, acceptDownloads: opts.downloads ?? false, colorScheme: opts.colorScheme ?? 'dark' });
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await page.goto(site.url);
  return {
    page,
    errors,
    presets,
    reference,
    byId: (id) => page.getByTestId(id),
    shot: async (name) => {
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    close: async () => {
      await browser.close();
      await site.close();
      reference.close();
    },
  };
}
