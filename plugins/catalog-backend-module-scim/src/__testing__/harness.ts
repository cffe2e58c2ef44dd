import type { Entity } from '@backstage/catalog-model';
import type { OrgEntityProvider, RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { fixtureFor, type TestedModule } from '@orgsync/test-utils';
import { createScimOrgEntityProviders } from '../createScimOrgEntityProviders';

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

export const TEST_TOKEN = 'scim-test-token-0123456789abcdef';

/** The SCIM module as the fixture builds it. */
export function scimModule(): TestedModule<OrgEntityProvider, RunResult> {
  return { moduleId: 'scim-org-test', configKey: 'scim', createProviders: deps => createScimOrgEntityProviders(deps) };
}

export const useScimFixture = fixtureFor(scimModule());

/** SCIM has no IdP server to start: the IdP is the test, sending requests. The fixture still wants something to stop. */
/** The SCIM base URL of provider `id` on a test backend. */
export function scimClientFor(catalogBaseUrl: string, id: string, token = TEST_TOKEN): ScimClient {
  return new ScimClient(`${catalogBaseUrl}/api/catalog/org-sync/scim/${id}`, token);
}

export async function noEmulator(): Promise<{ close(): Promise<void> }> {
  return { close: async () => undefined };
}

/** A provider entry with the test token, scheduled by hand. */
export function providerConfig(extra: Record<string, unknown> = {}) {
  return { token: TEST_TOKEN, schedule: manualSchedule, ...extra };
}

/** What a SCIM answer's body holds, as far as the tests read it (a resource, a ListResponse or an Error). */
export interface ScimAnswerBody {
  id?: string;
  active?: boolean;
  status?: string;
  scimType?: string;
  totalResults?: number;
  Resources?: Array<{ id: string; [attribute: string]: unknown }>;
  [attribute: string]: unknown;
}

export interface ScimAnswer {
  status: number;
  body: ScimAnswerBody;
  contentType: string | null;
  headers: Headers;
}

/** A SCIM client as an IdP is one: bearer token, `application/scim+json`. */
export class ScimClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token = TEST_TOKEN,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<ScimAnswer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {}, contentType: response.headers.get('content-type'), headers: response.headers };
  }
}

/** A group entity's members as the catalog's relations name them, sorted. */
export function membersOf(entity: Entity | undefined): string[] {
  return (entity?.relations ?? []).filter(relation => relation.type === 'hasMember').map(relation => relation.targetRef).sort();
}
