import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint, type EntityProviderConnection } from '@backstage/plugin-catalog-node';

const PROVIDER = 'ui-e2e-components';
const LOCATION = `url:https://example.com/${PROVIDER}/catalog-info.yaml`;

/** Components of the test's catalog, as a team's catalog-info.yaml declares them. */
export interface Components {
  /** Replaces every component this provider holds with these (name → owner ref). */
  set(owners: Record<string, string>): Promise<void>;
}

/** A catalog module whose entity provider holds the components the test declares. */
export function componentsModule(): { feature: ReturnType<typeof createBackendModule>; components: Components } {
  let connection: EntityProviderConnection | undefined;
  const feature = createBackendModule({
    pluginId: 'catalog',
    moduleId: PROVIDER,
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => PROVIDER,
            connect: async made => {
              connection = made;
            },
          });
        },
      });
    },
  });
  const components: Components = {
    async set(owners) {
      if (!connection) throw new Error(`${PROVIDER} is not connected yet`);
      const entities = Object.entries(owners).map(([name, owner]) => ({ entity: component(name, owner), locationKey: PROVIDER }));
      await connection.applyMutation({ type: 'full', entities });
    },
  };
  return { feature, components };
}

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations: { 'backstage.io/managed-by-location': LOCATION, 'backstage.io/managed-by-origin-location': LOCATION } },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}
