import type { Arranged } from '../faults/scenarios';
import { sleep } from '../settle';
import { replace, type LdapServerKind, type LdapSyncTarget } from './targets';

/** A fault the ldap-org source must survive: the run applies the whole directory or nothing. */
export interface LdapFaultScenario {
  id: string;
  /** Row label in docs/reliability.md. */
  label: string;
  expect: 'complete-or-unchanged';
  /** The servers the fault can be aimed at. */
  servers: LdapServerKind[];
  arrange(target: LdapSyncTarget): Arranged | Promise<Arranged>;
}

/** The people search (not the root DSE or the groups search). */
const PEOPLE = 'person';

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(10);
}

export const LDAP_FAULTS: LdapFaultScenario[] = [
  {
    id: 'drop-mid-search',
    label: 'connection dropped mid-search (part of an answer sent)',
    expect: 'complete-or-unchanged',
    servers: ['slapd', 'ad'],
    // slapd: the TLS stream is cut after 12 kB (inside the people search); AD: after 30 of the people entries.
    arrange: t => (t.kind === 'slapd' ? t.proxy.cutAfterBytes(12_000) : t.adFaults!.add({ kind: 'drop-after-entries', entries: 30, filterContains: PEOPLE, count: 1 }), {}),
  },
  {
    id: 'drop-between-pages',
    label: 'paged search stops half way (connection dropped before page 2)',
    expect: 'complete-or-unchanged',
    servers: ['ad'],
    arrange: t => (t.adFaults!.add({ kind: 'drop-after-pages', pages: 1, filterContains: PEOPLE, count: 1 }), {}),
  },
  {
    id: 'size-limit',
    label: "server's size limit exceeded (sizeLimitExceeded)",
    expect: 'complete-or-unchanged',
    servers: ['slapd', 'ad'],
    arrange: async t => {
      if (t.kind === 'ad') return (t.adFaults!.add({ kind: 'size-limit', pages: 1, filterContains: PEOPLE, count: 1 }), {});
      // slapd: 30 more people than the reader may see in one search (its `limits … size=`).
      const extras = Array.from({ length: 30 }, (_, i) => `uid=extra${i},${t.directory!.peopleDn}`);
      await t.asAdmin!(async c => {
        for (const [i, dn] of extras.entries()) await c.add(dn, { objectClass: 'inetOrgPerson', uid: `extra${i}`, cn: `Extra ${i}`, sn: 'Extra' });
      });
      return {
        restore: () =>
          t.asAdmin!(async c => {
            for (const dn of extras) await c.del(dn);
          }),
      };
    },
  },
  {
    id: 'referral',
    label: 'referral to another server',
    expect: 'complete-or-unchanged',
    servers: ['ad'],
    arrange: t => (t.adFaults!.add({ kind: 'referral', pages: 0, filterContains: PEOPLE, count: 1 }), {}),
  },
  {
    id: 'time-limit',
    label: "server's time limit exceeded (timeLimitExceeded on page 2)",
    expect: 'complete-or-unchanged',
    servers: ['ad'],
    arrange: t => (t.adFaults!.add({ kind: 'result', code: 3, message: 'Time limit exceeded', pages: 1, filterContains: PEOPLE, count: 1 }), {}),
  },
  {
    id: 'busy',
    label: 'server busy (51) on page 2',
    expect: 'complete-or-unchanged',
    servers: ['ad'],
    arrange: t => (t.adFaults!.add({ kind: 'result', code: 51, message: 'The server is busy', pages: 1, filterContains: PEOPLE, count: 1 }), {}),
  },
  {
    id: 'stall',
    label: 'server stops answering mid-search (requestTimeout 4 s)',
    expect: 'complete-or-unchanged',
    servers: ['slapd', 'ad'],
    arrange: t => (t.proxy.stallAfterBytes(t.kind === 'slapd' ? 12_000 : 6_000), {}),
  },
  {
    id: 'wrong-password',
    label: 'bind password rejected (changed on the server)',
    expect: 'complete-or-unchanged',
    servers: ['slapd'],
    arrange: async t => {
      await t.asAdmin!(c => c.modify(t.readerDn!, [replace('userPassword', ['rotated-elsewhere'])]));
      return { restore: () => t.asAdmin!(c => c.modify(t.readerDn!, [replace('userPassword', [t.secrets[0]])])) };
    },
  },
  {
    id: 'tls-mismatch',
    label: 'TLS certificate signed by another CA',
    expect: 'complete-or-unchanged',
    servers: ['slapd'],
    arrange: t => (t.proxy.redirectTo(new URL(t.impostor!.ldapsUrl!).host), {}),
  },
  {
    id: 'killed',
    label: 'slapd killed (SIGKILL) in the middle of the people search, restarted after',
    expect: 'complete-or-unchanged',
    servers: ['slapd'],
    arrange: t => {
      // The answer is held after 12 kB, so the search is surely in flight when slapd dies (its sockets close with it).
      t.proxy.stallAfterBytes(12_000);
      return { during: async () => (await until(() => t.proxy.stalledConnections() > 0), await t.slapd!.kill()), restore: () => t.slapd!.start() };
    },
  },
];
