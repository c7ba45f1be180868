// The Validation page, driven like a user: every published claim with the paper's figure, the lab's and the verdict
// (the same report as docs/validation.md); a figure opens its two sides in Compare, where they run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReproduceReport } from '../../src/shared/protocol';
import { openSession, REPO, T, WAIT, type Session } from './session';

const report = JSON.parse(readFileSync(join(REPO, 'resources/validation.json'), 'utf8')) as ReproduceReport;

describe('validation page, driven like a user', () => {
  let s: Session;
  beforeAll(async () => { s = await openSession(); }, T);
  afterAll(async () => { await s?.close(); });

  it('lists every claim with its verdicts', async () => {
    await s.byId('nav-validation').click();
    await expect.poll(() => s.byId('view-validation').isVisible(), { timeout: WAIT }).toBe(true);
    for (const c of report.claims) {
      const text = await s.byId(`claim-${c.id}`).textContent();
      for (const f of c.figures) expect(text).toContain(f.labText);
    }
    await s.shot('validation-1400');
    await s.page.setViewportSize({ width: 1024, height: 700 });
    await s.shot('validation-1024');
    await s.page.setViewportSize({ width: 1400, height: 860 });
  }, T);

  it('opens PV EOI\'s figure in Compare and runs off vs on', async () => {
    await s.byId('open-pv-eoi-0').click();
    await expect.poll(() => s.byId('view-compare').isVisible(), { timeout: WAIT }).toBe(true);
    await expect.poll(() => s.byId('compare-source').inputValue(), { timeout: WAIT }).toBe('claim-pv-eoi');
    expect(await s.byId('compare-extra-a').inputValue()).toBe('vms[0].pvEoi=on');
    await s.byId('compare-run').click();
    await expect.poll(() => s.byId('compare-progress').getAttribute('data-state'), { timeout: WAIT }).toBe('done');
  }, T);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
