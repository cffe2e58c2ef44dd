import type { ChangeCatalog } from '../catalog';
import { sleep } from '../child';
import type { ScimDatabaseResult } from './types';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A SCIM client as an IdP is one (bearer token, `application/scim+json`); any answer but 2xx throws. */
export class ScimSender {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async send(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<{ id?: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as { id?: string }) : {};
  }

  createUser(userName: string, displayName?: string): Promise<{ id?: string }> {
    return this.send('POST', '/Users', { schemas: [USER_SCHEMA], userName, ...(displayName ? { displayName } : {}) });
  }

  /** Okta's deactivation: a no-path replace with `active: false`. */
  deactivate(id: string): Promise<{ id?: string }> {
    return this.send('PATCH', `/Users/${encodeURIComponent(id)}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] });
  }
}

/** Waits until `done`, checking every `everyMs`; throws after `timeoutMs`. */
async function until(what: string, done: () => Promise<boolean>, timeoutMs: number, everyMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(everyMs);
  }
}

/** Waits for Backstage's readiness check: the port opens before the plugins (and the SCIM routes) are up. */
export async function untilReady(baseUrl: string, timeoutMs: number): Promise<void> {
  const ready = () => fetch(`${baseUrl}/.backstage/health/v1/readiness`).then(r => r.status === 200, () => false);
  await until('the backend ready', ready, timeoutMs, 200);
}

/**
 * `users` POST /Users, `concurrency` at a time, while the engine applies them in the same process: requests per
 * second, then the time until the catalog serves all of them.
 */
export async function measureProvisioning(
  sender: ScimSender,
  catalog: ChangeCatalog,
  options: { users: number; concurrency: number; timeoutMs: number; cpuS: () => number },
): Promise<NonNullable<ScimDatabaseResult['provisioning']>> {
  const cpuAtStart = options.cpuS();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < options.users) {
      const index = next++;
      await sender.createUser(`bench.person${index}@example.com`, `Bench Person ${index}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const answeredS = (performance.now() - started) / 1000;
  await until('every provisioned user in the catalog', async () => (await catalog.count('user')) >= options.users, options.timeoutMs, 250);
  const allInCatalogS = (performance.now() - started) / 1000;
  const backendCpuMsPerUser = Math.round(((options.cpuS() - cpuAtStart) * 1000 * 10) / options.users) / 10;
  return { users: options.users, concurrency: options.concurrency, requestsPerS: Math.round(options.users / answeredS), answeredS: round(answeredS), allInCatalogS: round(allInCatalogS), backendCpuMsPerUser };
}

/** `samples` users, one after the other: created, seen in the catalog, deactivated; each timed from the PATCH's answer to the User's 404. */
export async function measureDeactivations(
  sender: ScimSender,
  catalog: ChangeCatalog,
  options: { samples: number; timeoutMs: number },
): Promise<NonNullable<ScimDatabaseResult['deactivation']>> {
  const samplesMs: number[] = [];
  for (let index = 0; index < options.samples; index++) {
    const name = `leaver${index}`;
    const { id } = await sender.createUser(`${name}@example.com`);
    if (!id) throw new Error('POST /Users answered without an id');
    await until(`${name} in the catalog`, async () => (await catalog.byName('user', 'default', name)) !== undefined, options.timeoutMs, 50);
    await sender.deactivate(id);
    const answered = performance.now();
    await until(`${name} gone from the catalog`, async () => (await catalog.byName('user', 'default', name)) === undefined, options.timeoutMs, 20);
    samplesMs.push(Math.round(performance.now() - answered));
  }
  return { samplesMs, ...percentiles(samplesMs) };
}

/** Median, 90th percentile (nearest rank) and maximum. */
export function percentiles(samples: number[]): { medianMs?: number; p90Ms?: number; maxMs?: number } {
  if (!samples.length) return {};
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (share: number) => sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
  return { medianMs: rank(0.5), p90Ms: rank(0.9), maxMs: sorted[sorted.length - 1] };
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;
