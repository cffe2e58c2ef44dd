import type { Entity } from '@backstage/catalog-model';
import type { OrgEntityProvider, RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { fixtureFor, ScimClient, type TestedModule } from '@orgsync/test-utils';
import { createScimOrgEntityProviders } from '../createScimOrgEntityProviders';

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

export const TEST_TOKEN = 'scim-test-token-0123456789abcdef';

/** The SCIM module as the fixture builds it. */
export function scimModule(): TestedModule<OrgEntityProvider, RunResult> {
  return { moduleId: 'scim-org-test', configKey: 'scim', createProviders: deps => createScimOrgEntityProviders(deps) };
}

export const useScimFixture = fixtureFor(scimModule());

export type { ScimAnswer, ScimAnswerBody } from '@orgsync/test-utils';

/** A SCIM client of provider `id` on a test backend, with the test token unless told otherwise. */
export function scimClientFor(catalogBaseUrl: string, id: string, token = TEST_TOKEN): ScimClient {
  return new ScimClient(`${catalogBaseUrl}/api/catalog/org-sync/scim/${id}`, token);
}

/** SCIM has no IdP server to start: the IdP is the test, sending requests. The fixture still wants something to stop. */
export async function noEmulator(): Promise<{ close(): Promise<void> }> {
  return { close: async () => undefined };
}

/** A provider entry with the test token, scheduled by hand. */
export function providerConfig(extra: Record<string, unknown> = {}) {
  return { token: TEST_TOKEN, schedule: manualSchedule, ...extra };
}

/** A group entity's members as the catalog's relations name them, sorted. */
export function membersOf(entity: Entity | undefined): string[] {
  return (entity?.relations ?? []).filter(relation => relation.type === 'hasMember').map(relation => relation.targetRef).sort();
}
