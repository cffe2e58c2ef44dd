import crypto from 'node:crypto';
import { describeWithPostgres, replicaDatabase, ScimClient, startBackendProcess, waitFor, type BackendProcess } from '@orgsync/test-utils';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * The SCIM module in the production shape: two backend processes on one PostgreSQL database, an IdP's writes
 * landing on either. Each replica answers with what the other stored, and both catalogs get every write within
 * seconds (the replica that took it applies it under the provider's lease); nothing is lost or applied twice.
 */
describeWithPostgres('SCIM on two replicas of one PostgreSQL database', connectionString => {
  const database = replicaDatabase(connectionString, 'scim');
  const token = crypto.randomBytes(24).toString('base64url');
  const replicas: BackendProcess[] = [];
  const config = () => ({
    backend: { database: database.config() },
    catalog: {
      processingInterval: { seconds: 1 },
      providers: { scim: { replicated: { token, guard: { enabled: false }, schedule: { frequency: { minutes: 10 }, timeout: { minutes: 2 } } } } },
    },
  });
  const scim = (replica: BackendProcess, method: string, path: string, body?: unknown) =>
    new ScimClient(`http://localhost:${replica.port}/api/catalog/org-sync/scim/replicated`, token).request(method, path, body);
  const onBoth = (what: string, check: (replica: BackendProcess) => Promise<boolean>) =>
    waitFor(what, async () => (await Promise.all(replicas.map(check))).every(Boolean), { timeoutMs: 30_000, intervalMs: 250 });

  beforeAll(async () => {
    replicas.push(await startBackendProcess({ configs: [config()] }));
    replicas.push(await startBackendProcess({ configs: [config()] }));
  });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.kill()));
    await database.drop();
  });

  it('writes to either replica reach both catalogs, and each replica reads what the other stored', async () => {
    const names = ['alma', 'bo', 'cyd', 'dee'];
    const ids = await Promise.all(
      names.map(async (name, index) => (await scim(replicas[index % 2], 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `${name}@example.com` })).body.id ?? ''),
    );
    expect((await scim(replicas[1], 'GET', `/Users/${ids[0]}`)).status).toBe(200);
    expect((await scim(replicas[0], 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'BO@example.com' })).status).toBe(409);
    const group = await scim(replicas[1], 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Replicated', members: ids.map(value => ({ value })) });
    await onBoth('four users and a group of four on both catalogs', async replica => {
      const team = await replica.catalog.byName('group', 'default', 'replicated');
      return memberCount(team) === 4;
    });

    await scim(replicas[0], 'PATCH', `/Users/${ids[1]}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    await scim(replicas[1], 'DELETE', `/Users/${ids[2]}`);
    await onBoth('bo and cyd gone from both catalogs, the group left with two', async replica => {
      const gone = (await Promise.all(['bo', 'cyd'].map(name => replica.catalog.byName('user', 'default', name)))).every(user => user === undefined);
      const team = await replica.catalog.byName('group', 'default', 'replicated');
      return gone && memberCount(team) === 2;
    });
    expect((await scim(replicas[0], 'GET', `/Groups/${group.body.id}`)).body.members).toHaveLength(3);
    expect((await scim(replicas[1], 'GET', '/Users?count=0')).body.totalResults).toBe(3);
  });
});

function memberCount(group: { spec?: { members?: unknown } } | undefined): number {
  const members = group?.spec?.members;
  return Array.isArray(members) ? members.length : 0;
}
