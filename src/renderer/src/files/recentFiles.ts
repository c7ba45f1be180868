// Recently opened or saved scenario files, newest first, kept in localStorage with their text (so the web build,
// which cannot reopen a path, can reopen them too).

export interface RecentFile {
  name: string;
  path?: string;
  text: string;
}

const KEY = 'virq.recent';
const MAX = 8;
const MAX_TEXT = 256 * 1024;

export function readRecent(): RecentFile[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as RecentFile[]).filter((f) => typeof f?.name === 'string' && typeof f.text === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberRecent(list: RecentFile[], file: RecentFile): RecentFile[] {
  if (file.text.length > MAX_TEXT) return list;
  const id = (f: RecentFile) => f.path ?? f.name;
  const next = [file, ...list.filter((f) => id(f) !== id(file))].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // A full localStorage: the list lives on for this session only.
  }
  return next;
}
