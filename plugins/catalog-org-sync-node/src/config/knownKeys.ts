import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

/** Keys inside the shared settings that are objects, for `checkCommonNestedKeys`. */
const COMMON_NESTED_KEYS: Record<string, readonly string[]> = {
  naming: ['users', 'groups'],
  incremental: ['enabled', 'fullReadEvery'],
  guard: ['enabled', 'maxUserRemovalShare', 'maxGroupRemovalShare', 'alwaysAllowedRemovals', 'maxMembershipRemovalShare', 'alwaysAllowedMembershipRemovals', 'acceptPlan', 'changesWindow'],
  schedule: ['frequency', 'timeout', 'initialDelay', 'scope'],
  leavers: ['mode', 'retainFor'],
  linkTo: ['peopleSource', 'match', 'mapping', 'mappingFile', 'unmatched', 'keepLinkedUsers'],
};

/** Fails on unknown keys inside the shared settings (`guard.maxUserRemovalShar`, …): they are ours, so there is nothing to stay compatible with. @public */
export function checkCommonNestedKeys(config: Config, configPath: string): void {
  for (const [key, known] of Object.entries(COMMON_NESTED_KEYS)) {
    const nested = config.getOptional(key);
    if (!nested || typeof nested !== 'object' || Array.isArray(nested)) continue;
    checkKnownKeys(config.getConfig(key), known, `${configPath}.${key}`, { onUnknown: 'fail' });
  }
}

/** Keys every org provider accepts, from the shared config schema. @public */
export const commonProviderKeys = ['schedule', 'namespace', 'naming', 'groupType', 'incremental', 'guard', 'leavers', 'requestTimeout', 'allowInsecureHttp', 'linkTo'] as const;

/**
 * Unknown keys in one provider entry: each message names the key and, when
 * one is close, the setting that was probably meant (`tennantId` → `tenantId`).
 * `fail` throws (a typo would otherwise silently change what is synced);
 * `warn` logs, for drop-in modules whose users may carry the official module's extra keys.
 *
 * @public
 */
export function checkKnownKeys(
  config: Config,
  known: readonly string[],
  configPath: string,
  options: { onUnknown: 'fail' | 'warn'; logger?: LoggerService; what?: string },
): string[] {
  const problems = config
    .keys()
    .filter(key => !known.includes(key))
    .map(key => {
      const close = closest(key, known);
      return `${configPath}.${key} is not ${options.what ?? 'a setting of this provider'}${close ? ` (did you mean ${close}?)` : ''}`;
    });
  if (problems.length === 0) return problems;
  if (options.onUnknown === 'fail') throw new Error(`${problems.join('; ')}. Known settings: ${known.join(', ')}`);
  for (const problem of problems) options.logger?.warn(`${problem}; it is ignored`);
  return problems;
}

function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours (`fliter` → `filter`) cost 1. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
