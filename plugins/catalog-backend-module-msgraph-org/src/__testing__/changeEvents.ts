import type { Entity } from '@backstage/catalog-model';
import type { GraphEmulator } from '@orgsync/idp-emulators';
import { waitFor, type CatalogApi } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { annotation, type Harness } from './harness';

/** The provider's name for the config id `main`. */
export const MAIN = 'MicrosoftGraphOrgEntityProvider:main';

/** Changes queued in the engine's table for a provider. */
export async function pendingChanges(knex: Knex, providerName = MAIN): Promise<number> {
  const rows = await knex('org_sync_pending_changes').where({ provider_name: providerName }).count({ n: '*' });
  return Number(rows[0].n);
}

/** Whether the engine keeps state for a provider's poller or receiver (set after its first round). */
export async function hasSignalState(knex: Knex, signal: 'poller' | 'receiver', providerName = MAIN): Promise<boolean> {
  return (await knex('org_sync_signal_state').where({ provider_name: providerName, signal }).first()) !== undefined;
}

/** Enabled users of the emulated tenant that are members of some group. */
export function enabledMembers(e: GraphEmulator) {
  const groups = e.org.groups();
  return e.org.users().filter(u => u.accountEnabled !== false && u.displayName && groups.some(g => e.org.members(g.id).includes(u.id)));
}

/** Waits until the catalog serves every user and group of the last run, processed. */
export async function processedAll(h: Harness, namespace = 'default'): Promise<Entity[]> {
  const { users, groups } = h.providers.get('main')!.lastRun()!.counts;
  return waitFor('the catalog to serve the last run', async () => {
    const all = await h.entities(namespace);
    return all.length === users + groups && all.every(x => x.relations !== undefined) && all;
  });
}

/** The catalog entity of a Graph user or group id. */
export async function entityOf(h: Harness, id: string, namespace = 'default'): Promise<Entity | undefined> {
  return (await h.entities(namespace)).find(x => annotation(x, 'graph.microsoft.com/user-id') === id || annotation(x, 'graph.microsoft.com/group-id') === id);
}

/** Whether `GET /entities/by-name/user/<ns>/<name>` answers 404. */
export async function userGone(catalog: CatalogApi, name: string, namespace = 'default'): Promise<boolean> {
  return (await catalog.request(`/entities/by-name/user/${namespace}/${encodeURIComponent(name)}`)).status === 404;
}
