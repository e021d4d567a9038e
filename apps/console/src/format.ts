export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** How far off a moment is, in the largest whole unit: "in 29 days", "3 hours ago". */
export function relative(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const units: Array<[string, number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [name, size] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      const s = `${n} ${name}${n === 1 ? '' : 's'}`;
      return ms >= 0 ? `in ${s}` : `${s} ago`;
    }
  }
  return 'now';
}

/** Streams of the client read model are named client-<id>. */
export function clientIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith('client-') ? streamId.slice('client-'.length) : undefined;
}
