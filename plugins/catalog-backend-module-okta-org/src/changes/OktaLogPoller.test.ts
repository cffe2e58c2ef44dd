import { ConfigReader } from '@backstage/config';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import type { JsonValue } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger } from '@orgsync/test-utils';
import { providerConfig } from '../__testing__/harness';
import { readOktaProviderConfig } from '../config';
import { OktaLogPoller } from './OktaLogPoller';

// The System Log poller through the real SDK's HTTP layer against the emulator.
describe('OktaLogPoller', () => {
  let okta: OktaEmulator;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    okta = await startOktaEmulator({ generate: { seed: 31, users: 30, groups: 4 } });
  });
  afterEach(() => okta.close());

  const pollerWith = (auth: 'token' | 'oauth' = 'token') =>
    new OktaLogPoller(readOktaProviderConfig(new ConfigReader(providerConfig(okta, {}, auth)), 'main', 'catalog.providers.okta.main'), new CapturingLogger());
  const logRequests = () => okta.server.counters().byRoute['GET /api/v1/logs'] ?? 0;
  const activeUsers = () => okta.org.users().filter(u => u.status === 'ACTIVE');

  it('starts at now, then turns the targets of new change events into hints; an idle poll is one request', async () => {
    const poller = pollerWith();
    okta.org.deactivateUser(activeUsers()[0].id); // before the first poll: the scheduled read covers it
    const first = await poller.poll({ signal });
    expect(first.hints).toEqual({ users: [], groups: [] });

    const [leaving, joining] = activeUsers();
    const group = okta.org.groups().find(g => g.type === 'OKTA_GROUP' && !okta.org.memberIds(g.id).includes(joining.id))!;
    okta.org.deactivateUser(leaving.id);
    okta.org.addMember(group.id, joining.id);
    const second = await poller.poll({ signal, cursor: first.cursor });
    expect(second.hints.users!.sort()).toEqual([leaving.id, joining.id].sort());
    expect(second.hints.groups).toEqual([group.id]);

    const before = logRequests();
    const idle = await poller.poll({ signal, cursor: JSON.parse(JSON.stringify(second.cursor)) as JsonValue });
    expect(idle.hints).toEqual({ users: [], groups: [] });
    expect(logRequests() - before).toBe(1);
  });

  it('asks for a resync with a fresh cursor when the saved one is unusable or refused by Okta', async () => {
    const poller = pollerWith();
    for (const junk of ['x', { version: 1, key: 'other', next: 'https://evil.example.com/api/v1/logs' }] as JsonValue[]) {
      const answer = await poller.poll({ signal, cursor: junk });
      expect(answer.hints.resync).toMatch(/another version, org or filter/);
    }
    const { cursor } = await poller.poll({ signal });
    const refused = JSON.parse(JSON.stringify(cursor));
    const url = new URL(refused.next);
    url.searchParams.set('after', 'bm9wZQ');
    refused.next = url.href;
    const answer = await poller.poll({ signal, cursor: refused });
    expect(answer.hints.resync).toBe('Okta refused the saved System Log cursor');
    okta.org.suspendUser(activeUsers()[0].id);
    expect((await poller.poll({ signal, cursor: answer.cursor })).hints.users).toHaveLength(1);
  });

  it('polls with an OAuth app granted okta.logs.read, keeping its token between polls', async () => {
    const poller = pollerWith('oauth');
    const first = await poller.poll({ signal });
    await poller.poll({ signal, cursor: first.cursor });
    expect(okta.server.counters().byRoute['POST /oauth2/v1/token']).toBe(1);
  });

  it('fails naming the scope when the OAuth app may not read the System Log', async () => {
    await okta.close();
    okta = await startOktaEmulator({ generate: { seed: 31, users: 5, groups: 1 }, oauth: { scopes: ['okta.users.read', 'okta.groups.read'] } });
    await expect(pollerWith('oauth').poll({ signal })).rejects.toThrow(
      /polling the Okta System Log failed: Okta refused an access token .*scopes okta.logs.read\): HTTP 400 invalid_scope/,
    );
  });
});
