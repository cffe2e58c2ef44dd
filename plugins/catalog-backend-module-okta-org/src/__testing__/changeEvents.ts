import type { Entity } from '@backstage/catalog-model';
import { Client } from '@okta/okta-sdk-nodejs';
import type { OktaEmulator } from '@orgsync/idp-emulators';
import type { CatalogApi } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { OKTA_CHANGE_EVENT_TYPES } from '../changes/eventTypes';

export const LOCATION = 'org-sync:okta:main';
/** The user list; `GET /api/v1/users/:idOrLogin` is the by-id re-read. */
export const USER_LIST = 'GET /api/v1/users';
export const SYSTEM_LOG = 'GET /api/v1/logs';

const annotation = (e: Entity, key: string) => e.metadata.annotations?.[key];

/** The catalog's users and groups of the `main` provider, by Okta id. */
export async function catalogByOktaId(catalog: CatalogApi): Promise<{ users: Map<string, Entity>; groups: Map<string, Entity> }> {
  const all = await catalog.managedBy(LOCATION);
  return {
    users: new Map(all.filter(e => e.kind === 'User').map(u => [annotation(u, 'okta.com/user-id')!, u])),
    groups: new Map(all.filter(e => e.kind === 'Group').map(g => [annotation(g, 'okta.com/group-id')!, g])),
  };
}

/** The catalog name of the user with this Okta id (it must be in the catalog). */
export async function userName(catalog: CatalogApi, oktaId: string): Promise<string> {
  const user = (await catalogByOktaId(catalog)).users.get(oktaId);
  if (!user) throw new Error(`no catalog user for Okta user ${oktaId}`);
  return user.metadata.name;
}

/** ACTIVE people who are members of at least one group. */
export function activeMembers(okta: OktaEmulator): string[] {
  const inGroups = new Set(okta.org.groups().flatMap(g => okta.org.memberIds(g.id)));
  return okta.org
    .users()
    .filter(u => u.status === 'ACTIVE' && inGroups.has(u.id))
    .map(u => u.id);
}

/** People the user list returns (everyone but DEPROVISIONED). */
export const listedUsers = (okta: OktaEmulator) => okta.org.users().filter(u => u.status !== 'DEPROVISIONED');

/** Changes queued for the provider and not yet applied (the engine's table). */
export async function pendingChanges(knex: Knex, providerName = 'okta:main'): Promise<number> {
  const rows = await knex('org_sync_pending_changes').where({ provider_name: providerName }).count({ n: '*' });
  return Number(rows[0].n);
}

/** The real Okta SDK against the emulator's Management API. */
export function sdkClient(okta: OktaEmulator): Client {
  return new Client({ orgUrl: okta.info.orgUrl, token: okta.info.token, cacheMiddleware: null });
}

/** Registers an Event Hook through the Management API for every change event type, with the secret as its Authorization header. */
export async function createEventHook(okta: OktaEmulator, uri: string, authorization: string) {
  return sdkClient(okta).eventHookApi.createEventHook({
    eventHook: {
      name: 'backstage org-sync',
      events: { type: 'EVENT_TYPE', items: [...OKTA_CHANGE_EVENT_TYPES] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: { uri, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: authorization } },
      },
    },
  });
}
