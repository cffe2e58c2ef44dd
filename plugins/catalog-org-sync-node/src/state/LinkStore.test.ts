import { describeOnEachDatabase } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { migrateStateTables } from './migrations';
import { LinkStore, type StoredLink } from './LinkStore';

const link = (accountId: string, updatedAt: number, linkedProvider = 'github:acme'): StoredLink => ({
  linkedProvider,
  accountId,
  accountLogin: accountId,
  state: 'linked',
  peopleProvider: 'okta:main',
  personId: 'okta-ada',
  personRef: 'user:default/ada',
  method: 'saml',
  annotations: { 'github.com/user-login': accountId },
  updatedAt,
});

describeOnEachDatabase('LinkStore', open => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await open();
    await migrateStateTables(knex);
  });

  it('reads links in the order they were written, whatever order the database keeps them in', async () => {
    const store = new LinkStore(async () => knex);
    // Written (in the rows' order) after the later link: the database's own order is not the link order.
    await store.update('github:acme', [link('a-newcomer', 3_000), link('b-established', 1_000)], []);
    await store.update('gitlab:acme', [link('a-also', 2_000, 'gitlab:acme')], []);
    await store.update('github:acme', [link('a-newcomer', 3_000)], []);

    const byPerson = await store.linkedByPerson(['github:acme', 'gitlab:acme']);
    expect(byPerson.get('user:default/ada')!.map(l => l.accountId)).toEqual(['b-established', 'a-also', 'a-newcomer']);
    expect([...(await store.ofLinkedProvider('github:acme')).keys()]).toEqual(['b-established', 'a-newcomer']);
    expect((await store.linkedTo(['user:default/ada'])).map(l => l.accountId)).toEqual(['b-established', 'a-also', 'a-newcomer']);
  });
});
