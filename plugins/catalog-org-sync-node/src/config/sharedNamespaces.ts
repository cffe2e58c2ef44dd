import type { LoggerService } from '@backstage/backend-plugin-api';
import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';

/** Which provider config paths of one backend emit into which namespace (one per backend, in the org sync service). */
export class NamespaceClaims {
  private readonly byNamespace = new Map<string, string[]>();

  /**
   * Records that the provider at `configPath` emits into `namespace`, and warns
   * when another provider of this backend — of any of our modules — already
   * does: where their entity names match (the same person in two IdPs), the
   * catalog keeps whichever applied first and refuses the other's entity.
   */
  claim(namespace: string | undefined, configPath: string, logger: LoggerService): void {
    const ns = (namespace ?? DEFAULT_NAMESPACE).toLowerCase();
    const others = this.byNamespace.get(ns) ?? [];
    if (others.length) {
      logger.warn(
        `${configPath} emits into namespace "${ns}", as ${others.join(' and ')} ${others.length === 1 ? 'does' : 'do'}: where their entity names match, the catalog keeps ` +
          `the first provider's entity and refuses the other's (each run reports the refused refs). Give each provider its own namespace unless their names cannot overlap.`,
      );
    }
    this.byNamespace.set(ns, [...others, configPath]);
  }
}
