/** Milliseconds as an operator reads them: `850 ms`, `12.3 s`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A wall-clock time with milliseconds, in the browser's zone. */
export function clock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${date.toLocaleTimeString([], { hour12: false })}.${ms}`;
}

/** Graph call ids are long GUID-like strings: the first 8 characters tell them apart on screen. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

export function callerOf(
  caller: { kind: string; id: string | null; displayName: string | null } | null,
): string {
  if (!caller) return '–';
  return caller.displayName ?? caller.id ?? caller.kind;
}
