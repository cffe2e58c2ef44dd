import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { entitiesModule, managedBy } from '@orgsync/test-utils';

const PROVIDER = 'ui-e2e-components';
const LOCATION = `url:https://example.com/${PROVIDER}/catalog-info.yaml`;

/** Components of the test's catalog, as a team's catalog-info.yaml declares them. */
export interface Components {
  /** Replaces every component this provider holds with these (name → owner ref). */
  set(owners: Record<string, string>): Promise<void>;
}

/** A catalog module whose entity provider holds the components the test declares. */
export function componentsModule(): { feature: BackendFeature; components: Components } {
  const { feature, replace } = entitiesModule(PROVIDER);
  const components: Components = {
    set: owners => replace(Object.entries(owners).map(([name, owner]) => ({ entity: component(name, owner), locationKey: PROVIDER }))),
  };
  return { feature, components };
}

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations: managedBy(LOCATION) },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}
