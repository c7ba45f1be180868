// @vitest-environment happy-dom
// One register in the inspector: its value against reset, its fields decoded when opened, and writes by field.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { LabApi, RegisterView } from '../../../src/shared/protocol';
import { inProcessLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { default: RegisterRow } = await import('../../../src/renderer/src/components/RegisterRow.vue');

const RTE: RegisterView = {
  name: 'RTE16',
  offset: 0x30,
  width: 64,
  value: '0x0000000000008051',
  reset: '0x10000',
  meaning: 'redirection entry of pin 16',
  fields: [
    { name: 'vector', msb: 7, lsb: 0, access: 'rw', meaning: 'interrupt vector delivered to the LAPIC', value: '0x51' },
    { name: 'trigger', msb: 15, lsb: 15, access: 'rw', meaning: 'edge or level', value: '0x1', valueName: 'level' },
    { name: 'mask', msb: 16, lsb: 16, access: 'rw', meaning: 'masked: the pin does not deliver', value: '0x0' },
  ],
};

function row(props: Partial<InstanceType<typeof RegisterRow>['$props']> = {}) {
  // A <tbody> belongs in a table.
  return mount({ components: { RegisterRow }, template: '<table><RegisterRow v-bind="p" @write="(v, f) => $emit(\'write\', v, f)" /></table>', data: () => ({ p: { file: 'host/ioapic', register: RTE, changed: false, differs: false, focused: false, ...props } }) }, { attachTo: document.body });
}

enableAutoUnmount(afterEach);

describe('RegisterRow', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    lab.api = inProcessLab();
  });

  it('shows name, offset, width, value and reset; a value off its reset is marked', () => {
    const w = row();
    const cells = w.find('tr.head').findAll('td').map((td) => td.text());
    expect(cells.slice(1, 6)).toEqual(['RTE16', '0x030', '64', '0x0000000000008051', '0x10000']);
    const value = w.get('[data-testid="register-value"]');
    expect(value.attributes('data-differs-from-reset')).toBe('yes');
    expect(value.classes()).toContain('not-reset');
  });

  it('a value equal to its reset, however written, is not marked', () => {
    const w = row({ register: { ...RTE, value: '0X00010000' } });
    expect(w.get('[data-testid="register-value"]').attributes('data-differs-from-reset')).toBe('no');
  });

  it('opens on a click to its fields, decoded: bits, access, value and its name', async () => {
    const w = row();
    expect(w.find('[data-testid="register-fields"]').exists()).toBe(false);
    await w.get('tr.head').trigger('click');
    const fields = w.findAll('[data-testid="register-field"]').map((f) => f.findAll('td').map((td) => td.text()));
    expect(fields).toEqual([
      ['vector', '7:0', 'RW', '0x51', 'interrupt vector delivered to the LAPIC'],
      ['trigger', '15', 'RW', '0x1level', 'edge or level'],
      ['mask', '16', 'RW', '0x0', 'masked: the pin does not deliver'],
    ]);
    // The named value is set apart from the number.
    expect(w.get('.value-name').text()).toBe('level');
  });

  it('writes a value to one field, as typed', async () => {
    const w = row();
    await w.get('tr.head').trigger('click');
    await w.get('[data-testid="register-write-field"]').setValue('mask');
    await w.get('[data-testid="register-write-value"]').setValue(' 1 ');
    await w.get('[data-testid="register-write"]').trigger('submit');
    expect(w.emitted('write')).toEqual([['1', 'mask']]);
  });

  it('shows the lab\'s answer to a write, refused ones apart', async () => {
    const w = row({ result: { ok: false, message: 'remoteIrr is read-only' } });
    await w.get('tr.head').trigger('click');
    const answer = w.get('[data-testid="register-write-message"]');
    expect(answer.text()).toBe('remoteIrr is read-only');
    expect(answer.classes()).toContain('refused');
  });

  it('a search hit opens it; changed and differing registers are marked for the eye and for tests', () => {
    const w = row({ focused: true, changed: true, differs: true, baseline: '0x10000' });
    expect(w.find('[data-testid="register-fields"]').exists()).toBe(true);
    const body = w.get('[data-testid="register-row"]');
    expect(body.attributes()).toMatchObject({ 'data-changed': 'yes', 'data-differs': 'yes', 'data-register': 'RTE16' });
    expect(w.get('[data-testid="register-baseline"]').text()).toBe('0x10000');
  });

  it('opens and closes from the keyboard (Enter, Space) and moves to the next register with ↓', async () => {
    const w = mount({ components: { RegisterRow }, template: '<table><RegisterRow v-bind="p" /><RegisterRow v-bind="q" /></table>',
      data: () => ({ p: { file: 'f', register: RTE, changed: false, differs: false, focused: false }, q: { file: 'f', register: { ...RTE, name: 'RTE17' }, changed: false, differs: false, focused: false } }) }, { attachTo: document.body });
    const heads = w.findAll('[data-testid="register-head"]');
    expect(heads[0]!.attributes('tabindex')).toBe('0');
    expect(heads[0]!.attributes('aria-expanded')).toBe('false');
    await heads[0]!.trigger('keydown', { key: 'Enter' });
    expect(heads[0]!.attributes('aria-expanded')).toBe('true');
    await heads[0]!.trigger('keydown', { key: ' ' });
    expect(heads[0]!.attributes('aria-expanded')).toBe('false');
    (heads[0]!.element as HTMLElement).focus();
    await heads[0]!.trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(heads[1]!.element);
  });

  it('shows who last wrote it, linking to the hop, once the read has said', async () => {
    const w = row();
    await w.get('tr.head').trigger('click');
    expect(w.find('[data-testid="last-writer"]').exists()).toBe(false);
    await w.setData({ p: { file: 'host/ioapic', register: RTE, changed: false, differs: false, focused: false, writer: { simNs: 1500, by: 'model', held: true, hop: { seq: 41, kind: 'ioapic.deliver', where: 'ioapic', flow: 7, simNs: 1400 } } } });
    expect(w.get('[data-testid="last-writer-link"]').attributes('data-seq')).toBe('41');
    expect(w.get('[data-testid="last-writer"]').text()).toMatch(/by ioapic\.deliver \(#41\)\s+at ioapic, flow 7/);
    await w.setData({ p: { file: 'host/ioapic', register: RTE, changed: false, differs: false, focused: false, writer: null } });
    expect(w.get('[data-testid="last-writer"]').text()).toBe('not written since the run began');
  });
});
