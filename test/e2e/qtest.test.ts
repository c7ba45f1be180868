// "qtest script" in Registers, driven like a user: a script run on the editor's preset prints the same transcript as
// the reference lab's runQtest, bad lines answer FAIL, and the register tree then shows the state the script left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, T, WAIT, type Session } from './session';
import { pickPresetInEditor } from './editorDriver';

const PRESET = 'msi-emulated';
const SCRIPT = [
  '# the host IOAPIC: VER, then pin 5 routed level to vector 0x50',
  'writel 0xfec00000 0x1',
  'readl 0xfec00010',
  'writel 0xfec00000 0x1a',
  'writel 0xfec00010 0x00018050',
  'readl 0xfec00010',
  'readl 0x1234',
].join('\n');

describe('qtest script in Registers, driven like a user', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  it('runs a script on the editor\'s preset with the reference lab\'s transcript, then shows the state it left', async () => {
    const text = s.presets.find((p) => p.name === PRESET)!.text;
    await pickPresetInEditor(s, PRESET, text);
    await s.byId('nav-registers').click();
    await s.byId('qtest-toggle').click();
    await s.byId('qtest-script').fill(SCRIPT);
    await s.byId('qtest-run').click();
    await expect.poll(() => s.byId('qtest-summary').textContent(), { timeout: WAIT }).toMatch(/6 commands, 1 FAIL/);

    const expected = await s.reference.api.call('runQtest', { text, script: SCRIPT });
    if (!expected.ok) throw new Error('reference lab refused the script');
    const shown = await s.page.locator('[data-testid="qtest-transcript"] .reply').allTextContents();
    expect(shown.map((l) => l.trim())).toEqual(expected.transcript);
    expect(expected.transcript[5]).toMatch(/^FAIL host: no device at 0x1234/);
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('paused');

    // The tree holds the machine the script left: RTE5 reads the written route.
    await s.byId('register-search').fill('RTE5');
    await s.page.locator('[data-testid="register-hit"][data-file="host/ioapic0/ioapic"][data-register="RTE5"]').click();
    const row = s.page.locator('[data-testid="register-row"][data-register="RTE5"]');
    await expect.poll(async () => (await row.getByTestId('register-value').textContent())?.trim(), { timeout: WAIT }).toMatch(/18050$/i);
    for (const [w, h] of [[1440, 900], [1024, 700]] as const) {
      await s.page.setViewportSize({ width: w, height: h });
      await s.shot(`registers-qtest-${w}`);
    }
    expect(s.errors).toEqual([]);
  }, T);

  it('a VM that does not exist is said plainly, not a crash', async () => {
    await s.byId('qtest-vm').selectOption('7');
    await s.byId('qtest-run').click();
    await expect.poll(() => s.byId('qtest-problem').textContent(), { timeout: WAIT }).toMatch(/qtest --vm: .*vm/i);
  }, T);
});
