import type { Config } from '@backstage/config';

/** Picks a strategy by the name in config, naming the setting and the choices when it is unknown. @public */
export function readStrategyName(config: Config, key: string, configPath: string, available: string[], fallback: string): string {
  const chosen = config.getOptionalString(key) ?? fallback;
  if (!available.includes(chosen)) {
    throw new Error(`${configPath}.${key} "${chosen}" is not a known naming strategy; use one of: ${available.join(', ')}`);
  }
  return chosen;
}
