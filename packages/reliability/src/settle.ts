import type { Entity } from '@backstage/catalog-model';
import { waitFor, type CatalogApi } from '@orgsync/test-utils';
import { catalogState, type CatalogState } from './catalogState';

/** True once the catalog has processed the entity's declared memberships into relations. */
function processed(entity: Entity): boolean {
  const spec = (entity.spec ?? {}) as { memberOf?: string[]; members?: string[]; parent?: string };
  const declared = (spec.memberOf?.length ?? 0) + (spec.members?.length ?? 0) + (spec.parent ? 1 : 0);
  return declared === 0 || (entity.relations?.length ?? 0) > 0;
}

/**
 * The catalog's Users and Groups once it holds `count` of them, all processed,
 * and two reads half a second apart agree.
 */
export async function settledState(catalog: CatalogApi, count: number): Promise<CatalogState> {
  let previous: string | undefined;
  return waitFor(
    `${count} processed users and groups, unchanged across two reads`,
    async () => {
      const entities = [...(await catalog.query('kind=user')), ...(await catalog.query('kind=group'))];
      if (entities.length !== count || !entities.every(processed)) return (previous = undefined);
      const state = await catalogState(catalog);
      const text = JSON.stringify(state);
      const stable = text === previous;
      previous = text;
      return stable && state;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
