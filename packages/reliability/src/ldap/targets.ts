import { generateLdapDirectory, startAdLdapEmulator, type LdapDirectory } from '@orgsync/idp-emulators';
import { createLdapOrgEntityProviders } from '@orgsync/plugin-catalog-backend-module-ldap-org';
import { CapturingLogger, providerTestModule, startCatalogTestBackend, startSlapd, type SlapdServer } from '@orgsync/test-utils';
import { Attribute, Change, Client } from 'ldapts';
import { fullReadsOnly, manualSchedule, requestTimeout, type SyncTarget } from '../targets/types';
import { startFaultyLdapProxy, type FaultyLdapProxy } from './faultyProxy';

/** Which LDAP server a target runs: a real OpenLDAP slapd, or the AD-flavoured LDAP emulator (for AD's paging, referral and result faults). */
export type LdapServerKind = 'slapd' | 'ad';

/** An ldap-org provider in a real backend, reading through a faulty proxy from a real LDAP server. */
export interface LdapSyncTarget extends Pick<SyncTarget, 'module' | 'provider' | 'backend' | 'logger' | 'secrets' | 'stop'> {
  kind: LdapServerKind;
  proxy: FaultyLdapProxy;
  /** Clears every fault: the proxy's and (AD) the emulator's rules. */
  server: { faults: { clear(): void } };
  /** AD emulator only: its LDAP fault rules. */
  adFaults?: Awaited<ReturnType<typeof startAdLdapEmulator>>['faults'];
  /** slapd only: the server, a second slapd with its own private CA (a TLS impostor), and the org it holds. */
  slapd?: SlapdServer;
  impostor?: SlapdServer;
  directory?: LdapDirectory;
  /** slapd only: runs `fn` with a client bound as the directory's root (directly, not through the proxy). */
  asAdmin?<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  /** slapd only: the account the provider binds as, and the server's own entry count limit for it. */
  readerDn?: string;
  readerSizeLimit?: number;
}

export interface LdapTargetOptions {
  generate: { users: number; groups: number; seed?: number; hostileShare?: number };
  /** An LDIF to load instead of the generated org (slapd). */
  ldif?: string;
  providerConfig?: Record<string, unknown>;
}

const READER_DN = 'cn=reader,dc=example,dc=com';

async function providerBackend(module: string, ldapOrg: Record<string, unknown>) {
  const logger = new CapturingLogger();
  const test = providerTestModule('ldap-org-reliability', logger, deps => createLdapOrgEntityProviders(deps));
  const backend = await startCatalogTestBackend({
    features: [test.feature],
    config: { catalog: { processingInterval: { seconds: 1 }, providers: { ldapOrg: { main: ldapOrg } } } },
  });
  return { module, provider: test.providers[0], backend, logger };
}

/**
 * The generated org in a throw-away slapd with TLS (private CA), read over `ldaps://` through the proxy as a reader
 * account the server limits to `readerSizeLimit` entries per search (people and groups fit; 30 more people do not).
 */
export async function startSlapdTarget(options: LdapTargetOptions): Promise<LdapSyncTarget> {
  const directory = generateLdapDirectory({ hostileShare: 0, ...options.generate });
  const readerSecret = `reader-SECRET-${Math.random().toString(36).slice(2)}`;
  const readerSizeLimit = directory.people.length + directory.groups.length + 10;
  const slapd = await startSlapd({ ldif: options.ldif ?? directory.ldif(), tls: true, databaseConfig: [`limits dn.exact="${READER_DN}" size=${readerSizeLimit}`] });
  const impostor = await startSlapd({ ldif: 'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: Impostor\ndc: example\n', tls: true });
  const asAdmin = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url: slapd.url });
    try {
      await client.bind(slapd.rootDn, slapd.rootPassword);
      return await fn(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };
  await asAdmin(c => c.add(READER_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'reader', userPassword: readerSecret }));
  const proxy = await startFaultyLdapProxy(new URL(slapd.ldapsUrl!).host);
  const parts = await providerBackend('slapd', {
    target: `ldaps://${proxy.hostPort}`,
    bind: { dn: READER_DN, secret: readerSecret },
    tls: { ca: slapd.tls!.caPath },
    users: { dn: directory.peopleDn, options: { filter: '(objectClass=inetOrgPerson)' } },
    groups: { dn: directory.groupsDn, options: { filter: '(objectClass=groupOfNames)' } },
    schedule: manualSchedule,
    incremental: fullReadsOnly,
    requestTimeout,
    ...options.providerConfig,
  });
  return {
    ...parts,
    kind: 'slapd',
    proxy,
    server: { faults: { clear: () => proxy.reset() } },
    slapd,
    impostor,
    directory,
    asAdmin,
    readerDn: READER_DN,
    readerSizeLimit,
    secrets: [readerSecret, slapd.rootPassword],
    async stop() {
      await parts.backend.stop();
      await proxy.close();
      await slapd.stop();
      await impostor.stop();
    },
  };
}

/** The generated org in the AD-flavoured LDAP emulator (pages of 20 people), read through the proxy. */
export async function startAdTarget(options: LdapTargetOptions): Promise<LdapSyncTarget> {
  const ad = await startAdLdapEmulator({ generate: { hostileShare: 0, ...options.generate }, adminPort: false });
  const proxy = await startFaultyLdapProxy(new URL(ad.url).host);
  const parts = await providerBackend('ad', {
    target: `ldap://${proxy.hostPort}`,
    bind: { dn: ad.bindDn, secret: ad.bindPassword },
    vendor: { name: 'activedirectory' },
    users: {
      dn: ad.peopleDn,
      options: { scope: 'sub', filter: '(&(objectCategory=person)(objectClass=user))', paged: { pageSize: 20 } },
      map: { rdn: 'cn', name: 'sAMAccountName', displayName: 'displayName', email: 'mail' },
    },
    groups: { dn: ad.groupsDn, options: { scope: 'sub', filter: '(objectClass=group)' }, map: { rdn: 'cn', name: 'cn', displayName: 'cn', description: 'description' } },
    schedule: manualSchedule,
    incremental: fullReadsOnly,
    requestTimeout,
    ...options.providerConfig,
  });
  return {
    ...parts,
    kind: 'ad',
    proxy,
    adFaults: ad.faults,
    server: {
      faults: {
        clear: () => {
          ad.faults.clear();
          proxy.reset();
        },
      },
    },
    secrets: [ad.bindPassword],
    async stop() {
      await parts.backend.stop();
      await proxy.close();
      await ad.stop();
    },
  };
}

/** Replaces one attribute of an entry. */
export const replace = (type: string, values: string[]) => new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
