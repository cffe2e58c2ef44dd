import type { RunResult } from './runResult';

const RETAIN_FOR_OVER = 'kept as departed until leavers.retainFor ran out';
const STRAY = 'the catalog attributed it to this provider, which no longer emits it';
const NOT_EMITTED = 'no longer emitted: renamed, left out by a transformer, or an empty group pruned';

/**
 * Why each ref a plan removes leaves the catalog, in words, from what the run knows of it: who left the IdP and how
 * (`left`: absent, or their inactive status), departed entities whose time ran out, and entities the catalog held for
 * the provider that it no longer emits.
 */
export function removalReasons(removed: string[], known: { left: Map<string, string>; expired: string[]; stray: string[] }): NonNullable<RunResult['removals']> {
  const expired = new Set(known.expired);
  const stray = new Set(known.stray);
  return removed.map(ref => {
    const left = known.left.get(ref);
    if (expired.has(ref)) return { ref, why: left ? `${left}; ${RETAIN_FOR_OVER}` : RETAIN_FOR_OVER };
    return { ref, why: left ?? (stray.has(ref) ? STRAY : NOT_EMITTED) };
  });
}
