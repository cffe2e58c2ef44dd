import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { entitiesModule, managedBy, startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import express from 'express';
import type { OrgChangeHints, OrgChangePoller, OrgChangeReceiver } from '../changes';
import type { OrgUserRecord } from '../records';
import type { OrgEntityProvider } from '../run/OrgEntityProvider';
import { ADMIN, adminsOnlyPolicy } from './__testing__/adminsOnlyPolicy';
import { EditableSource } from './__testing__/EditableSource';
import { orgTestModule } from './__testing__/orgTestModule';

const user = (id: string): OrgUserRecord => ({ id, email: `${id}@example.com`, login: `${id}@example.com`, displayName: id, active: true });
const source = new EditableSource({ users: [user('clash'), user('free')], groups: [] });

/** A push receiver as a module has one: a shared secret, checked on every delivery; named by its module. */
const receiver: OrgChangeReceiver = {
  label: 'Test IdP hook',
  router: () =>
    express.Router().post('/', (req, res) => {
      if (req.headers.authorization !== 'Bearer hook-secret') res.status(401).json({ error: 'unknown sender' });
      else res.status(202).json({ queued: 0 });
    }),
};

const IDP_TOKEN = 'idp-secret-token-0815';
/** A change feed the test makes fail, or name records once (`names`); otherwise it names nothing. Its module gives it no label. */
const poller: OrgChangePoller & { failWith?: Error; names?: OrgChangeHints } = {
  async poll() {
    if (poller.failWith) throw poller.failWith;
    const hints = poller.names ?? {};
    poller.names = undefined;
    return { hints, cursor: 'now' };
  },
};

let providers: OrgEntityProvider[] = [];
const testOrgModule = orgTestModule({
  idp: 'test',
  onProviders: made => (providers = made),
  build: () => ({ source, changes: { receiver, poller }, secrets: [IDP_TOKEN] }),
});

/** Where another provider keeps `user:default/clash` (its location key names a person, as a URL may). */
const CLASH_LOCATION = 'url:https://example.com/users.yaml?maintainer=ops@example.com';
const clashing: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'clash', namespace: 'default', annotations: managedBy(CLASH_LOCATION) },
  spec: { memberOf: [] },
};
const otherUsersModule = entitiesModule('other-users', [{ entity: clashing, locationKey: CLASH_LOCATION }]).feature;

