import { ConfigReader } from '@backstage/config';
import { startGraphEmulator, type GraphEmulator } from '@orgsync/idp-emulators';
import type { JsonValue } from '@orgsync/plugin-catalog-org-sync-node';
import { emulatorProviderConfig } from '../__testing__/harness';
import { readMicrosoftGraphProviderConfig } from '../config';
import { MsGraphOrgSource } from '../source/MsGraphOrgSource';
import { MsGraphDeltaPoller } from './MsGraphDeltaPoller';

let emulator: GraphEmulator;
let poller: MsGraphDeltaPoller;
const signal = new AbortController().signal;

beforeEach(async () => {
  emulator = await startGraphEmulator({ generate: { users: 50, groups: 8, seed: 13 }, deltaPageSize: 4 });
  const raw = emulatorProviderConfig(emulator) as ConstructorParameters<typeof ConfigReader>[0];
  const config = readMicrosoftGraphProviderConfig(new ConfigReader(raw), 'p', 'catalog.providers.microsoftGraphOrg.p');
  poller = new MsGraphDeltaPoller(new MsGraphOrgSource({ config }));
});
afterEach(() => emulator.close());

const batches = () => emulator.server.counters().byRoute['POST /v1.0/$batch'] ?? 0;

test('first poll: links from now, no hints; then the changed ids; an idle poll is one request', async () => {
  emulator.org.renameUser(emulator.org.users()[0].id, 'Before The First Poll');
  emulator.server.resetCounters();
  const first = await poller.poll({ signal });
  expect(first.hints).toEqual({});
  expect(batches()).toBe(1);
  expect(emulator.server.counters().innerByRoute['GET /v1.0/users/delta']).toBe(1);

  const [disabled, renamed] = emulator.org.users();
  const group = emulator.org.groups()[0];
  const joining = emulator.org.users().find(u => !emulator.org.members(group.id).includes(u.id))!;
  emulator.org.disableUser(disabled.id);
  emulator.org.renameUser(renamed.id, 'Renamed');
  emulator.org.addMember(group.id, joining.id);
  const second = await poller.poll({ signal, cursor: first.cursor });
  expect(second.hints.users?.sort()).toEqual([disabled.id, renamed.id].sort());
  expect(second.hints.groups).toEqual([group.id]);

  emulator.server.resetCounters();
  const idle = await poller.poll({ signal, cursor: second.cursor });
  expect(idle.hints).toEqual({});
  expect(emulator.server.counters().total).toBe(1);
});

test('changes spanning several pages are all hinted', async () => {
  const first = await poller.poll({ signal });
  const changed = emulator.org.users().slice(0, 11);
  for (const user of changed) emulator.org.renameUser(user.id, `Renamed ${user.id}`);
  const next = await poller.poll({ signal, cursor: first.cursor });
  expect(next.hints.users?.sort()).toEqual(changed.map(u => u.id).sort());
});

test('an expired link: a resync hint and fresh links that work', async () => {
  const first = await poller.poll({ signal });
  emulator.org.expireDeltaTokens();
  const refused = await poller.poll({ signal, cursor: first.cursor });
  expect(refused.hints.resync).toMatch(/refused the poller's delta link \(410/);
  const user = emulator.org.users()[3];
  emulator.org.disableUser(user.id);
  expect((await poller.poll({ signal, cursor: refused.cursor })).hints).toEqual({ users: [user.id] });
});

test('a cursor of another shape (older version, other settings) starts from now without hints', async () => {
  emulator.org.disableUser(emulator.org.users()[0].id);
  const other: JsonValue = { version: 0, key: 'x', users: 'a', groups: 'b' };
  expect((await poller.poll({ signal, cursor: other })).hints).toEqual({});
});
