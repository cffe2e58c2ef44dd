import { describeSlapd } from '@orgsync/test-utils';
import { catalogState } from './catalogState';
import { problemsOf } from './faults/problems';
import { writeLdapSection } from './faults/report';
import { runScenario, type MatrixCell } from './faults/runScenario';
import { renderLdapSection } from './ldap/report';
import { LDAP_FAULTS } from './ldap/scenarios';
import { startAdTarget, startSlapdTarget, type LdapServerKind } from './ldap/targets';
import { settledState } from './settle';

const ORG = { users: 60, groups: 8, seed: 21 };
const SERVERS: LdapServerKind[] = ['slapd', 'ad'];
const START = { slapd: startSlapdTarget, ad: startAdTarget };
const cells: MatrixCell[] = [];
const completed = new Set<LdapServerKind>();

afterAll(() => {
  // Only a complete matrix replaces the committed section (a filtered run would truncate it).
  if (SERVERS.every(s => completed.has(s))) writeLdapSection(renderLdapSection(cells, LDAP_FAULTS, SERVERS, { orgSize: `${ORG.users} people, ${ORG.groups} teams, seed ${ORG.seed}` }));
});

describeSlapd('LDAP fault matrix on SQLite', () => {
  // The two servers are independent (own server, proxy and backend): side by side, faults one after the other.
  it.concurrent.each(SERVERS)(
    '%s: under every fault the run applies the whole directory or nothing, says why without the bind secret, and the next run recovers',
    async server => {
      const target = await START[server]({ generate: ORG });
      const problems: string[] = [];
      try {
        const first = await target.provider.run();
        expect(first).toMatchObject({ outcome: 'applied' });
        const baseline = await settledState(target.backend.catalog, first.counts.users + first.counts.groups);
        expect(Object.keys(baseline).length).toBeGreaterThan(40);
        for (const scenario of LDAP_FAULTS.filter(f => f.servers.includes(server))) {
          const cell = await runScenario(target, scenario, baseline);
          cells.push(cell);
          problems.push(...problemsOf(cell, scenario, target.logger.text(), target.provider.getProviderName()));
          if (cell.result.outcome === 'applied') problems.push(`${server} × ${scenario.id}: the fault did not reach the run (applied)`);
          const leaked = target.secrets.filter(secret => target.logger.text().includes(secret) || cell.cause.includes(secret));
          if (leaked.length) problems.push(`${server} × ${scenario.id}: a bind secret is in a log line or the error`);
        }
        completed.add(server);
        expect(await catalogState(target.backend.catalog)).toEqual(baseline);
      } finally {
        await target.stop();
      }
      expect(problems).toEqual([]);
    },
    240_000,
  );
});
