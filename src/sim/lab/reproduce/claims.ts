// The published claims `virq reproduce` runs (facts sheet §F and the seed threads), each on its own preset
// (resources/presets/claim-*.yaml) with the catalogue's default costs. A claim's published range is the paper's own
// where it gives one; a single measurement (one netperf run) stands for ±5 % of its value, said in the figure.
import { ratio, type Claim } from './claim';

const F = 'facts sheet';

const intxMasking: Claim = {
  id: 'intx-masking',
  title: 'line- vs device-level masking of an assigned INTx device (seed 003)',
  source: `seed 003 (Kiszka, KVM shared INTx, 2010) and ${F} §G: config-space masking "is more costly"; no number published`,
  preset: 'claim-intx-masking',
  sides: { line: { 'devices[0].intxMasking': 'line' }, device: { 'devices[0].intxMasking': 'device' } },
  metrics: ['perVm.vm0.cpuNs.hostNsPerFlow', 'perVm.vm0.completionNs.p50'],
  figures: [
    { name: 'host CPU per interrupt, device ÷ line', paper: 'more costly (no number)', lo: 1, hi: Infinity, neutral: 1, unit: 'x',
      between: ['device', 'line'], compute: ratio('perVm.vm0.cpuNs.hostNsPerFlow', 'device', 'line') },
  ],
  caveat: 'The seed thread gives no figure: the verdict is the direction, and its sensitivity says which per-access costs it rests on.',
};

export const CLAIMS: readonly Claim[] = [intxMasking];
