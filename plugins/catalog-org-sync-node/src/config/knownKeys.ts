import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

/** Keys every org provider accepts, from the shared config schema. */
export const commonProviderKeys = ['schedule', 'namespace', 'naming', 'groupType', 'incremental', 'guard', 'requestTimeout', 'allowInsecureHttp'] as const;

/**
 * Unknown keys in one provider entry: each message names the key and, when
 * one is close, the setting that was probably meant (`tennantId` → `tenantId`).
 * `fail` throws (a typo would otherwise silently change what is synced);
 * `warn` logs, for drop-in modules whose users may carry the official module's extra keys.
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

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
