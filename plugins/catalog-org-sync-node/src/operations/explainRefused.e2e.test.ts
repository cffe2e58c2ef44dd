import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { entitiesModule, managedBy, startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { OrgSnapshot, OrgSource, OrgUserRecord } from '../records';
import { orgTestModule } from './__testing__/orgTestModule';
import type { OrgEntityProvider } from '../run/OrgEntityProvider';

const user = (id: string, email: string): OrgUserRecord => ({ id, email, login: email, displayName: id, active: true });

/** An IdP whose read can be held open by the test, so a run stays in progress until the test lets it finish. */
class GatedSource implements OrgSource {
  org: OrgSnapshot = { users: [user('clash', 'clash@example.com'), user('free', 'free@example.com')], groups: [] };
  private gate?: Promise<void>;
  private entered?: () => void;

  /** Holds the next reads open; answers `reading` (resolves once a read waits) and `release`. */
  hold(): { reading: Promise<void>; release: () => void } {
    let release!: () => void;
    this.gate = new Promise<void>(resolve => (release = resolve));
    const reading = new Promise<void>(resolve => (this.entered = resolve));
    return {
      reading,
      release: () => {
        this.gate = undefined;
        release();
      },
    };
  }

  async read(): Promise<OrgSnapshot> {
    if (this.gate) {
      this.entered?.();
      await this.gate;
    }
    return structuredClone(this.org);
  }
}

const source = new GatedSource();
let providers: OrgEntityProvider[] = [];
const testOrgModule = orgTestModule({ idp: 'test', build: () => ({ source }), onProviders: made => (providers = made) });

/** Another entity provider (say a hand-written users file) that emits `user:default/clash` before the org sync does. */
const clashing: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'clash', namespace: 'default', annotations: managedBy('url:https://example.com/users.yaml') },
  spec: { memberOf: [] },
};
const otherUsersModule = entitiesModule('other-users', [{ entity: clashing, locationKey: 'other-users' }]).feature;

describe('the operations API: a person the catalog refused, and a run already in progress', () => {
  let backend: CatalogTestBackend;
  const admin = mockCredentials.user.header('user:default/admin');
  const api = (path: string, method = 'GET') =>
    fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync${path}`, { method, headers: { authorization: admin, 'content-type': 'application/json' } });
  const json = async <T = any>(path: string): Promise<T> => {
    const response = await api(path);
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const runs = async () => (await json<{ items: any[] }>('/providers/test:main/runs?limit=50')).items;
  const viewOf = async (q: string) => (await json<{ providers: any[] }>(`/explain?q=${encodeURIComponent(q)}`)).providers.filter(v => v.provider === 'test:main');

  beforeAll(async () => {
    // Never due during the test (1 January): runs only when triggered.
    const schedule = { frequency: { cron: '0 0 1 1 *' }, timeout: { minutes: 5 } };
    backend = await startCatalogTestBackend({
      features: [testOrgModule, otherUsersModule],
      config: { catalog: { processingInterval: { seconds: 1 }, providers: { test: { main: { schedule } } } } },
    });
  });

  afterAll(() => backend?.stop());

  it('explains a person whose entity the catalog refused because another provider emits the same ref', async () => {
    const theirs = await waitFor('the other provider’s user:default/clash', () => backend.catalog.byName('user', 'default', 'clash'));
    expect(theirs.metadata.annotations?.['backstage.io/managed-by-location']).toBe('url:https://example.com/users.yaml');

    const run = await providers[0].run();
    expect(run).toMatchObject({ outcome: 'applied', counts: { added: 1, refused: 1 } });

    for (const q of ['clash@example.com', 'clash', 'user:default/clash']) {
      const views = await viewOf(q);
      expect([q, views.length]).toEqual([q, 1]);
      expect(views[0]).toMatchObject({ found: true, entityRef: 'user:default/clash', record: { id: 'clash', email: 'clash@example.com' } });
      expect(views[0].reasons).toEqual([{ reason: 'refused', message: expect.stringContaining('another provider or location already emits this ref') }]);
    }
    // The person beside it is an entity as usual, and the catalog still holds the other provider's entity.
    const [free] = await viewOf('free@example.com');
    expect(free.reasons).toEqual([{ reason: 'entity', message: 'emitted as user:default/free' }]);
    expect((await backend.catalog.byName('user', 'default', 'clash'))?.metadata.uid).toBe(theirs.metadata.uid);
  });

  it('answers 409 to a trigger while a run of the provider is in progress, and 202 again once it finished', async () => {
    const before = (await runs()).length;
    const { reading, release } = source.hold();
    try {
      expect((await api('/providers/test:main/run', 'POST')).status).toBe(202);
      await reading; // the scheduler has started the run: its read waits on the gate

      const again = await api('/providers/test:main/run', 'POST');
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { message: string } }).error.message).toBe('test:main is running already');
    } finally {
      release();
    }
    await waitFor('the held run in the history', async () => (await runs()).length === before + 1);
    expect((await runs())[0]).toMatchObject({ outcome: 'applied', trigger: 'schedule' });

    // Not running any more: the trigger is taken again.
    expect((await api('/providers/test:main/run', 'POST')).status).toBe(202);
    await waitFor('the second triggered run in the history', async () => (await runs()).length === before + 2);
  });
});
