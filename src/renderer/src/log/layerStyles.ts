// One colour per hop layer (the swimlane a hop kind declares in the lab's catalog): the log's kind column, the flow
// timeline's bars, the compare view's per-kind rows and the legend all take a hop's colour from its layer.
import type { HopLayerName } from '../../../shared/protocol';

export const LAYER_COLOURS: Readonly<Record<HopLayerName, string>> = {
  device: '#e3b45a',
  hardirq: '#f07178',
  softirq: '#f0a35e',
  kvm: '#82aaff',
  guest: '#b5e07a',
  vmm: '#c792ea',
  lab: '#8a93a0',
};

/** Short names for the legend (the catalog's labels are sentences; they go in the tooltip). */
export const LAYER_NAMES: Readonly<Record<HopLayerName, string>> = {
  device: 'device',
  hardirq: 'hard-irq',
  softirq: 'softirq / thread',
  kvm: 'KVM',
  guest: 'guest',
  vmm: 'VMM',
  lab: 'lab',
};

/** A kind the catalog does not list (a newer lab): drawn in the neutral colour. */
export const UNKNOWN_COLOUR = '#9ecbff';
