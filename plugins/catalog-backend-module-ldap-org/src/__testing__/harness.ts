import type { Entity } from '@backstage/catalog-model';
import { generateLdapDirectory, type LdapDirectory, type LdapDirectoryOptions } from '@orgsync/idp-emulators';
import type { OrgEntityProvider, RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { fixtureFor, startSlapd, testModuleOf, waitForProcessedEntities, type CatalogApi, type SlapdServer, type StartSlapdOptions, type TestedModule } from '@orgsync/test-utils';
import { Client } from 'ldapts';
import { createLdapOrgEntityProviders } from '../createLdapOrgEntityProviders';
import type { LdapGroupTransformer, LdapUserTransformer } from '../extensionPoint';

/** Runs only when the test calls `provider.run()`. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

/** Fixture config: the catalog processes every entity each second, so a change shows soon after a run. */
export const processEverySecond = () => ({ catalog: { processingInterval: { seconds: 1 } } });

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

interface LdapTransformers {
  userTransformer?: LdapUserTransformer;
  groupTransformer?: LdapGroupTransformer;
}

/** The LDAP module as the fixture builds it: the module's own factory, with the test's transformers. */
export function ldapModule(transformers: LdapTransformers = {}): TestedModule<OrgEntityProvider, RunResult> {
  return {
    moduleId: 'ldap-org-test',
    configKey: 'ldapOrg',
    createProviders: deps => createLdapOrgEntityProviders({ ...deps, ...transformers }),
  };
}

/** The test module alone (providers handed to the test, logs captured), for a test that starts its backends itself. */
export const ldapTestModule = (transformers: LdapTransformers = {}) => testModuleOf(ldapModule(transformers));

/** Call in a `describe` body: the emulator and a real catalog backend with the module's providers, for its tests. */
export const useLdapFixture = fixtureFor(ldapModule());

export const annotation = (e: Entity | undefined, key: string) => e?.metadata.annotations?.[key];
export const UUID = 'backstage.io/ldap-uuid';

/** Users and groups in the catalog with an LDAP uuid, once `count` are there and processed (relations present). */
export function ldapEntities(catalog: CatalogApi, count: number): Promise<Entity[]> {
  return waitForProcessedEntities(catalog, { filter: ['kind=user', 'kind=group'], select: e => Boolean(annotation(e, UUID)), count });
}

export function specOf<T = Record<string, unknown>>(entity: Entity | undefined): T {
  return (entity?.spec ?? {}) as T;
}

/** Processing errors the catalog recorded on any of the entities. */
export { processingErrors } from '@orgsync/test-utils';
