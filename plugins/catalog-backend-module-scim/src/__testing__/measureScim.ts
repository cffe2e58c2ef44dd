/**
 * The SCIM figures of issue #31, outside jest: the built demo backend (`packages/backend`, the SCIM module in it) in a
 * process of its own, on SQLite in memory or on PostgreSQL, then
 *  - provisioning: `users` POST /Users, `concurrency` at a time, as requests per second while the engine applies them,
 *    and the time until the catalog holds all of them;
 *  - deactivation: `samples` users deactivated one after another, each timed from the PATCH's response to the
 *    User's 404 in the catalog.
 * Not published (dist/__testing__ is excluded).
 *
 *   node plugins/catalog-backend-module-scim/dist/__testing__/measureScim.js [sqlite|postgres] [users] [samples]
 */
import crypto from 'node:crypto';
import { replicaDatabase, startBackendProcess, waitFor, type BackendProcess } from '@orgsync/test-utils';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const CONCURRENCY = 16;

async function main(): Promise<void> {
  const [kind = 'sqlite', usersArg = '1000', samplesArg = '20'] = process.argv.slice(2);
  const users = Number(usersArg);
  const samples = Number(samplesArg);
  const connectionString = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (kind === 'postgres' && !connectionString) throw new Error('postgres needs BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING');
  const database = kind === 'postgres' && connectionString ? replicaDatabase(connectionString, 'scimbench') : undefined;
  const token = crypto.randomBytes(24).toString('base64url');
  const backend = await startBackendProcess({
    configs: [
      {
        ...(database ? { backend: { database: database.config() } } : {}),
        catalog: { processingInterval: { seconds: 1 }, providers: { scim: { bench: { token, guard: { enabled: false } } } } },
      },
    ],
  });
  try {
    const send = scimSender(backend, token);
    await provisioning(backend, send, users);
    await deactivations(backend, send, samples);
  } finally {
    await backend.kill();
    await database?.drop();
  }
}

type Send = (method: string, path: string, body: unknown) => Promise<{ status: number; id?: string }>;

function scimSender(backend: BackendProcess, token: string): Send {
  return async (method, path, body) => {
    const response = await fetch(`http://localhost:${backend.port}/api/catalog/org-sync/scim/bench${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id?: string };
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return { status: response.status, id: answer.id };
  };
}

async function provisioning(backend: BackendProcess, send: Send, users: number): Promise<void> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < users) {
        const index = next++;
        await send('POST', '/Users', { schemas: [USER_SCHEMA], userName: `bench.person${index}@example.com`, displayName: `Bench Person ${index}` });
      }
    }),
  );
  const answered = performance.now() - started;
  await waitFor('every provisioned user in the catalog', async () => (await backend.catalog.query('kind=user')).length >= users, { timeoutMs: 600_000, intervalMs: 250 });
  const applied = performance.now() - started;
  console.log(`provisioning: ${users} POST /Users, ${CONCURRENCY} at a time: ${Math.round(users / (answered / 1000))} requests/s (${Math.round(answered)} ms); all in the catalog after ${Math.round(applied)} ms`);
}

async function deactivations(backend: BackendProcess, send: Send, samples: number): Promise<void> {
  const timings: number[] = [];
  for (let index = 0; index < samples; index++) {
    const { id } = await send('POST', '/Users', { schemas: [USER_SCHEMA], userName: `leaver${index}@example.com` });
    await waitFor('the leaver in the catalog', async () => (await backend.catalog.byName('user', 'default', `leaver${index}`)) !== undefined, { timeoutMs: 60_000, intervalMs: 50 });
    await send('PATCH', `/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active: false } }] });
    const answered = performance.now();
    await waitFor('the leaver gone', async () => (await backend.catalog.byName('user', 'default', `leaver${index}`)) === undefined, { timeoutMs: 60_000, intervalMs: 20 });
    timings.push(performance.now() - answered);
  }
  timings.sort((a, b) => a - b);
  const at = (share: number) => Math.round(timings[Math.min(timings.length - 1, Math.floor(share * timings.length))]);
  console.log(`deactivation to 404: ${samples} samples, median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
