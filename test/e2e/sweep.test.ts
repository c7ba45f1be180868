// The Sweep view, driven like a user: a two-parameter grid on a preset, run with progress, plotted with a line and a
// band per switch value; the CSV export equals the reference lab's sweep (and so `virq sweep`'s); PNG and SVG
// download; a point clicked opens that run in Compare.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, T, WAIT, type Session } from './session';
import type { SweepProgress } from '../../src/shared/protocol';

const PRESET = 'intx-shared-line';
const X = { path: 'devices[1].rate', values: '1k..100k:3log' };
const LINES = { path: 'devices[0].intxMasking', values: 'line,device' };
const METRIC = 'perVm.vm0.latencyNs.p50';

describe('Sweep view, driven like a user', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession({ downloads: true });
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  it('runs a grid with progress and plots a line and a band per switch value; CSV equals the reference lab', async () => {
    await s.byId('nav-sweep').click();
    await expect.poll(() => s.page.locator('[data-testid="sweep-source"] option').count(), { timeout: WAIT }).toBeGreaterThan(5);
    await s.byId('sweep-source').selectOption(PRESET);
    await s.byId('sweep-path-0').fill(X.path);
    await s.byId('sweep-values-0').fill(X.values);
    await s.byId('sweep-switch-1').selectOption(LINES.path);
    await expect.poll(() => s.byId('sweep-values-1').inputValue()).toBe('line,device,adaptive,oneshot-unmask-shared');
    await s.byId('sweep-values-1').fill(LINES.values);
    await s.byId('sweep-metric').fill(METRIC);
    await s.byId('sweep-seeds').fill('2');
    await s.byId('sweep-run').click();
    await expect.poll(() => s.byId('sweep-status').textContent(), { timeout: WAIT * 2 }).toMatch(/^done · 6\/6 points · 12\/12 runs/);
    // With more than one core, helper Web Workers took some of the runs (the CSV below is still the reference's bytes).
    const cores = await s.page.evaluate<number>('navigator.hardwareConcurrency');
    if (cores > 1) expect(await s.byId('sweep-status').textContent()).toMatch(/· [1-9]\d* on [1-3] helper workers?$/);
    await expect.poll(() => s.page.locator('[data-testid="sweep-chart"] canvas').count()).toBeGreaterThan(0);
    const legend = await s.page.locator('[data-testid="sweep-chart"] .u-legend .u-series:visible').allTextContents();
    expect(legend.join(' ')).toMatch(/devices\[0\]\.intxMasking=line.*devices\[0\]\.intxMasking=device/s);
    expect(await s.byId('sweep-cli').textContent()).toBe(`npx virq sweep ${PRESET} --vary '${X.path}=${X.values}' --vary '${LINES.path}=${LINES.values}' --seeds 2 --metric '${METRIC}' --csv`);

    const text = s.presets.find((p) => p.name === PRESET)!.text;
    await s.reference.api.call('sweep', { text, vary: [`${X.path}=${X.values}`, `${LINES.path}=${LINES.values}`], seeds: 2, metrics: [METRIC] });
    let ref: SweepProgress;
    do ref = await s.reference.api.call('sweepProgress', undefined); while (ref.state === 'running' && (await new Promise((r) => setTimeout(r, 20)), true));
    const [csv] = await Promise.all([s.page.waitForEvent('download'), s.byId('sweep-csv').click()]);
    expect(readFileSync((await csv.path())!, 'utf8')).toBe(ref.csv);
    const [png] = await Promise.all([s.page.waitForEvent('download'), s.byId('sweep-png').click()]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
    const [svg] = await Promise.all([s.page.waitForEvent('download'), s.byId('sweep-svg').click()]);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toMatch(/^<svg xmlns/);
    expect(svgText.match(/<polyline/g)).toHaveLength(2);
    for (const [w, h] of [[1440, 900], [1024, 700]] as const) {
      await s.page.setViewportSize({ width: w, height: h });
      await s.shot(`sweep-${w}`);
    }
    expect(s.errors).toEqual([]);
  }, T * 2);

  it('a point clicked opens that run in Compare', async () => {
    await s.page.setViewportSize({ width: 1440, height: 900 });
    const over = s.page.locator('[data-testid="sweep-chart"] .u-over');
    const box = (await over.boundingBox())!;
    // Hover the first x position (uPlot follows mouse moves), then click there.
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await s.page.mouse.move(box.x + 3, box.y + box.height / 2, { steps: 8 });
    await s.page.mouse.click(box.x + 3, box.y + box.height / 2);
    await expect.poll(() => s.byId('view-compare').count(), { timeout: WAIT }).toBe(1);
    await expect.poll(() => s.page.locator('textarea').first().inputValue(), { timeout: WAIT }).toMatch(/devices\[1\]\.rate=1000/);
  }, T);
});
