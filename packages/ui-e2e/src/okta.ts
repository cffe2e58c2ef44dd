import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/config';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { OKTA_CHANGE_EVENT_TYPES } from '@orgsync/plugin-catalog-backend-module-okta-org';
import type { CatalogApi } from '@orgsync/test-utils';

// The Okta SDK sends every request through HTTPS_PROXY when set, even to 127.0.0.1.
for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** Runs at start-up (no initialDelay), then only when triggered. */
export const startThenHourly = { frequency: { hours: 1 }, timeout: { minutes: 1 } };

/** A generated Okta org without hostile records (plain names the tests can look for on the page). */
export function startPlainOkta(users: number, groups: number, seed: number): Promise<OktaEmulator> {
  return startOktaEmulator({ generate: { users, groups, seed, hostileShare: 0, suspendedShare: 0, deprovisionedShare: 0 } });
}

/** `catalog.providers.okta.<id>` for an emulator. */
export function oktaProvider(okta: OktaEmulator, extra: JsonObject = {}): JsonObject {
  return { orgUrl: okta.info.orgUrl, token: okta.info.token, schedule: startThenHourly, ...extra };
}

/** Registers and verifies an Event Hook, as an Okta admin does, pointing at the provider's receiver. */
export async function registerEventHook(okta: OktaEmulator, uri: string, secret: string): Promise<void> {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${okta.info.orgUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `SSWS ${okta.info.token}`, accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { id: string; verificationStatus?: string };
  };
  const hook = await call('/api/v1/eventHooks', {
    name: 'backstage org-sync (ui-e2e)',
    events: { type: 'EVENT_TYPE', items: [...OKTA_CHANGE_EVENT_TYPES] },
    channel: { type: 'HTTP', version: '1.0.0', config: { uri, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: secret } } },
  });
  const verified = await call(`/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
  if (verified.verificationStatus !== 'VERIFIED') throw new Error(`the Event Hook was not verified: ${JSON.stringify(verified)}`);
}

/** ACTIVE people of the org who are in at least one group. */
export function activeMembers(okta: OktaEmulator) {
  const inGroups = new Set(okta.org.groups().flatMap(g => okta.org.memberIds(g.id)));
  return okta.org.users().filter(u => u.status === 'ACTIVE' && inGroups.has(u.id));
}

/** The catalog's User of an Okta user id in a namespace (two emulated orgs can hand out the same ids). */
export async function userOf(catalog: CatalogApi, namespace: string, oktaId: string): Promise<Entity | undefined> {
  const [user] = await catalog.query(`kind=user,metadata.namespace=${namespace},metadata.annotations.okta.com/user-id=${oktaId}`);
  return user;
}
