import { createBackendModule, type BackendFeature } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint, type EntityProviderConnection } from '@backstage/plugin-catalog-node';

/**
 * A catalog module whose entity provider (named `moduleId`) emits `entities` once, as a hand-written catalog file or
 * another team's provider would: what an org provider's entities meet in the catalog.
 */
export function entitiesModule(moduleId: string, entities: Array<{ entity: Entity; locationKey: string }>): BackendFeature {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => moduleId,
            connect: (connection: EntityProviderConnection) => connection.applyMutation({ type: 'full', entities }),
          });
        },
      });
    },
  });
}

/** The annotations that say which location an entity came from. */
export function managedBy(location: string): Record<string, string> {
  return { 'backstage.io/managed-by-location': location, 'backstage.io/managed-by-origin-location': location };
}
