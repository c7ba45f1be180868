// Frame and latency figures for the UI bench: fps from frame times, percentiles, and the met / not met word.

export interface FrameStats {
  frames: number;
  fps: number;
  longest: number;
  /** Main-thread tasks over 50 ms during the frames, and the longest of them. */
  longTasks: number;
  longestTask: number;
}

export function frameStats(m: { frames: number[]; longTasks: number[] }): FrameStats {
  const total = m.frames.reduce((a, b) => a + b, 0);
  return {
    frames: m.frames.length, fps: total > 0 ? (m.frames.length * 1000) / total : 0, longest: Math.max(0, ...m.frames),
    longTasks: m.longTasks.length, longestTask: Math.max(0, ...m.longTasks),
  };
}

/** The q-quantile (0..1) by the nearest rank. */
export function percentile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}