describe('the operations API: change signals, and the entities a run restored and the catalog refused', () => {
  let backend: CatalogTestBackend;
  const admin = mockCredentials.user.header(ADMIN);
  const viewer = mockCredentials.user.header('user:default/viewer');
  const json = async <T = any>(path: string, as = viewer): Promise<T> => {
    const response = await fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync${path}`, { headers: { authorization: as } });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const signals = async () => (await json('/providers/test:main')).changeSignals;
  const push = (authorization: string) => fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync/test/main`, { method: 'POST', headers: { authorization }, body: '{}' });
  const newestRun = async (as = viewer) => (await json<{ items: any[] }>('/providers/test:main/runs?limit=1', as)).items[0];

  beforeAll(async () => {
    // Never due during the test (1 January): runs only when the test runs them.
    const schedule = { frequency: { cron: '0 0 1 1 *' }, timeout: { minutes: 5 } };
    backend = await startCatalogTestBackend({
      features: [testOrgModule, otherUsersModule, adminsOnlyPolicy, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })],
      config: { catalog: { processingInterval: { seconds: 1 }, providers: { test: { main: { schedule, events: { poll: { interval: { minutes: 10 } } } } } } } },
    });
  });

  afterAll(() => backend?.stop());

  it('names the change signals a provider listens to as their module labels them (a neutral word without a label), in GET /providers and GET /providers/:name alike', async () => {
    const listed = (await json<{ items: any[] }>('/providers')).items.find(p => p.name === 'test:main');
    const one = await json('/providers/test:main');
    expect(one.changeSignals.signals).toEqual([
      { kind: 'receiver', mode: 'push', label: 'Test IdP hook', path: '/org-sync/test/main' },
      { kind: 'poller', mode: 'poll', label: 'change poll', everySeconds: 600 },
    ]);
    expect(listed.changeSignals.signals).toEqual(one.changeSignals.signals);
    expect(one.changeSignals.lastDelivery).toBeNull();
    expect((await fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync/providers/test:nobody`, { headers: { authorization: viewer } })).status).toBe(404);
  });

  it('tells the last delivery: rejected, then accepted, from the database', async () => {
    const before = Date.now();
    expect((await push('Bearer forged')).status).toBe(401);
    const rejected = await waitFor('the rejected push', async () => (await signals()).lastDelivery?.outcome === 'rejected' && (await signals()).lastDelivery);
    expect(rejected).toEqual({ via: 'push', at: expect.any(String), outcome: 'rejected', detail: 'HTTP 401' });
    expect(Date.parse(rejected.at)).toBeGreaterThanOrEqual(before - 1000);
    expect((await push('Bearer hook-secret')).status).toBe(202);
    const accepted = await waitFor('the accepted push', async () => (await signals()).lastDelivery?.outcome === 'accepted' && (await signals()).lastDelivery);
    expect(accepted).toMatchObject({ via: 'push', detail: 'HTTP 202' });
    expect(Date.parse(accepted.at)).toBeGreaterThanOrEqual(Date.parse(rejected.at));
  });

  it('tells the last poll of the change feed: how many records it named, or why it failed (secrets blanked out)', async () => {
    const provider = providers[0];
    // A first run, so the change run has something to build on.
    expect((await provider.run()).outcome).toBe('applied');
    poller.failWith = new Error(`GET https://idp.example.com/logs?token=${IDP_TOKEN} answered 503`);
    await provider.processChanges();
    const failed = await waitFor('the failed poll', async () => (await signals()).lastPoll?.outcome === 'failed' && (await signals()).lastPoll);
    expect(failed).toEqual({ via: 'poll', at: expect.any(String), outcome: 'failed', detail: expect.stringContaining('logs?token=[redacted] answered 503') });
    poller.failWith = undefined;
    await provider.processChanges();
    const ok = await waitFor('the good poll', async () => (await signals()).lastPoll?.outcome === 'ok' && (await signals()).lastPoll);
    expect(ok).toEqual({ via: 'poll', at: expect.any(String), outcome: 'ok', detail: 'named 0 records' });
  });

  it('lists the entities the catalog refused, with who holds the ref (emails in it only to readers of records), and those a run restored', async () => {
    const run = await newestRun(admin);
    expect(run.counts).toMatchObject({ refused: 1 });
    expect(run.refused).toEqual({ items: [{ ref: 'user:default/clash', heldBy: CLASH_LOCATION }], total: 1 });
    expect((await newestRun()).refused).toEqual({ items: [{ ref: 'user:default/clash', heldBy: 'url:https://example.com/users.yaml?maintainer=[email hidden]' }], total: 1 });
    expect(run.restored).toBeUndefined();

    // Deleted behind the provider's back: the next run puts it back, and names it.
    const free = await waitFor('user:default/free', () => backend.catalog.byName('user', 'default', 'free'));
    expect((await backend.catalog.request(`/entities/by-uid/${free.metadata.uid}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor('free deleted', async () => !(await backend.catalog.byName('user', 'default', 'free')));
    const restoring = await providers[0].run();
    expect(restoring.counts).toMatchObject({ restored: 1 });
    const shown = await newestRun();
    expect(shown.runId).toBe(restoring.runId);
    expect(shown.restored).toEqual({ items: ['user:default/free'], total: 1 });
    const [status] = (await json<{ items: any[] }>('/providers')).items;
    expect(status.lastRun.restored).toEqual(shown.restored);
    expect(JSON.stringify(status.lastRun.refused)).not.toContain('ops@example.com');
  });

  it('says whom a run removed and why, for a list and for a change run, the IdP’s words without emails for viewers', async () => {
    const provider = providers[0];
    source.org.users.push(user('ina'), user('al'), user('bo'));
    expect((await provider.run()).outcome).toBe('applied');
    source.org.users = source.org.users.filter(u => u.id !== 'al').map(u => (u.id === 'ina' ? { ...u, active: false, inactiveReason: 'status: DEPROVISIONED' } : u));
    expect(await provider.run()).toMatchObject({ outcome: 'applied', counts: { removed: 2 } });
    const listed = (await newestRun()).removals;
    expect(listed.total).toBe(2);
    expect(listed.items).toEqual(
      expect.arrayContaining([
        { ref: 'user:default/ina', why: 'status: DEPROVISIONED' },
        { ref: 'user:default/al', why: 'no longer in the IdP' },
      ]),
    );

    // A change signal names bo, suspended meanwhile: the change run re-reads him alone and removes him, saying why.
    source.org.users = source.org.users.map(u => (u.id === 'bo' ? { ...u, active: false, inactiveReason: 'suspended by it-admin@example.com' } : u));
    poller.names = { users: ['bo'] };
    expect(await provider.processChanges()).toMatchObject({ outcome: 'applied', trigger: 'changes', readMode: 'records', counts: { removed: 1 } });
    expect((await newestRun(admin)).removals).toEqual({ items: [{ ref: 'user:default/bo', why: 'suspended by it-admin@example.com' }], total: 1 });
    expect((await newestRun()).removals).toEqual({ items: [{ ref: 'user:default/bo', why: 'suspended by [email hidden]' }], total: 1 });
  });

  it('explains a removed person by email, login or ref: the run that removed them, when, and why (emails only to readers of records)', async () => {
    const [changeRun, listRun] = (await json<{ items: any[] }>('/providers/test:main/runs?limit=2')).items;
    const explain = async (q: string, as = viewer) => (await json<{ providers: any[] }>(`/explain?q=${encodeURIComponent(q)}`, as)).providers;
    const removed = (run: any, why: string) => ({ reason: 'removed', message: `removed from the catalog by run ${run.runId} at ${run.finishedAt}: ${why}`, runId: run.runId });
    // al is gone from the IdP: no record, but the removal is remembered by the keys his record had.
    for (const q of ['al@example.com', 'user:default/AL', 'al']) {
      expect(await explain(q)).toEqual([{ provider: 'test:main', idp: 'test', found: false, entityRef: 'user:default/al', inCatalog: false, reasons: [removed(listRun, 'no longer in the IdP')] }]);
    }
    // ina and bo are still read, inactive: why they have no entity, and which run took it away.
    expect((await explain('ina@example.com', admin))[0].reasons).toEqual([expect.objectContaining({ reason: 'inactive' }), removed(listRun, 'status: DEPROVISIONED')]);
    expect((await explain('BO@example.com', admin))[0].reasons).toEqual([expect.objectContaining({ reason: 'inactive' }), removed(changeRun, 'suspended by it-admin@example.com')]);
    expect((await explain('bo'))[0].reasons).toEqual([expect.objectContaining({ reason: 'inactive' }), removed(changeRun, 'suspended by [email hidden]')]);
    // Someone whose entity was never removed has no such reason.
    expect((await explain('nobody@example.com')).map(view => view.reasons)).toEqual([[expect.objectContaining({ reason: 'not-read' })]]);
  });
});
