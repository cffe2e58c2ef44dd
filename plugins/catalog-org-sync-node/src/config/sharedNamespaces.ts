import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';

/** Per backend (its root config), which provider config paths emit into which namespace. */
const claims = new WeakMap<Config, Map<string, string[]>>();

/**
 * Records that the provider at `configPath` emits into `namespace`, and warns
 * when another provider of this backend — of any of our modules — already
 * does: where their entity names match (the same person in two IdPs), the
 * catalog keeps whichever applied first and refuses the other's entity.
 */
export function claimNamespace(rootConfig: Config, namespace: string | undefined, configPath: string, logger: LoggerService): void {
  const ns = (namespace ?? DEFAULT_NAMESPACE).toLowerCase();
  let byNamespace = claims.get(rootConfig);
  if (!byNamespace) claims.set(rootConfig, (byNamespace = new Map()));
  const others = byNamespace.get(ns) ?? [];
  if (others.length) {
    logger.warn(
      `${configPath} emits into namespace "${ns}", as ${others.join(' and ')} ${others.length === 1 ? 'does' : 'do'}: where their entity names match, the catalog keeps ` +
        `the first provider's entity and refuses the other's (each run reports the refused refs). Give each provider its own namespace unless their names cannot overlap.`,
    );
  }
  byNamespace.set(ns, [...others, configPath]);
}
