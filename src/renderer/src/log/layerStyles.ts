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

/** The same roles on a light background: darker, so a kind's name written in its colour stays readable (≥ 4.5:1 on
 *  white; the dark theme's pastels fall to 1.5–2.5:1 there). */
export const LAYER_COLOURS_LIGHT: Readonly<Record<HopLayerName, string>> = {
  device: '#8a5a00',
  hardirq: '#c0303b',
  softirq: '#a85400',
  kvm: '#1f5fbf',
  guest: '#3b7514',
  vmm: '#7a3fb3',
  lab: '#5b6573',
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
export const UNKNOWN_COLOUR_LIGHT = '#1f6fd1';

/** A layer's colour in the theme in use (`light`: the system asks for the light theme). */
export function layerColour(layer: HopLayerName | null, light: boolean): string {
  if (layer === null) return light ? UNKNOWN_COLOUR_LIGHT : UNKNOWN_COLOUR;
  return (light ? LAYER_COLOURS_LIGHT : LAYER_COLOURS)[layer];
}
