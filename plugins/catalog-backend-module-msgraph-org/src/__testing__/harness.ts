import type { Entity } from '@backstage/catalog-model';
import { graphProviderConnection, startGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from '@orgsync/idp-emulators';
import { startOrgSyncFixture, type CapturingLogger, type CatalogTestBackend, type TestedModule } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import type { OrgEntityProvider, RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { createMsGraphOrgEntityProviders, type MsGraphTransformerSettings } from '../createMsGraphOrgEntityProviders';
import { startIngress, type Ingress } from './ingress';

export interface Harness {
  emulator: GraphEmulator;
  backend: CatalogTestBackend;
  logger: CapturingLogger;
  providers: { get(id: string): OrgEntityProvider | undefined };
  /** The public endpoint in front of the backend, when asked for (`ingress: true`). */
  ingress?: Ingress;
  /** Users and groups in one namespace, as the catalog serves them. */
  entities(namespace?: string): Promise<Entity[]>;
  stop(): Promise<void>;
}

/** Provider settings reaching the emulator with its client secret; photos off unless a test turns them on. */
export function emulatorProviderConfig(emulator: GraphEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...graphProviderConnection(emulator.info),
    schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 5 } },
    ...extra,
    user: { loadPhotos: false, ...(extra.user as object) },
  };
}

/** The Microsoft Graph module as the fixture builds it: the module's own factory, with the test's transformers. */
export function msGraphModule(transformers?: MsGraphTransformerSettings): TestedModule<OrgEntityProvider, RunResult> {
  return {
    moduleId: 'msgraph-org-harness',
    configKey: 'microsoftGraphOrg',
    createProviders: ({ config, ...deps }) => createMsGraphOrgEntityProviders({ rootConfig: config, ...deps, transformers }),
  };
}

/**
 * An emulated tenant and a real backend with the real catalog, holding the
 * providers built by the module's own factory (with a capturing logger), run
 * on demand with `providers.get(id).run()`.
 */
export async function startHarness(options: {
  emulator: GraphEmulatorOptions;
  /** Provider configs by id; `publicUrl` is the ingress' base URL when `ingress` is set. */
  providers: (emulator: GraphEmulator, publicUrl: string) => Record<string, Record<string, unknown>>;
  transformers?: MsGraphTransformerSettings;
  /** The database (default SQLite in memory). */
  database?: Knex;
  /** A public endpoint in front of the backend, for notification URLs known before the backend starts. */
  ingress?: boolean;
}): Promise<Harness> {
  const { database } = options;
  const fixture = await startOrgSyncFixture({
    module: msGraphModule(options.transformers),
    emulator: async () => {
      const graph = await startGraphEmulator({ seed: 7, ...options.emulator });
      const ingress = options.ingress ? await startIngress() : undefined;
      return { graph, ingress, stop: () => closeTenant(graph, ingress) };
    },
    database: database && (async () => database),
    providers: ({ graph, ingress }) => options.providers(graph, ingress?.url ?? ''),
    config: () => ({ catalog: { processingInterval: { seconds: 1 } } }),
  });
  const { graph, ingress } = fixture.emulator;
  ingress?.forwardTo(fixture.backend.backend.server.port());
  return {
    emulator: graph,
    backend: fixture.backend,
    logger: fixture.logger,
    providers: { get: (id: string) => fixture.providers.find(p => p.id === id) },
    ingress,
    async entities(namespace = 'default') {
      const users = await fixture.catalog.query(`kind=user,metadata.namespace=${namespace}`);
      const groups = await fixture.catalog.query(`kind=group,metadata.namespace=${namespace}`);
      return [...users, ...groups];
    },
    stop: () => fixture.stop(),
  };
}

async function closeTenant(graph: GraphEmulator, ingress: Ingress | undefined): Promise<void> {
  await ingress?.close();
  await graph.close();
}

export const annotation = (e: Entity | undefined, key: string) => e?.metadata.annotations?.[key];
export const specOf = (e: Entity | undefined) => (e?.spec ?? {}) as {
  memberOf?: string[];
  members?: string[];
  parent?: string;
  children?: string[];
  type?: string;
  profile?: { displayName?: string; email?: string; picture?: string };
};

/** Entity content without what the catalog adds, for before/after comparisons. */
export function contentOf(entities: Entity[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of entities) {
    const { uid: _u, etag: _e, generation: _g, ...metadata } = e.metadata as Entity['metadata'] & { generation?: number };
    out[`${e.kind}:${metadata.namespace}/${metadata.name}`.toLowerCase()] = { metadata, spec: e.spec };
  }
  return out;
}

/** Graph requests (not token requests) the emulator served since the last reset, by kind. */
export function graphRequests(emulator: GraphEmulator) {
  const c = emulator.server.counters();
  const byRoute = c.byRoute;
  const sum = (pred: (route: string) => boolean) =>
    Object.entries(byRoute)
      .filter(([route]) => pred(route))
      .reduce((n, [, v]) => n + v, 0);
  return {
    total: sum(r => r.includes('/v1.0/')),
    users: byRoute['GET /v1.0/users'] ?? 0,
    groups: byRoute['GET /v1.0/groups'] ?? 0,
    batches: byRoute['POST /v1.0/$batch'] ?? 0,
    organization: sum(r => r.startsWith('GET /v1.0/organization')),
    perGroupMembers: byRoute['GET /v1.0/groups/:id/members'] ?? 0,
    inner: c.innerByRoute,
    byStatus: c.byStatus,
  };
}
