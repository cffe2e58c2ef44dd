import { createBackendModule, type BackendFeature } from '@backstage/backend-plugin-api';
import type { DeferredEntity, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * A catalog module whose entity provider (named `moduleId`) holds entities a test declares, as a hand-written catalog
 * file or another team's provider would: `initial` once connected, then whatever `replace` sets.
 */
export function entitiesModule(moduleId: string, initial?: DeferredEntity[]): { feature: BackendFeature; replace(entities: DeferredEntity[]): Promise<void> } {
  let connection: EntityProviderConnection | undefined;
  const feature = createBackendModule({
    pluginId: 'catalog',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => moduleId,
            connect: async made => {
              connection = made;
              if (initial) await made.applyMutation({ type: 'full', entities: initial });
            },
          });
        },
      });
    },
  });
  const replace = async (entities: DeferredEntity[]) => {
    if (!connection) throw new Error(`${moduleId} is not connected yet`);
    await connection.applyMutation({ type: 'full', entities });
  };
  return { feature, replace };
}

/** The annotations that say which location an entity came from. */
export function managedBy(location: string): Record<string, string> {
  return { 'backstage.io/managed-by-location': location, 'backstage.io/managed-by-origin-location': location };
}
