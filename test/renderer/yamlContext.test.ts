// The editor's idea of where the cursor is in a scenario (key path, key or value), from indentation alone.
import { describe, expect, it } from 'vitest';
import { contextAt, keyAt } from '../../src/renderer/src/editor/yamlContext';
import { enumValues, propertiesOf, schemaAt } from '../../src/renderer/src/editor/schemaNav';

const text = `name: x
host:
  cpus: 4
  cpu
vms:
  - id: vm0
    vcpus: 2
    idle: h
  - id: vm1
    del
devices:
- id: nic0
  arrival: p
`;

const at = (needle: string, extra = needle.length) => text.indexOf(needle) + extra;

describe('yaml context', () => {
  it('knows the mapping a key is typed in', () => {
    expect(contextAt(text, at('  cpu\n', 5))).toEqual({ parent: ['host'], kind: 'key', prefix: 'cpu' });
    expect(contextAt(text, at('    del'))).toEqual({ parent: ['vms', '[]'], kind: 'key', prefix: 'del' });
  });

  it('knows the key whose value is typed, in list items of either indentation', () => {
    expect(contextAt(text, at('    idle: h'))).toEqual({ parent: ['vms', '[]'], kind: 'value', key: 'idle', prefix: 'h' });
    expect(contextAt(text, at('  arrival: p'))).toEqual({ parent: ['devices', '[]'], kind: 'value', key: 'arrival', prefix: 'p' });
  });

  it('finds the key under the mouse with its full path, and the schema knows it', () => {
    const k = keyAt(text, at('    vcpus', 6))!;
    expect(k.path).toEqual(['vms', '[]', 'vcpus']);
    expect(schemaAt(k.path)?.description).toBeTruthy();
    expect(enumValues(schemaAt(['vms', '[]', 'idle'])!)).toEqual(['busy', 'halt']);
    // Discriminated unions (oneOf with a const kind each): every kind is offered, and every alternative's fields.
    expect(enumValues(schemaAt(['faults', '[]', 'kind'])!)).toEqual(['storm', 'stuck-line', 'ignores-disintx', 'lost-eoi',
      'guest-stops-eoi', 'lost-unmask', 'spurious-msi', 'vcpu-descheduled', 'eventfd-stall']);
    expect(Object.keys(propertiesOf(schemaAt(['faults', '[]']))!)).toEqual(expect.arrayContaining(['kind', 'device', 'vm', 'at', 'for', 'rate', 'count', 'vcpu']));
    expect(enumValues(schemaAt(['devices', '[]', 'workload', 'kind'])!)).toEqual(['rr', 'stream']);
    expect(keyAt(text, at('name: x', 6))).toBeNull();
  });
});
