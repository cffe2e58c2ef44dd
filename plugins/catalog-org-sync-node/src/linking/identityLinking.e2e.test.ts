
import { describeWithPostgres, refsOf, startCatalogTestBackend, usePostgresDatabases, waitFor, type CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { orgTestModule } from '../operations/__testing__/orgTestModule';
import type { OrgUserRecord } from '../records';
import type { OrgEntityProvider } from '../run/OrgEntityProvider';
import { ScriptedSource } from './__testing__/scriptedSource';

const person = (name: string): OrgUserRecord => ({ id: `okta-${name}`, login: `${name}@example.com`, email: `${name}@example.com`, displayName: name, active: true });
const account = (login: string, claims: OrgUserRecord['identityClaims'] = {}): OrgUserRecord => ({
  id: `gh-${login}`,
  login,
  active: true,
  annotations: { 'github.com/user-login': login, 'github.com/user-id': `id-${login}` },
  identityClaims: { ...claims, where: 'GitHub org acme' },
});

/** Runs when the test (or the engine) triggers it. */
const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 5 } };

function linkingSuite(database?: () => Promise<Knex>) {
  let backend: CatalogTestBackend;
  const providers = new Map<string, OrgEntityProvider>();
  const people = new ScriptedSource({ users: ['ada', 'bob', 'cy', 'dee'].map(person), groups: [] });
  const accounts = new ScriptedSource({
    users: [
      account('ada-gh', { samlNameIds: ['ada@example.com'] }),
      account('bobb', { verifiedEmails: ['BOB@example.com'] }),
      account('acme-ci-bot'),
      account('eve-gone', { samlNameIds: ['eve@example.com'] }),
      account('cy-work', { samlNameIds: ['cy@example.com'] }),
      account('cy-personal', { verifiedEmails: ['cy@example.com'] }),
      account('dee-gh', { samlNameIds: ['dee@example.com'] }),
    ],
    groups: [{ id: 'team-platform', name: 'platform', memberUserIds: ['gh-ada-gh', 'gh-bobb', 'gh-acme-ci-bot', 'gh-eve-gone', 'gh-dee-gh'] }],
  });
  const run = (id: string) => providers.get(id)!.run();
  const members = async (name: string) => ((await backend.catalog.byName('group', 'github', name))?.spec as { members?: string[] })?.members ?? [];
  const byAnnotation = (key: string, value: string) => backend.catalog.query(`kind=user,metadata.annotations.${key}=${value}`);

  beforeAll(async () => {
    const build = (source: ScriptedSource) => () => ({ source });
    backend = await startCatalogTestBackend({
      database: database && (await database()),
      features: [
        orgTestModule({ idp: 'people', build: build(people), onProviders: ps => ps.forEach(p => providers.set('people', p)) }),
        orgTestModule({ idp: 'accounts', build: build(accounts), onProviders: ps => ps.forEach(p => providers.set('accounts', p)) }),
      ],
      config: {
        catalog: {
          processingInterval: { seconds: 1 },
          providers: {
            people: { main: { schedule: manualSchedule } },
            accounts: {
              acme: {
                namespace: 'github',
                schedule: manualSchedule,
                linkTo: { peopleSource: 'people.main' },
              },
            },
          },
        },
      },
    });
  });
  afterAll(() => backend?.stop());

  it('waits for the people source before linking anything', async () => {
    const result = await run('accounts');
    expect(result.outcome).not.toBe('applied');
    expect(result.error).toContain('linkTo.peopleSource people.main');
    expect(await backend.catalog.query('kind=user')).toEqual([]);
  });

  it('emits one User per person: linked accounts join them, with their sign-in annotations', async () => {
    expect(await run('people')).toMatchObject({ outcome: 'applied' });
    // The failed linked run waited for this one: it runs again at once, not a schedule interval later.
    await waitFor('the accounts run woken by the people run', async () => providers.get('accounts')!.lastRun()?.outcome === 'applied', { timeoutMs: 30_000 });
    const result = await run('accounts');
    expect(result).toMatchObject({ outcome: 'applied', links: { peopleSource: 'people.main', linked: 3 } });
    expect(result.links!.unmatched.map(u => u.account)).toEqual(['acme-ci-bot']);
    expect(result.links!.conflicts.map(c => c.account).sort()).toEqual(['cy-personal', 'cy-work']);
    expect(result.links!.departed).toEqual([{ account: 'eve-gone', where: 'GitHub org acme', detail: 'saml eve@example.com names nobody in people.main' }]);

    await waitFor('the platform team listing the people', async () => (await members('platform')).length === 4);
    expect((await members('platform')).sort()).toEqual(['user:default/ada', 'user:default/bob', 'user:default/dee', 'user:github/acme-ci-bot']);
    // Accounts that joined a person and the departed one get no User; the unmatched and refused ones do.
    const expected = ['user:default/ada', 'user:default/bob', 'user:default/cy', 'user:default/dee', 'user:github/acme-ci-bot', 'user:github/cy-personal', 'user:github/cy-work'];
    await waitFor('every User stitched', async () => refsOf(await backend.catalog.query('kind=user')).join() === expected.sort().join());
    const ada = await waitFor('ada with her GitHub login', async () => {
      const found = await byAnnotation('github.com/user-login', 'ada-gh');
      return found.length ? found : undefined;
    });
    expect(refsOf(ada)).toEqual(['user:default/ada']);
    expect(ada[0].metadata.annotations).toMatchObject({ 'github.com/user-id': 'id-ada-gh', 'orgsync.io/linked-accounts': 'accounts:acme/ada-gh (saml)' });
    expect(ada[0].relations?.filter(r => r.type === 'memberOf').map(r => r.targetRef)).toEqual(['group:github/platform']);
    expect(refsOf(await byAnnotation('github.com/user-login', 'bobb'))).toEqual(['user:default/bob']);
  });

  it('follows a change on the linked side in a delta: a removed SAML identity unlinks the account', async () => {
    accounts.answerDelta({ users: { upserted: [account('ada-gh')] } });
    const result = await run('accounts');
    expect(result).toMatchObject({ outcome: 'applied', readMode: 'delta' });
    expect(result.links!.unmatched.map(u => u.account).sort()).toEqual(['acme-ci-bot', 'ada-gh']);
    await waitFor('ada-gh as its own User', async () => refsOf(await byAnnotation('github.com/user-login', 'ada-gh')).join() === 'user:github/ada-gh');
    expect((await members('platform')).sort()).toEqual(['user:default/bob', 'user:default/dee', 'user:github/acme-ci-bot', 'user:github/ada-gh']);
    const ada = await backend.catalog.byName('user', 'default', 'ada');
    expect(ada?.metadata.annotations?.['orgsync.io/linked-accounts']).toBeUndefined();
  });

  it('removes a person who leaves the people source though still in GitHub, and says so', async () => {
    people.org.users = people.org.users.filter(u => u.id !== 'okta-dee' && u.id !== 'okta-bob');
    const left = await run('people');
    expect(left).toMatchObject({ outcome: 'applied', counts: { removed: 2 } });
    expect(left.stillLinked?.sort((a, b) => a.person.localeCompare(b.person))).toEqual([
      { person: 'user:default/bob', account: 'bobb', where: 'GitHub org acme' },
      { person: 'user:default/dee', account: 'dee-gh', where: 'GitHub org acme' },
    ]);
    await waitFor('dee gone', async () => !(await backend.catalog.byName('user', 'default', 'dee')));
    expect(await byAnnotation('github.com/user-login', 'dee-gh')).toEqual([]);

    // The linked side's next run (a list here: ada-gh has her SAML identity again) keeps the accounts out and reports them:
    // dee's SAML identity names nobody;
    // bob's verified email is not on an org domain, so only his earlier link says he left (not a new, unmatched account).
    const next = await run('accounts');
    expect(next.links!.departed.map(d => d.account).sort()).toEqual(['bobb', 'dee-gh', 'eve-gone']);
    expect(next.links!.departed.find(d => d.account === 'bobb')?.detail).toBe('user:default/bob left people.main');
    await waitFor('the team without dee and bob', async () => (await members('platform')).sort().join() === 'user:default/ada,user:github/acme-ci-bot');
    expect(await backend.catalog.byName('user', 'github', 'dee-gh')).toBeUndefined();
    expect(await backend.catalog.byName('user', 'github', 'bobb')).toBeUndefined();

    // A change run of the linked side that touches nobody of them still reports every account that is not linked.
    accounts.answerDelta({ users: { upserted: [account('ada-gh', { samlNameIds: ['ada@example.com'] })] } });
    const delta = await run('accounts');
    expect(delta).toMatchObject({ outcome: 'applied', readMode: 'delta', links: { linked: 1 } });
    expect(delta.links!.departed.map(d => d.account).sort()).toEqual(['bobb', 'dee-gh', 'eve-gone']);
    expect(delta.links!.conflicts.map(c => c.account).sort()).toEqual(['cy-personal', 'cy-work']);
    expect(delta.links!.unmatched.map(u => u.account)).toEqual(['acme-ci-bot']);
  });

  it('refuses a second account claiming a linked person, in a delta as in the next list, and the person keeps their account', async () => {
    const newcomer = account('ada-evil', { verifiedEmails: ['ada@example.com'] });
    const team = { id: 'team-probe', name: 'probe', memberUserIds: [newcomer.id] };
    accounts.org.users.push(newcomer);
    accounts.org.groups.push(team);
    accounts.answerDelta({ users: { upserted: [newcomer] }, groups: { upserted: [team] } });
    const delta = await run('accounts');
    expect(delta).toMatchObject({ outcome: 'applied', readMode: 'delta' });
    const refused = { account: 'ada-evil', detail: expect.stringContaining('user:default/ada is linked to ada-gh already') };
    expect(delta.links!.conflicts).toContainEqual(refused);

    const probe = await waitFor('the newcomer\'s team', async () => ((await members('probe')).length ? members('probe') : undefined));
    expect(probe).toEqual(['user:github/ada-evil']);
    await waitFor('the newcomer as its own User', () => backend.catalog.byName('user', 'github', 'ada-evil'));
    const hers = { 'github.com/user-login': 'ada-gh', 'orgsync.io/linked-accounts': 'accounts:acme/ada-gh (saml)' };
    const keepsHerAccount = async () => {
      // The catalog processes her User again after a run (the last test's runs too): wait for it, then hold her to it.
      const ada = await waitFor('ada with exactly her own account', async () => {
        const entity = await backend.catalog.byName('user', 'default', 'ada');
        return Object.entries(hers).every(([key, value]) => entity?.metadata.annotations?.[key] === value) && entity;
      });
      expect(ada.metadata.annotations).toMatchObject(hers);
      expect(refsOf(await byAnnotation('github.com/user-login', 'ada-gh'))).toEqual(['user:default/ada']);
      expect(refsOf(await byAnnotation('github.com/user-login', 'ada-evil'))).toEqual(['user:github/ada-evil']);
    };
    await keepsHerAccount();

    // The next list run decides every account again: the link ada had stays hers, the newcomer stays refused.
    const list = await run('accounts');
    expect(list).toMatchObject({ outcome: 'applied', readMode: 'full' });
    expect(list.links!.conflicts.map(c => c.account).sort()).toEqual(['ada-evil', 'cy-personal', 'cy-work']);
    expect(list.links!.conflicts).toContainEqual(refused);
    await keepsHerAccount();
    expect(await members('probe')).toEqual(['user:github/ada-evil']);
  });
}

