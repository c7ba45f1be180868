// The 10 M-hop log the UI bench scrolls: datacenter-8vm (~3 M hops per simulated second) run long enough to fill a
// 10,000,000-hop ring. The run reports its real hop count; the bench prints that, not this aim.
import { readFileSync } from 'node:fs';

export const LOG_CAPACITY = 10_000_000;
const DURATION = '3.5s';

export function tenMillionHopScenario(): string {
  const text = readFileSync(new URL('../../resources/presets/datacenter-8vm.yaml', import.meta.url), 'utf8');
  const out = text.replace(/^duration: .*$/m, `duration: ${DURATION}`).replace(/^(\s+capacity: )\d+$/m, `$1${LOG_CAPACITY}`);
  if (!out.includes(`duration: ${DURATION}`) || !out.includes(`capacity: ${LOG_CAPACITY}`)) {
    throw new Error('datacenter-8vm.yaml no longer has the duration and log.capacity lines the UI bench rewrites');
  }
  return out;
}
