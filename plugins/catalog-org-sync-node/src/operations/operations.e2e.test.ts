import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { entitiesModule, managedBy, refsOf, startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import express from 'express';
import type { OrgChangeReceiver } from '../changes';
import type { OrgSnapshot, OrgUserRecord } from '../records';
import { ADMIN, adminsOnlyPolicy } from './__testing__/adminsOnlyPolicy';
import { EditableSource } from './__testing__/EditableSource';
import { orgTestModule } from './__testing__/orgTestModule';
import type { OrgEntityProvider } from '../run/OrgEntityProvider';

/** Requests and throttled answers every read of the test's sources reports last. */
const READ_REQUESTS = 5;
const READ_THROTTLED = 1;
const progress = { requests: READ_REQUESTS, rateLimited: READ_THROTTLED };

/** A push receiver as a module has one: it checks a shared secret and answers (this one queues nothing). */
const receiver: OrgChangeReceiver = {
  router: () =>
    express.Router().post('/', (req, res) => {
      if (req.headers.authorization !== 'Bearer hook-secret') res.status(401).json({ error: 'unknown sender' });
      else res.json({ verified: true });
    }),
};

const user = (id: string, email: string, extra: Partial<OrgUserRecord> = {}): OrgUserRecord => ({ id, email, login: email, displayName: id, active: true, ...extra });

const people = Array.from({ length: 12 }, (_, i) => user(`p${i}`, `person${i}@example.com`));
const mainOrg = (): OrgSnapshot => ({
  users: [
    ...people,
    user('jane', 'jane@example.com', { displayName: 'Jane Doe' }),
    user('joe', 'joe+ops@example.com'),
    user('sam-a', 'sam@a.example.com'),
    user('sam-b', 'SAM@b.example.com'),
    user('ina', 'ina@example.com', { active: false, inactiveReason: 'status: SUSPENDED' }),
    user('bot', 'bot@example.com'), // dropped by the operator's transformer
  ],
  groups: [{ id: 'g-platform', name: 'platform', memberUserIds: ['jane', 'p0', 'p1', 'p2', 'p3'] }],
});
const alumniOrg = (): OrgSnapshot => ({
  users: [user('al', 'al@example.com'), user('bo', 'bo@example.com'), user('cy', 'cy@example.com')],
  groups: [{ id: 'g-alumni', name: 'crew', memberUserIds: ['al', 'bo', 'cy'] }],
});

const leaving = new Set(['jane', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
const withoutLeavers = (org: OrgSnapshot): OrgSnapshot => ({ ...org, users: org.users.filter(u => !leaving.has(u.id)) });

const sources: Record<string, EditableSource> = { main: new EditableSource(mainOrg(), progress), alumni: new EditableSource(alumniOrg(), progress) };

let providers: OrgEntityProvider[] = [];
const IDP_TOKEN = 'idp-secret-token-4711';
/** The test's org module, built exactly as the IdP modules build theirs. */
const testOrgModule = orgTestModule({
  idp: 'test',
  onProviders: made => (providers = made),
  build: ({ id }) => ({
    source: sources[id],
    changes: id === 'main' ? { receiver } : undefined,
    secrets: [IDP_TOKEN],
    mapping: { transformUser: (entity, record) => (record.id === 'bot' ? undefined : entity) },
  }),
});

/** The message of an error answer (`{ error: { name, message } }`). */
const messageOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

/**
 * A second org module of the same backend (another IdP): its providers join the same operations API. Its accounts are
 * linked to test:main's people: one claims two people's verified emails (refused), one a SAML identity nobody has.
 */
let otherProviders: OrgEntityProvider[] = [];
const otherOrgModule = orgTestModule({
  idp: 'other',
  onProviders: made => (otherProviders = made),
  build: () => ({
    source: new EditableSource(
      {
        users: [
          { id: 'solo', login: 'solo', active: true, identityClaims: { verifiedEmails: ['jane@example.com', 'joe+ops@example.com'] } },
          { id: 'gone', login: 'gone-gh', active: true, identityClaims: { samlNameIds: ['gone@example.com'] } },
        ],
        groups: [],
      },
      progress,
    ),
  }),
});

/** Components owned by people and a group of the org, as a team's catalog-info would declare them. */
const components: Entity[] = [
  ['service-a', 'user:default/jane'],
  ['service-b', 'group:default/platform'],
  ['service-c', 'user:default/person1'],
  ['service-d', 'user:alumni/al'],
].map(([name, owner]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations: managedBy('url:https://example.com/catalog-info.yaml') },
  spec: { type: 'service', lifecycle: 'production', owner },
}));
const componentsModule = entitiesModule('test-components', components.map(entity => ({ entity, locationKey: 'test-components' }))).feature;

describe('the operations API', () => {
  let backend: CatalogTestBackend;
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });

  const admin = mockCredentials.user.header(ADMIN);
  const viewer = mockCredentials.user.header('user:default/viewer');
  const api = (path: string, init: RequestInit & { as?: string | null } = {}) => {
    const { as = viewer, ...rest } = init;
    return fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync${path}`, {
      ...rest,
      headers: { ...(as ? { authorization: as } : {}), 'content-type': 'application/json', ...(rest.headers ?? {}) },
    });
  };
  const json = async <T = any>(path: string, init: RequestInit & { as?: string | null } = {}): Promise<T> => {
    const response = await api(path, init);
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const runs = (name: string) => json<{ items: any[] }>(`/providers/${encodeURIComponent(name)}/runs?limit=50`).then(r => r.items);
  /**
   * Triggers the scheduled run through the API (the scheduler's trigger) and waits for its row in the history; the
   * scheduler looks for triggered work every 5 s, so most steps run the provider directly (`runDirect`).
   */
  const runNow = async (name: string) => {
    const before = (await runs(name)).length;
    const response = await api(`/providers/${encodeURIComponent(name)}/run`, { method: 'POST', as: admin });
    expect(response.status).toBe(202);
    return waitFor(`a new run of ${name}`, async () => {
      const items = await runs(name);
      return items.length > before && items[0];
    });
  };
  /** Runs the provider as its scheduled task does, then answers its newest row of the run history. */
  const runDirect = async (name: string) => {
    await providers.find(p => p.getProviderName() === name)!.run();
    return (await runs(name))[0];
  };
  const dryRun = (name: string) => json(`/providers/${encodeURIComponent(name)}/dry-run`, { method: 'POST', as: admin });
  /** Explain as an administrator (`catalog.org-sync.read-records`: the records behind the entities). */
  const explain = (q: string) => json<{ providers: any[] }>(`/explain?q=${encodeURIComponent(q)}`, { as: admin }).then(r => r.providers);

  beforeAll(async () => {
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    // Never due during the test (1 January): runs only when triggered. (A worker waits out an initialDelay before it even looks for triggers.)
    const schedule = { frequency: { cron: '0 0 1 1 *' }, timeout: { minutes: 5 } };
    backend = await startCatalogTestBackend({
      // No credentials means none (the test backend's default would sign such requests in as a mock user).
      features: [testOrgModule, componentsModule, adminsOnlyPolicy, mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() })],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          providers: { test: { main: { schedule }, alumni: { schedule, namespace: 'alumni', leavers: { mode: 'retain' } } } },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    metrics.disable();
  });

  it('answers 401 without credentials, on every route', async () => {
    for (const [method, path] of [
      ['GET', '/providers'],
      ['GET', '/providers/test:main/runs'],
      ['POST', '/providers/test:main/dry-run'],
      ['POST', '/providers/test:main/run'],
      ['POST', '/providers/test:main/accept'],
      ['GET', '/explain?q=jane@example.com'],
      ['GET', '/ownership'],
    ]) {
      const response = await api(path, { method, as: null, body: method === 'POST' ? '{}' : undefined });
      expect([method, path, response.status]).toEqual([method, path, 401]);
      expect(await messageOf(response)).toEqual(expect.any(String));
    }
  });

  it('answers 403 to a signed-in user without the permissions for run, dry-run and accept', async () => {
    for (const action of ['dry-run', 'run', 'accept']) {
      const response = await api(`/providers/test:main/${action}`, { method: 'POST', body: JSON.stringify({ planHash: '0123abcd' }) });
      expect([action, response.status]).toEqual([action, 403]);
      expect(await messageOf(response)).toMatch(/catalog\.org-sync\./);
    }
  });

  it('lists every provider with its IdP and schedule before any run; unknown providers are 404', async () => {
    const { items } = await json('/providers');
    expect(items.map((p: any) => p.name).sort()).toEqual(['test:alumni', 'test:main']);
    const main = items.find((p: any) => p.name === 'test:main');
    expect(main).toMatchObject({ idp: 'test', id: 'main', schedule: { frequency: '0 0 1 1 *', timeout: 'PT5M' }, lastRun: null, lastSuccessfulApply: null, nextRunEstimate: null });
    const missing = await api('/providers/test:nobody/runs');
    expect(missing.status).toBe(404);
    expect(await messageOf(missing)).toMatch(/no org sync provider named "test:nobody"/);
  });

  it('a dry run shows exactly what the next run applies, and applies nothing itself', async () => {
    const plan = await dryRun('test:main');
    expect(plan).toMatchObject({ outcome: 'would-apply', readMode: 'full', users: { change: [], remove: [] }, groups: { add: ['group:default/platform'] } });
    expect(plan.users.add).toHaveLength(16); // 12 people, jane, joe, two sams; the inactive person gets no entity
    expect(await backend.catalog.managedBy('org-sync:test:main')).toEqual([]);
    expect(await runs('test:main')).toEqual([]); // a dry run is not a run

    const run = await runNow('test:main');
    expect(run).toMatchObject({ outcome: 'applied', trigger: 'schedule', readMode: 'full', counts: { added: 17, changed: 0, removed: 0 } });
    const emitted = await waitFor('17 entities', async () => {
      const entities = await backend.catalog.managedBy('org-sync:test:main');
      return entities.length === 17 && entities;
    });
    const refs = (entities: Entity[]) => entities.map(e => `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase()).sort();
    expect(refs(emitted)).toEqual([...plan.users.add, ...plan.groups.add].map((r: string) => r.toLowerCase()).sort());
    await runDirect('test:alumni');
  });

  it('a dry run names the fields a change touches; the next run applies the same plan', async () => {
    const org = mainOrg();
    org.users = org.users.filter(u => u.id !== 'p11').map(u => (u.id === 'jane' ? { ...u, displayName: 'Jane Smith' } : u));
    org.users.push(user('newbie', 'newbie@example.com'));
    sources.main.org = org;
    const plan = await dryRun('test:main');
    expect(plan).toMatchObject({
      outcome: 'would-apply',
      users: { add: ['user:default/newbie'], change: [{ ref: 'user:default/jane', fields: ['spec.profile.displayName'] }], remove: ['user:default/person11'] },
      groups: { add: [], change: [], remove: [] },
    });
    const run = await runDirect('test:main');
    expect(run.counts).toMatchObject({ added: 1, changed: 1, removed: 1 });
    await waitFor('jane renamed, person11 gone', async () => {
      const jane = await backend.catalog.byName('user', 'default', 'jane');
      return (jane?.spec as any)?.profile?.displayName === 'Jane Smith' && !(await backend.catalog.byName('user', 'default', 'person11'));
    });
  });

  it('reports every provider: last run, last successful apply, next run estimate; runs are listed newest first', async () => {
    const { items } = await json('/providers');
    const main = items.find((p: any) => p.name === 'test:main');
    expect(main.lastRun).toMatchObject({ outcome: 'applied', readMode: 'full', counts: { added: 1, changed: 1, removed: 1 }, guard: { allowed: true } });
    expect(main.lastRun.durationsMs.total).toEqual(expect.any(Number));
    expect(Date.parse(main.lastSuccessfulApply.at)).toBeGreaterThan(0);
    const last = await json(`/providers/test:main/runs?limit=1`);
    expect(last.items).toHaveLength(1);
    expect(last.items[0].runId).toBe(main.lastRun.runId);
    for (const bad of ['0', '201', 'abc', '1.5']) expect((await api(`/providers/test:main/runs?limit=${bad}`)).status).toBe(400);
  });

  it('explains why someone is or is not an entity: entity with groups, renamed, collision, inactive, not read, not mapped, read failed (secrets redacted)', async () => {
    const [jane] = (await explain('jane@example.com')).filter(v => v.provider === 'test:main');
    expect(jane).toMatchObject({ found: true, entityRef: 'user:default/jane', groups: ['group:default/platform'], reasons: [{ reason: 'entity' }] });
    expect((await explain('user:default/jane')).find(v => v.provider === 'test:main')).toMatchObject({ found: true, record: { id: 'jane' } });

    const [joe] = (await explain('joe+ops@example.com')).filter(v => v.provider === 'test:main');
    expect(joe.entityRef).toBe('user:default/joe-ops');
    expect(joe.reasons).toContainEqual({ reason: 'renamed', message: expect.stringContaining('"joe+ops"') });

    const sams = [...(await explain('sam@a.example.com')), ...(await explain('SAM@b.example.com'))].filter(v => v.provider === 'test:main');
    expect(sams.flatMap(v => v.reasons.map((r: any) => r.reason)).sort()).toEqual(['collision', 'entity', 'entity']);

    const [ina] = (await explain('ina@example.com')).filter(v => v.provider === 'test:main');
    expect(ina.entityRef).toBeUndefined();
    expect(ina).toMatchObject({ found: true, record: { active: false }, reasons: [{ reason: 'inactive', message: expect.stringContaining('status: SUSPENDED') }] });

    const nobody = await explain('nobody@example.com');
    expect(nobody.map(v => [v.provider, v.found, v.reasons[0].reason]).sort()).toEqual([
      ['test:alumni', false, 'not-read'],
      ['test:main', false, 'not-read'],
    ]);
    const [bot] = (await explain('bot@example.com')).filter(v => v.provider === 'test:main');
    expect(bot).toMatchObject({ found: true, record: { active: true }, reasons: [{ reason: 'not-mapped' }] });

    // A read that fails: the view is the last applied one, and says so; the token never shows.
    sources.alumni.failWith = new Error(`GET https://idp.example.com/users?token=${IDP_TOKEN} answered 503`);
    expect((await runDirect('test:alumni')).outcome).toBe('read-failed');
    sources.alumni.failWith = undefined;
    const [al] = (await explain('al@example.com')).filter(v => v.provider === 'test:alumni');
    expect(al).toMatchObject({ found: true, entityRef: 'user:alumni/al' });
    expect(al.reasons).toContainEqual({ reason: 'read-failed', message: expect.stringContaining('answered 503') });
    const status = JSON.stringify(await json('/providers'));
    expect(status).toContain('users?token=[redacted] answered 503');
    expect(status).not.toContain(IDP_TOKEN);

    for (const q of ['', '   ', 'x'.repeat(513)]) expect((await api(`/explain?q=${encodeURIComponent(q)}`)).status).toBe(400);
    expect((await api('/explain')).status).toBe(400);
  });

  it('explains to a caller without catalog.org-sync.read-records only entity-level facts: the entity, whether the catalog holds it, why not in words', async () => {
    const asViewer = async (q: string) => {
      const answer = await json<{ detail: string; providers: any[] }>(`/explain?q=${encodeURIComponent(q)}`);
      expect(answer.detail).toBe('entities');
      return answer.providers.filter(v => v.provider === 'test:main');
    };
    const [jane] = await asViewer('jane@example.com');
    expect(jane).toEqual({ provider: 'test:main', idp: 'test', found: true, entityRef: 'user:default/jane', inCatalog: true, reasons: [{ reason: 'entity', message: 'emitted as user:default/jane' }] });
    const [ina] = await asViewer('ina@example.com');
    expect(ina).toEqual({ provider: 'test:main', idp: 'test', found: true, inCatalog: false, reasons: [{ reason: 'inactive', message: 'inactive in the IdP: inactive people get no entity' }] });
    const [joe] = await asViewer('joe+ops@example.com');
    expect(joe.reasons).toContainEqual({ reason: 'renamed', message: 'the naming strategy\'s name is not a valid entity name; made valid as "joe-ops"' });
    // Nothing of the records: no ids, emails, status, groups.
    const shown = JSON.stringify([jane, ina, joe]);
    for (const value of ['ina@example.com', 'SUSPENDED', 'joe+ops', '"record"', '"groups"', 'platform']) expect([value, shown.includes(value)]).toEqual([value, false]);
    // An administrator sees the record behind the same answer.
    expect((await explain('ina@example.com')).find(v => v.provider === 'test:main')).toMatchObject({ record: { id: 'ina', email: 'ina@example.com', active: false } });
  });

  it('a held plan is explained, shown by its hash, and applied once accepted through the API', async () => {
    sources.main.org = withoutLeavers(sources.main.org);
    const plan = await dryRun('test:main');
    expect(plan.outcome).toBe('would-be-held');
    const held = await runDirect('test:main');
    expect(held).toMatchObject({ outcome: 'guarded', guard: { allowed: false, planId: plan.guard.planId, removedUserCount: 7 } });
    expect(held.guard.removedUsers).toContain('user:default/jane');
    expect(await backend.catalog.byName('user', 'default', 'jane')).toBeDefined();

    const [jane] = (await explain('jane@example.com')).filter(v => v.provider === 'test:main');
    expect(jane.reasons).toContainEqual({ reason: 'guard-held', message: expect.stringContaining(held.guard.planId) });

    const accept = (body: unknown, as = admin) => api('/providers/test:main/accept', { method: 'POST', as, body: typeof body === 'string' ? body : JSON.stringify(body) });
    for (const bad of [{}, { planHash: 42 }, { planHash: 'not-hex!' }, '{"planHash":']) expect((await accept(bad)).status).toBe(400);
    const other = await accept({ planHash: 'deadbeef' });
    expect(other.status).toBe(404);
    expect(await messageOf(other)).toMatch(/no run of test:main held plan deadbeef/);
    const ok = await accept({ planHash: held.guard.planId });
    expect(ok.status).toBe(200);
    expect((await ok.json()) as object).toMatchObject({ accepted: true, planHash: held.guard.planId, heldBy: held.runId });

    const applied = await runNow('test:main');
    expect(applied).toMatchObject({ outcome: 'applied', guard: { accepted: true, planId: held.guard.planId }, counts: { removed: 7 } });
    await waitFor('jane gone', async () => !(await backend.catalog.byName('user', 'default', 'jane')));

    // Accepted once: the very same removal later (the people back, then gone again) is held again.
    sources.main.org = mainOrg();
    expect((await runDirect('test:main')).outcome).toBe('applied');
    sources.main.org = withoutLeavers(mainOrg());
    const again = await runDirect('test:main');
    expect(again).toMatchObject({ outcome: 'guarded', guard: { planId: held.guard.planId } });
    expect((await accept({ planHash: held.guard.planId })).status).toBe(200);
    expect((await runDirect('test:main')).outcome).toBe('applied');
  });

  it('lists ownership left behind by leavers: removed and departed people who still own components', async () => {
    sources.alumni.org = { ...alumniOrg(), users: alumniOrg().users.map(u => (u.id === 'al' ? { ...u, active: false, inactiveReason: 'status: DEPROVISIONED' } : u)) };
    expect((await runDirect('test:alumni')).outcome).toBe('applied');
    const [al] = (await explain('al@example.com')).filter(v => v.provider === 'test:alumni');
    expect(al).toMatchObject({ entityRef: 'user:alumni/al', reasons: [{ reason: 'departed', message: expect.stringContaining('status: DEPROVISIONED') }] });

    await waitFor('the components', async () => (await backend.catalog.query('kind=component')).length === 4);
    const expected = [
      ['user:alumni/al', 'test:alumni', 'departed', [{ entityRef: 'component:default/service-d', field: 'spec.owner' }]],
      ['user:default/jane', 'test:main', 'removed', [{ entityRef: 'component:default/service-a', field: 'spec.owner' }]],
      ['user:default/person1', 'test:main', 'removed', [{ entityRef: 'component:default/service-c', field: 'spec.owner' }]],
    ];
    // Until the catalog has processed the last runs, groups still list the leavers as members (reported as such).
    const items = await waitFor('the ownership report after processing', async () => {
      const report = (await json('/ownership')).items;
      return JSON.stringify(report.map((l: any) => [l.ref, l.provider, l.state, l.owned])) === JSON.stringify(expected) && report;
    });
    expect(items.every((l: any) => Date.parse(l.since) > 0)).toBe(true);
    expect(items[0].reason).toBe('status: DEPROVISIONED');
  });

  it('records metrics: runs by outcome, entities, guard holds, read requests and 429s, seconds since the last apply, deliveries', async () => {
    // The push receiver is still reachable without credentials beside the API, and its answers are counted.
    const hook = (authorization: string) =>
      fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync/test/main`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{}' });
    expect((await hook('Bearer hook-secret')).status).toBe(200);
    expect((await hook('Bearer forged')).status).toBe(401);
    expect((await hook('Bearer forged')).status).toBe(401);
    await reader.forceFlush();
    const points = (name: string) =>
      exporter
        .getMetrics()
        .at(-1)!
        .scopeMetrics.flatMap(s => s.metrics)
        .filter(m => m.descriptor.name === name)
        .flatMap(m => m.dataPoints as Array<{ attributes: Record<string, unknown>; value: any }>);
    const runsOf = (outcome: string) => points('orgsync.runs').find(p => p.attributes.provider === 'test:main' && p.attributes.outcome === outcome)?.value;
    expect(runsOf('applied')).toBe(5);
    expect(runsOf('guarded')).toBe(2);
    expect(points('orgsync.guard.holds').find(p => p.attributes.provider === 'test:main')?.value).toBe(2);
    expect(points('orgsync.entities').find(p => p.attributes.provider === 'test:main' && p.attributes.change === 'removed')?.value).toBe(16); // 1, then 7, 1 (newbie), 7
    const durations = points('orgsync.run.duration').filter(p => p.attributes.provider === 'test:main');
    expect(durations.map(p => [p.attributes.outcome, p.value.count]).sort()).toEqual([
      ['applied', 5],
      ['guarded', 2],
    ]);
    const age = points('orgsync.last_success.age').find(p => p.attributes.provider === 'test:main');
    expect(age?.value).toEqual(expect.any(Number));
    expect(points('orgsync.reads').some(p => p.attributes.provider === 'test:alumni' && p.attributes.result === 'ok')).toBe(true);
    // Every scheduled run's history row carries the last figures its read reported; change runs carry none; the counters add them up.
    for (const name of ['test:main', 'test:alumni']) {
      const history = await runs(name);
      const scheduled = history.filter(run => run.trigger === 'schedule');
      expect(scheduled.length).toBeGreaterThan(0);
      expect(scheduled.every(run => run.requests?.total === READ_REQUESTS && run.requests?.rateLimited === READ_THROTTLED)).toBe(true);
      expect(history.filter(run => run.trigger === 'changes').every(run => run.requests === undefined)).toBe(true);
      expect(points('orgsync.read.requests').find(p => p.attributes.provider === name)?.value).toBe(READ_REQUESTS * scheduled.length);
      expect(points('orgsync.read.rate_limited').find(p => p.attributes.provider === name)?.value).toBe(READ_THROTTLED * scheduled.length);
    }
    const [status] = (await json<{ items: any[] }>('/providers')).items.filter(p => p.name === 'test:main');
    expect(status.lastRun.requests).toEqual(status.lastRun.trigger === 'schedule' ? { total: READ_REQUESTS, rateLimited: READ_THROTTLED } : undefined);
    const deliveries = points('orgsync.events.deliveries').filter(p => p.attributes.provider === 'test:main');
    expect(deliveries.map(p => [p.attributes.via, p.attributes.result, p.value]).sort()).toEqual([
      ['push', 'accepted', 1],
      ['push', 'rejected', 2],
    ]);
  });

  // After the metrics test, whose counts these runs would change.
  it('an acceptance is for the next run only: a healthy run drops it, and the same empty answer later is held, not applied', async () => {
    const accept = (planHash: string) => api('/providers/test:main/accept', { method: 'POST', as: admin, body: JSON.stringify({ planHash }) });
    const ours = async () => refsOf(await backend.catalog.managedBy('org-sync:test:main'));
    const healthy = sources.main.org;
    const before = await ours();
    const empty: OrgSnapshot = { users: [], groups: [] };

    // The IdP answers an empty org: held; the plan is accepted.
    sources.main.org = empty;
    const held = await runDirect('test:main');
    expect(held).toMatchObject({ outcome: 'guarded', guard: { allowed: false, reason: expect.stringContaining('it would remove all') } });
    expect((await accept(held.guard.planId)).status).toBe(200);

    // The IdP recovers before the next run: that run drops the acceptance, and its history row says so.
    sources.main.org = healthy;
    const next = await runDirect('test:main');
    expect(next).toMatchObject({ outcome: 'applied', acceptances: [{ planId: held.guard.planId, by: ADMIN, via: 'operations-api', outcome: 'dropped' }] });
    const stale = await accept(held.guard.planId);
    expect(stale.status).toBe(409);
    expect(await messageOf(stale)).toContain(`the last run of test:main did not hold plan ${held.guard.planId}: run ${next.runId}`);

    // The same empty answer later is held again, not applied.
    sources.main.org = empty;
    const again = await runDirect('test:main');
    expect(again).toMatchObject({ outcome: 'guarded', guard: { planId: held.guard.planId } });
    expect(again.acceptances).toBeUndefined();

    // Only the latest held plan can be accepted: after another held plan, the earlier one answers 409.
    sources.main.org = { ...healthy, users: healthy.users.slice(0, 2) };
    const other = await runDirect('test:main');
    expect(other).toMatchObject({ outcome: 'guarded' });
    expect(other.guard.planId).not.toBe(held.guard.planId);
    const older = await accept(held.guard.planId);
    expect(older.status).toBe(409);
    expect(await messageOf(older)).toContain(`held plan ${other.guard.planId}`);
    expect((await accept(other.guard.planId)).status).toBe(200);
    sources.main.org = healthy;
    expect(await runDirect('test:main')).toMatchObject({ outcome: 'applied', acceptances: [{ planId: other.guard.planId, outcome: 'dropped' }] });
    expect(await ours()).toEqual(before);
  });
});

describe('the operations API with real tokens (static external access) and the real permissions service', () => {
  let backend: CatalogTestBackend;
  const ADMIN_TOKEN = 'ops-admin-token-0123456789';
  const READER_TOKEN = 'ops-reader-token-0123456789';
  const READ_ACTION_TOKEN = 'ops-read-action-token-0123456789';
  const call = (path: string, token: string | undefined, method = 'GET', body?: unknown) =>
    fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    sources.main.org = mainOrg();
    sources.alumni.org = alumniOrg();
    const schedule = { frequency: { cron: '0 0 1 1 *' }, timeout: { minutes: 5 } };
    backend = await startCatalogTestBackend({
      features: [testOrgModule, otherOrgModule, componentsModule],
      staticTokens: [
        { token: ADMIN_TOKEN, subject: 'ops-admin' },
        // May read the catalog, and nothing else: the operations API's own permissions are denied.
        { token: READER_TOKEN, subject: 'ops-reader', accessRestrictions: [{ plugin: 'catalog', permission: ['catalog.entity.read'] }] },
        // May do whatever reads: a dry run (a whole IdP read, no action attribute) is not among them.
        { token: READ_ACTION_TOKEN, subject: 'ops-read-action', accessRestrictions: [{ plugin: 'catalog', permissionAttribute: { action: ['read'] } }] },
      ],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          providers: {
            test: { main: { schedule }, alumni: { schedule, namespace: 'alumni' } },
            other: { solo: { schedule, namespace: 'other', linkTo: { peopleSource: 'test.main' } } },
          },
        },
      },
    });
  });

  afterAll(() => backend?.stop());

  it('401 without a token or with an unknown one; a restricted token reads but gets 403 for run, dry-run and accept', async () => {
    expect((await call('/providers', undefined)).status).toBe(401);
    expect((await call('/explain?q=jane@example.com', 'not-a-known-token-at-all')).status).toBe(401);
    const listed = await call('/providers', READER_TOKEN);
    expect(listed.status).toBe(200);
    // Two org modules, one API: each module's providers are listed.
    expect(((await listed.json()) as { items: Array<{ name: string }> }).items.map(p => p.name).sort()).toEqual(['other:solo', 'test:alumni', 'test:main']);
    for (const action of ['dry-run', 'run', 'accept']) {
      const response = await call(`/providers/test:main/${action}`, READER_TOKEN, 'POST', { planHash: '0123abcd' });
      expect([action, response.status]).toEqual([action, 403]);
      expect(await messageOf(response)).toContain(`catalog.org-sync.${action === 'accept' ? 'accept-plan' : action}`);
    }
    // A token restricted to the read action reads the API but is refused a dry run.
    expect((await call('/providers', READ_ACTION_TOKEN)).status).toBe(200);
    const dryRun = await call('/providers/test:main/dry-run', READ_ACTION_TOKEN, 'POST');
    expect(dryRun.status).toBe(403);
    expect(await messageOf(dryRun)).toContain('catalog.org-sync.dry-run');
  });

  it('an unrestricted token dry-runs and triggers a run; the reader then sees it, explain and ownership included', async () => {
    const plan = await call('/providers/test:main/dry-run', ADMIN_TOKEN, 'POST');
    expect(plan.status).toBe(200);
    expect(((await plan.json()) as { users: { add: string[] } }).users.add).toHaveLength(16);
    expect((await call('/providers/test:main/run', ADMIN_TOKEN, 'POST')).status).toBe(202);
    await waitFor('the triggered run in the history', async () => {
      const response = await call('/providers/test:main/runs', READER_TOKEN);
      const { items } = (await response.json()) as { items: Array<{ outcome: string }> };
      return items[0]?.outcome === 'applied';
    });
    const explained = (await (await call('/explain?q=jane@example.com', READER_TOKEN)).json()) as { providers: Array<{ provider: string; entityRef?: string }> };
    expect(explained.providers.find(v => v.provider === 'test:main')?.entityRef).toBe('user:default/jane');
    // The permissions are registered with the catalog, where policies and the permission backend find them.
    const metadata = await fetch(`${backend.catalog.baseUrl}/api/catalog/.well-known/backstage/permissions/metadata`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const names = ((await metadata.json()) as { permissions: Array<{ name: string }> }).permissions.map(p => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['catalog.org-sync.run', 'catalog.org-sync.dry-run', 'catalog.org-sync.accept-plan', 'catalog.org-sync.read-records', 'catalog.entity.read']),
    );
    const ownership = await call('/ownership', READER_TOKEN);
    expect(ownership.status).toBe(200);
    expect(((await ownership.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('run history shows the emails identity linking matched on only to callers with catalog.org-sync.read-records', async () => {
    const run = await otherProviders[0].run(); // test:main, its people source, was applied above
    expect(run.links?.conflicts.map(c => c.account)).toEqual(['solo']);
    const linksOf = async (token: string) => {
      const { items } = (await (await call('/providers/other:solo/runs', token)).json()) as { items: Array<{ runId: string; links: any }> };
      const { items: providers } = (await (await call('/providers', token)).json()) as { items: Array<{ name: string; lastRun: { links: any } }> };
      expect(items[0].runId).toBe(run.runId);
      return [items[0].links, providers.find(p => p.name === 'other:solo')!.lastRun.links];
    };
    for (const links of await linksOf(ADMIN_TOKEN)) {
      expect(links.conflicts[0].detail).toContain('jane@example.com');
      expect(links.departed[0].detail).toContain('gone@example.com');
    }
    for (const links of await linksOf(READER_TOKEN)) {
      expect(JSON.stringify(links)).not.toContain('@example.com');
      expect(links.conflicts).toEqual([{ account: 'solo', detail: expect.stringContaining('[email hidden]') }]);
      expect(links.departed).toEqual([{ account: 'gone-gh', where: expect.any(String), detail: expect.stringContaining('[email hidden]') }]);
    }
  });
});
