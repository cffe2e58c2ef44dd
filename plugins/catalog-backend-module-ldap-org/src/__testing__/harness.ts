import type { Entity } from '@backstage/catalog-model';
import { generateLdapDirectory, type LdapDirectory, type LdapDirectoryOptions } from '@orgsync/idp-emulators';
import type { OrgEntityProvider } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger, providerTestModule, startSlapd, waitFor, type CatalogApi, type SlapdServer, type StartSlapdOptions } from '@orgsync/test-utils';
import { Client } from 'ldapts';
import { createLdapOrgEntityProviders } from '../createLdapOrgEntityProviders';
import type { LdapGroupTransformer, LdapUserTransformer } from '../extensionPoint';

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

export interface TestDirectory {
  directory: LdapDirectory;
  slapd: SlapdServer;
  /** A client bound as the directory's root, to change it as an administrator would. */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

/** The generated org in a real slapd. */
export async function startTestDirectory(options: LdapDirectoryOptions & Partial<StartSlapdOptions> = {}): Promise<TestDirectory> {
  const directory = generateLdapDirectory(options);
  const slapd = await startSlapd({ ...options, ldif: directory.ldif() });
  const clients: Client[] = [];
  return {
    directory,
    slapd,
    async admin() {
      const client = new Client({ url: slapd.url });
      await client.bind(slapd.rootDn, slapd.rootPassword);
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) await c.unbind().catch(() => undefined);
      await slapd.stop();
    },
  };
}

/** The provider config for a test directory, as the official module's docs write it for OpenLDAP. */
export function providerConfig(dir: TestDirectory, extra: Record<string, unknown> = {}) {
  return {
    target: dir.slapd.url,
    bind: { dn: dir.slapd.rootDn, secret: dir.slapd.rootPassword },
    users: { dn: dir.directory.peopleDn, options: { filter: '(objectClass=inetOrgPerson)' } },
    groups: { dn: dir.directory.groupsDn, options: { filter: '(objectClass=groupOfNames)' } },
    schedule: manualSchedule,
    ...extra,
  };
}

export interface Harness {
  providers: OrgEntityProvider[];
  logger: CapturingLogger;
  provider(id: string): OrgEntityProvider;
}

/** A catalog module building the providers with the module's own factory, logging to a CapturingLogger. */
export function ldapTestModule(options: { userTransformer?: LdapUserTransformer; groupTransformer?: LdapGroupTransformer } = {}) {
  const logger = new CapturingLogger();
  const { feature, providers } = providerTestModule('ldap-org-test', logger, deps => createLdapOrgEntityProviders({ ...deps, ...options }));
  const harness: Harness = {
    providers,
    logger,
    provider(id) {
      const found = providers.find(p => [id, `LdapOrgEntityProvider:${id}`].includes(p.getProviderName()));
      if (!found) throw new Error(`no provider LdapOrgEntityProvider:${id}`);
      return found;
    },
  };
  return { feature, harness };
}

export const annotation = (e: Entity | undefined, key: string) => e?.metadata.annotations?.[key];
export const UUID = 'backstage.io/ldap-uuid';

/** Users and groups in the catalog with an LDAP uuid, once `count` are there and processed (relations present). */
export async function ldapEntities(catalog: CatalogApi, count: number): Promise<Entity[]> {
  return waitFor(
    `${count} processed LDAP entities`,
    async () => {
      const all = [...(await catalog.query('kind=user')), ...(await catalog.query('kind=group'))].filter(e => annotation(e, UUID));
      const done = (e: Entity) => {
        const spec = e.spec as { memberOf?: string[]; members?: string[]; parent?: string; children?: string[] };
        const expected = (spec.memberOf?.length ?? 0) + (spec.members?.length ?? 0) + (spec.parent ? 1 : 0) + (spec.children?.length ?? 0);
        return expected === 0 || (e.relations?.length ?? 0) > 0;
      };
      return all.length === count && all.every(done) && all;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}

export function specOf<T = Record<string, unknown>>(entity: Entity | undefined): T {
  return (entity?.spec ?? {}) as T;
}

/** Processing errors the catalog recorded on any of the entities. */
export function processingErrors(entities: Entity[]): string[] {
  return entities.flatMap(e =>
    ((e as { status?: { items?: Array<{ level: string; message: string }> } }).status?.items ?? []).filter(i => i.level === 'error').map(i => `${e.kind}:${e.metadata.name}: ${i.message}`),
  );
}
