import type { Entity } from '@backstage/catalog-model';
import type { EntityProvider, EntityProviderMutation } from '@backstage/plugin-catalog-node';

/** A provider that reads when asked, as Backstage's official org providers do (`read()` with a manual schedule). */
export interface ReadOnDemand extends EntityProvider {
  read(): Promise<void>;
}

/**
 * The entities a provider emits in one read, outside any backend: it is connected to a catalog stand-in that keeps
 * its full mutation. For comparing with the official modules' providers, which read on demand.
 */
export async function entitiesOfOneRead(provider: ReadOnDemand): Promise<Entity[]> {
  let mutation: EntityProviderMutation | undefined;
  await provider.connect({
    applyMutation: async applied => {
      mutation = applied;
    },
    refresh: async () => undefined,
  });
  await provider.read();
  if (mutation?.type !== 'full') throw new Error(`${provider.getProviderName()} applied no full mutation`);
  return mutation.entities.map(e => e.entity);
}
