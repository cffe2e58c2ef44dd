import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import { startCatalogTestBackend, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import { providerConfig } from '../__testing__/harness';
import { catalogModuleOktaOrg } from '../module';

const TOKEN = 'okta-ops-token-0123456789';
/** Never due during the test (1 January): the run starts only when triggered through the API. */
const schedule = { frequency: { cron: '0 0 1 1 *' }, timeout: { minutes: 2 } };

describe('Okta read requests and 429s in the operations API', () => {
  let okta: OktaEmulator;
  let backend: CatalogTestBackend;
  type Listing = { items: Array<{ name: string; outcome: string; requests?: unknown; lastRun: { requests?: unknown } }> };
  const api = async (path: string, method = 'GET'): Promise<Listing> => {
    const response = await fetch(`${backend.catalog.baseUrl}/api/catalog/org-sync${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.status === 202 ? { items: [] } : ((await response.json()) as Listing);
  };

  beforeAll(async () => {
    okta = await startOktaEmulator({
      generate: { users: 40, groups: 20, seed: 5 },
      rateLimits: { groupMembers: 10, users: 2 },
      rateLimitWindowSeconds: 1,
    });
    backend = await startCatalogTestBackend({
      // The module as an adopter installs it, and a static token as the only way in (real auth and permissions).
      features: [catalogModuleOktaOrg],
      staticTokens: [{ token: TOKEN, subject: 'ops-dashboard' }],
      config: { catalog: { providers: { okta: { main: providerConfig(okta, { schedule, incremental: { enabled: false } }) } } } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await okta?.close();
  });

  it("a triggered run's history and status show the requests the emulator answered and the 429s among them", async () => {
    okta.server.resetCounters();
    // Throttled answers the governor cannot see coming, on top of the emulator's advertised budgets.
    okta.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/groups/:id/users', count: 4 });
    okta.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/users', count: 2 });
    await api('/providers/okta%3Amain/run', 'POST');
    const [run] = await waitFor('the triggered run in the history', async () => {
      const { items } = await api('/providers/okta%3Amain/runs');
      return items.length > 0 && items;
    });
    const counters = okta.server.counters();
    expect(run.outcome).toBe('applied');
    expect(counters.byStatus['429']).toBeGreaterThanOrEqual(6);
    expect(run.requests).toEqual({ total: counters.total, rateLimited: counters.byStatus['429'] });

    const { items } = await api('/providers');
    expect(items.find(p => p.name === 'okta:main')?.lastRun.requests).toEqual(run.requests);
  });
});