describe('identity linking: a linked provider joins its accounts to the people source (SQLite)', () => linkingSuite());
describeWithPostgres('identity linking: a linked provider joins its accounts to the people source (PostgreSQL)', () => {
  const database = usePostgresDatabases();
  linkingSuite(database);
});


describe('identity linking with a slow catalog processing interval, during a migration (keepLinkedUsers)', () => {
  let backend: CatalogTestBackend;
  const providers = new Map<string, OrgEntityProvider>();
  const people = new ScriptedSource({ users: ['ada', 'bob'].map(person), groups: [] });
  const accounts = new ScriptedSource({
    users: [account('ada-gh', { samlNameIds: ['ada@example.com'] }), account('bob-gh'), account('web-bot')],
    groups: [{ id: 'team-web', name: 'web', memberUserIds: ['gh-ada-gh', 'gh-bob-gh', 'gh-web-bot'] }],
  });
  const schedule = manualSchedule;

  beforeAll(async () => {
    backend = await startCatalogTestBackend({
      features: [
        orgTestModule({ idp: 'people', build: () => ({ source: people }), onProviders: ps => ps.forEach(p => providers.set('people', p)) }),
        orgTestModule({ idp: 'accounts', build: () => ({ source: accounts }), onProviders: ps => ps.forEach(p => providers.set('accounts', p)) }),
      ],
      config: {
        catalog: {
          // Entities are processed when they change, and otherwise only every 30 minutes: a link must not wait for that.
          processingInterval: { minutes: 30 },
          providers: {
            people: { main: { schedule } },
            accounts: {
              acme: {
                namespace: 'github',
                schedule,
                linkTo: {
                  peopleSource: 'catalog.providers.people.main',
                  mapping: [{ account: 'bob-gh', person: 'bob@example.com' }],
                  keepLinkedUsers: true,
                  unmatched: 'omit',
                },
              },
            },
          },
        },
      },
    });
  });
  afterAll(() => backend?.stop());

  it('adds the accounts to the people at once, keeps the old Users as aliases without sign-in annotations, leaves the unmatched out', async () => {
    expect(await providers.get('people')!.run()).toMatchObject({ outcome: 'applied' });
    await waitFor('the people', async () => (await backend.catalog.query('kind=user')).length === 2);
    const result = await providers.get('accounts')!.run();
    expect(result).toMatchObject({ outcome: 'applied', links: { linked: 2 } });
    expect(result.links!.unmatched.map(u => u.account)).toEqual(['web-bot']);

    const linked = await waitFor('both people with their GitHub logins', async () => {
      const found = await backend.catalog.query('kind=user,metadata.annotations.github.com/user-login');
      return found.length === 2 ? found : undefined;
    }, { timeoutMs: 20_000 });
    expect(refsOf(linked)).toEqual(['user:default/ada', 'user:default/bob']);
    expect(linked.find(e => e.metadata.name === 'bob')?.metadata.annotations?.['orgsync.io/linked-accounts']).toBe('accounts:acme/bob-gh (mapping)');

    // The old refs still resolve, point at the person, and sign-in cannot pick them.
    const alias = await waitFor('the alias', () => backend.catalog.byName('user', 'github', 'ada-gh'));
    expect(alias.metadata.annotations?.['orgsync.io/linked-to']).toBe('user:default/ada');
    expect(alias.metadata.annotations?.['github.com/user-login']).toBeUndefined();
    const web = await backend.catalog.byName('group', 'github', 'web');
    expect((web?.spec as { members: string[] }).members).toEqual(['user:default/ada', 'user:default/bob']);
    // unmatched: omit — reported above, no User of its own.
    expect(await backend.catalog.byName('user', 'github', 'web-bot')).toBeUndefined();
  });
});
