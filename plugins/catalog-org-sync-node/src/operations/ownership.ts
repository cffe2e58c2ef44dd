import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RunHistory } from './RunHistory';
import type { StateQueries } from './stateQueries';

/** A user or group no provider emits any more, and what still points at it. @alpha */
export interface Leaver {
  ref: string;
  provider: string;
  /** `departed`: kept as a departed entity (`leavers.mode: retain`); `removed`: deleted from the catalog by a run. */
  state: 'departed' | 'removed';
  since: string;
  reason?: string;
  owned: Array<{ entityRef: string; field: 'spec.owner' | 'spec.parent' | 'spec.members' }>;
}

const FIELDS = ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner', 'spec.parent', 'spec.members'];

/**
 * Catalog entities whose `spec.owner` (or a group's `spec.parent` / `spec.members`) names someone our providers
 * emitted and no longer emit: departed entities, and entities removed by a recorded run.
 */
export async function ownershipLeftBehind(
  providers: string[],
  queries: StateQueries,
  history: RunHistory,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Leaver[]> {
  const { active, departed } = await queries.emitted(providers);
  const gone = new Map<string, Omit<Leaver, 'owned'>>();
  for (const [ref, d] of departed) {
    gone.set(ref, { ref, provider: d.provider, state: 'departed', since: new Date(d.departedAt).toISOString(), reason: d.departure });
  }
  const names = new Set(providers);
  for (const run of await history.removals()) {
    if (!names.has(run.provider)) continue;
    for (const ref of [...(run.guard?.removedUsers ?? []), ...(run.guard?.removedGroups ?? [])]) {
      if (active.has(ref) || gone.has(ref)) continue; // back since, or known already (newest run first)
      gone.set(ref, { ref, provider: run.provider, state: 'removed', since: run.finishedAt, reason: `removed by run ${run.runId}` });
    }
  }
  const leavers = new Map<string, Leaver>();
  if (gone.size === 0) return [];
  const note = (target: string, entity: Entity, field: Leaver['owned'][number]['field'], defaultKind: string) => {
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(target, { defaultKind, defaultNamespace: entity.metadata.namespace ?? 'default' })).toLowerCase();
    } catch {
      return;
    }
    const leaver = gone.get(ref);
    if (!leaver) return;
    const entry = leavers.get(ref) ?? { ...leaver, owned: [] };
    entry.owned.push({ entityRef: stringifyEntityRef(entity), field });
    leavers.set(ref, entry);
  };
  for await (const entity of entitiesWithRefs(catalog, credentials)) {
    const spec = (entity.spec ?? {}) as { owner?: unknown; parent?: unknown; members?: unknown };
    if (typeof spec.owner === 'string') note(spec.owner, entity, 'spec.owner', 'group');
    if (entity.kind.toLowerCase() !== 'group') continue;
    if (typeof spec.parent === 'string') note(spec.parent, entity, 'spec.parent', 'group');
    if (Array.isArray(spec.members)) for (const m of spec.members) if (typeof m === 'string') note(m, entity, 'spec.members', 'user');
  }
  return [...leavers.values()].sort((a, b) => a.ref.localeCompare(b.ref));
}

const PAGE = 1000;
/** `CATALOG_FILTER_EXISTS` of @backstage/catalog-client (a global symbol, so no dependency on that package is needed). */
const CATALOG_FILTER_EXISTS = Symbol.for('CATALOG_FILTER_EXISTS_0e15b590c0b343a2bae3e787e84c2111');

/** Every catalog entity that can point at a user or group (owned entities and groups), a page at a time, only the fields needed. */
async function* entitiesWithRefs(catalog: CatalogService, credentials: BackstageCredentials): AsyncGenerator<Entity> {
  let page = await catalog.queryEntities(
    { fields: FIELDS, limit: PAGE, filter: [{ 'spec.owner': CATALOG_FILTER_EXISTS }, { kind: 'group' }], totalItems: 'exclude' },
    { credentials },
  );
  for (;;) {
    yield* page.items;
    const cursor = page.pageInfo.nextCursor;
    if (!cursor) return;
    page = await catalog.queryEntities({ cursor, fields: FIELDS, limit: PAGE }, { credentials });
  }
}
