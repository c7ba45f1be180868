// At 1024×700 every view fits: toolbar buttons never overlap (they wrap to a second row), Compare's switch menus stay
// inside their side's panel, and no view scrolls sideways. Checked on the boxes the browser laid out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, T, WAIT, type Session } from './session';
import { editorText } from './editorDriver';

interface Box { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

describe('layouts fit 1024×700', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
    await s.page.setViewportSize({ width: 1024, height: 700 });
  }, T);
  afterAll(async () => { await s?.close(); });

  /** The boxes of the visible buttons (and the recent-files menu button) in the view's toolbars. */
  async function toolbarBoxes(selector: string): Promise<{ text: string; box: Box }[]> {
    const buttons = s.page.locator(`${selector} button:visible`);
    const out: { text: string; box: Box }[] = [];
    for (let i = 0, n = await buttons.count(); i < n; i++) {
      const box = await buttons.nth(i).boundingBox();
      if (box) out.push({ text: ((await buttons.nth(i).textContent()) ?? '').trim(), box });
    }
    return out;
  }

  function expectNoOverlap(boxes: { text: string; box: Box }[]): void {
    expect(boxes.length).toBeGreaterThan(4);
    const clashes: string[] = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      if (overlap(boxes[i]!.box, boxes[j]!.box)) clashes.push(`${boxes[i]!.text} / ${boxes[j]!.text}`);
    }
    expect(clashes).toEqual([]);
    for (const b of boxes) expect(b.box.x + b.box.width, b.text).toBeLessThanOrEqual(1024);
  }

  const noSideScroll = () => s.page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

  it('the Scenario view: file buttons and run controls do not overlap', async () => {
    await s.byId('nav-scenario').click();
    await expect.poll(() => s.byId('view-scenario').isVisible(), { timeout: WAIT }).toBe(true);
    expectNoOverlap(await toolbarBoxes('[data-testid="view-scenario"] .toolbar'));
    expect(await noSideScroll()).toBe(true);
  }, T);

  it('Registers and Log: the run controls and the empty-state hint share the toolbar without overlapping', async () => {
    for (const v of ['registers', 'log']) {
      await s.byId(`nav-${v}`).click();
      await expect.poll(() => s.byId('view-toolbar').isVisible(), { timeout: WAIT }).toBe(true);
      const boxes = await toolbarBoxes('[data-testid="view-toolbar"] .app-toolbar');
      expectNoOverlap(boxes);
      const hint = await s.byId('empty-hint').boundingBox();
      expect(hint).not.toBeNull();
      for (const b of boxes) expect(overlap(b.box, hint!), b.text).toBe(false);
      expect(hint!.height).toBeLessThan(60); // a line or two, not a narrow column
      expect(await noSideScroll()).toBe(true);
    }
  }, T);

  it('Compare: every switch menu stays inside its side\'s panel, with the longest values listed', async () => {
    await s.byId('nav-compare').click();
    await s.byId('compare-source').selectOption('claim-vfio-intx');
    for (const side of ['a', 'b']) {
      const panel = await s.byId(`compare-side-${side}`).boundingBox();
      const menus = s.byId(`compare-switch-${side}`);
      expect(await menus.count()).toBeGreaterThan(3);
      for (let i = 0, n = await menus.count(); i < n; i++) {
        const m = (await menus.nth(i).boundingBox())!;
        expect(m.x + m.width, `side ${side} menu ${i}`).toBeLessThanOrEqual(panel!.x + panel!.width);
      }
    }
    expect(await noSideScroll()).toBe(true);
    await s.shot('layout-1024-compare');
  }, T);

  it('the Log: every column of the table is on screen; the flow/latency panel is a drawer opened on demand', async () => {
    await s.byId('nav-scenario').click();
    // arm-forwarding: its latency groups have the longest names (source vm0.vcpu0.vtimer).
    await s.byId('preset-picker').selectOption('arm-forwarding');
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toMatch(/^name: arm-forwarding$/m);
    await s.byId('run-button').first().click();
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: 60_000 }).toBe('finished');
    await s.byId('nav-log').click();
    await expect.poll(() => s.page.locator('[data-testid="log-row"]').count(), { timeout: WAIT }).toBeGreaterThan(5);
    const scroller = (await s.byId('log-scroller').boundingBox())!;
    const heads = s.page.locator('[data-testid="log-table"] th');
    expect(await heads.count()).toBe(8);
    for (let i = 0; i < 8; i++) {
      const h = (await heads.nth(i).boundingBox())!;
      expect(h.x + h.width, `column ${i}`).toBeLessThanOrEqual(scroller.x + scroller.width + 0.5);
    }
    expect(await s.byId('log-side').count()).toBe(0);
    await s.byId('log-side-toggle').click();
    const side = (await s.byId('log-side').boundingBox())!;
    expect(side.x + side.width).toBeLessThanOrEqual(1024);
    // The percentile table's last column is inside the drawer, long group names and all.
    await expect.poll(() => s.page.locator('[data-testid="log-side"] [data-testid="percentile-row"]').count(), { timeout: WAIT }).toBeGreaterThan(3);
    const lastHead = (await s.page.locator('[data-testid="log-side"] th').last().boundingBox())!;
    expect(lastHead.x + lastHead.width).toBeLessThanOrEqual(side.x + side.width);
    await s.shot('layout-1024-log');
    await s.byId('log-side-close').click();
    expect(await s.byId('log-side').count()).toBe(0);
    // The status bar still says what is loaded (shortened, never cut off behind the window's edge).
    const loaded = (await s.byId('status-scenario').boundingBox())!;
    expect(loaded.width).toBeGreaterThan(40);
    expect(loaded.x + loaded.width).toBeLessThanOrEqual(1024);
    expect(await noSideScroll()).toBe(true);
  }, T);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
