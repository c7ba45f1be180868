// The one size limit for scenario files, used by both Open and Save, and the message either gives when it is passed.
// 16 MiB: far above any real scenario (the presets are a few KB), low enough that a mistaken pick of a big file
// does not freeze the editor.
export const MAX_SCENARIO_FILE_BYTES = 16 * 1024 * 1024;

/** Bytes as a person reads them (MiB with one decimal, or KiB, or bytes). */
function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

export function scenarioTooBigMessage(bytes: number): string {
  return `scenario file too big: ${size(bytes)}; the limit for opening and saving is ${size(MAX_SCENARIO_FILE_BYTES)}`;
}

/** Throws the shared message when `bytes` passes the limit. */
export function checkScenarioSize(bytes: number): void {
  if (bytes > MAX_SCENARIO_FILE_BYTES) throw new Error(scenarioTooBigMessage(bytes));
}
