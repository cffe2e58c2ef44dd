import { startOktaEmulator } from '@orgsync/idp-emulators';
import { installedModule, useOrgSyncFixture, waitFor } from '@orgsync/test-utils';
import { providerConfig } from '../__testing__/harness';
import { catalogModuleOktaOrg } from '../module';

const TOKEN = 'okta-ops-token-0123456789';
/** Never due during the test (1 January): the run starts only when triggered through the API. */
const schedule = { frequency: { cron: '0 0 1 1 *' }, timeout: { minutes: 2 } };

describe('Okta read requests and 429s in the operations API', () => {
  const fixture = useOrgSyncFixture({
    // The module as an adopter installs it, and a static token as the only way in (real auth and permissions).
    module: installedModule('okta'),
    features: () => [catalogModuleOktaOrg],
    staticTokens: [{ token: TOKEN, subject: 'ops-dashboard' }],
    emulator: () =>
      startOktaEmulator({
        generate: { users: 40, groups: 20, seed: 5 },
        rateLimits: { groupMembers: 10, users: 2 },
        rateLimitWindowSeconds: 1,
      }),
    providers: okta => ({ main: providerConfig(okta, { schedule, incremental: { enabled: false } }) }),
  });
  type Listing = { items: Array<{ name: string; outcome: string; requests?: unknown; lastRun: { requests?: unknown } }> };
  const api = async (path: string, method = 'GET'): Promise<Listing> => {
    const response = await fetch(`${fixture.catalog.baseUrl}/api/catalog/org-sync${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.status === 202 ? { items: [] } : ((await response.json()) as Listing);
  };

  it("a triggered run's history and status show the requests the emulator answered and the 429s among them", async () => {
    fixture.emulator.server.resetCounters();
    // Throttled answers the governor cannot see coming, on top of the emulator's advertised budgets.
    fixture.emulator.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/groups/:id/users', count: 4 });
    fixture.emulator.server.faults.add({ kind: 'rate-limit', route: 'GET /api/v1/users', count: 2 });
    await api('/providers/okta%3Amain/run', 'POST');
    const [run] = await waitFor('the triggered run in the history', async () => {
      const { items } = await api('/providers/okta%3Amain/runs');
      return items.length > 0 && items;
    });
    const counters = fixture.emulator.server.counters();
    expect(run.outcome).toBe('applied');
    expect(counters.byStatus['429']).toBeGreaterThanOrEqual(6);
    expect(run.requests).toEqual({ total: counters.total, rateLimited: counters.byStatus['429'] });

    const { items } = await api('/providers');
    expect(items.find(p => p.name === 'okta:main')?.lastRun.requests).toEqual(run.requests);
  });
});
