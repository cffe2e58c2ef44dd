const SAMPLE = 10;

/** The first few items for a log line, and how many there are in all when some are left out. */
export function sampleList<T>(items: T[], show: (item: T) => string): string {
  const shown = items.slice(0, SAMPLE).map(show).join(', ');
  return items.length > SAMPLE ? `${shown}, … (${items.length} in all)` : shown;
}
