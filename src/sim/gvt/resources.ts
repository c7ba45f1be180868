// How GVT-g partitions the GPU's graphics memory between the vGPUs (avail_rs): each gets an equal slice of the CPU-
// mappable aperture and one of the hidden (non-mappable) range above it, in whole MiB.
import { GGTT_LAYOUT } from '../hw/gpu/gen8Registers';
import type { VgpuOptions } from './vgpu';

const MiB = 2 ** 20;

/** vGPU `i` of `n`: its aperture and hidden slices. */
export function vgpuSlices(i: number, n: number): Pick<VgpuOptions, 'mappableBase' | 'mappableSize' | 'nonmappableBase' | 'nonmappableSize'> {
  const aperture = GGTT_LAYOUT.mappableEnd / MiB;
  const slice = Math.floor(aperture / n) * MiB;
  const hidden = Math.floor((GGTT_LAYOUT.total / MiB - aperture) / n) * MiB;
  return { mappableBase: i * slice, mappableSize: slice, nonmappableBase: GGTT_LAYOUT.mappableEnd + i * hidden, nonmappableSize: hidden };
}
