import type { Entity } from '@backstage/catalog-model';
import { refsOf, waitFor, type CatalogApi } from './catalogApi';

/** The spec fields of users and groups that the catalog turns into relations. */
interface RelatedSpec {
  memberOf?: string[];
  members?: string[];
  parent?: string;
  children?: string[];
}

/** True once the catalog has processed the entity: it names no one, or its relations are there. */
export function isProcessed(entity: Entity): boolean {
  const spec: RelatedSpec = entity.spec ?? {};
  const related = (spec.memberOf?.length ?? 0) + (spec.members?.length ?? 0) + (spec.parent ? 1 : 0) + (spec.children?.length ?? 0);
  return related === 0 || (entity.relations?.length ?? 0) > 0;
}

/** Which entities to wait for: those of one provider (its location) or those matching a catalog filter, narrowed by `select`. */
export interface EntitySelection {
  /** `backstage.io/managed-by-location` of one provider, e.g. `org-sync:okta:main`. */
  location?: string;
  /** A `by-query` filter, e.g. `kind=user`; several are read one after another (for `kind=user` and `kind=group`). */
  filter?: string | string[];
  /** Keeps only the entities this returns true for. */
  select?(entity: Entity): boolean;
}

/** The selected entities as the catalog serves them now. */
export async function selectEntities(catalog: CatalogApi, selection: EntitySelection): Promise<Entity[]> {
  const filters = selection.filter === undefined ? [] : [selection.filter].flat();
  const read = selection.location !== undefined ? [await catalog.managedBy(selection.location)] : [];
  for (const filter of filters) read.push(await catalog.query(filter));
  const all = read.flat();
  return selection.select ? all.filter(selection.select) : all;
}

/**
 * The selected entities once the catalog holds exactly `count` of them and has processed every one (relations appear
 * after processing).
 */
export function waitForProcessedEntities(
  catalog: CatalogApi,
  selection: EntitySelection & { count: number },
  { timeoutMs = 120_000, intervalMs = 500 } = {},
): Promise<Entity[]> {
  const what = selection.location ?? [selection.filter ?? ''].flat().join(', ');
  return waitFor(
    `${selection.count} processed entities (${what})`,
    async () => {
      const all = await selectEntities(catalog, selection);
      return all.length === selection.count && all.every(isProcessed) && all;
    },
    { timeoutMs, intervalMs },
  );
}

/** Processing errors the catalog recorded on any of the entities, as `kind:namespace/name: message`. */
export function processingErrors(entities: Entity[]): string[] {
  return entities.flatMap(entity =>
    statusItems(entity)
      .filter(item => item.level === 'error')
      .map(item => `${refsOf([entity])[0]}: ${item.message}`),
  );
}

interface StatusItem {
  level: string;
  message: string;
}

/** The catalog adds `status.items` to the entities it serves; `Entity` does not declare it. */
function hasStatus(entity: Entity): entity is Entity & { status: { items?: StatusItem[] } } {
  return 'status' in entity && typeof entity.status === 'object' && entity.status !== null;
}

function statusItems(entity: Entity): StatusItem[] {
  return hasStatus(entity) ? (entity.status.items ?? []) : [];
}

/** An annotation of the entity (undefined for a missing entity). */
export function annotationOf(entity: Entity | undefined, key: string): string | undefined {
  return entity?.metadata.annotations?.[key];
}

/** A comparable picture of entities by ref: metadata and spec without what the catalog adds (uid, etag). */
export function entityPicture(entities: Entity[]): Record<string, string> {
  return Object.fromEntries(
    entities.map(entity => {
      const { uid: _uid, etag: _etag, ...metadata } = entity.metadata;
      return [refsOf([entity])[0], JSON.stringify({ metadata, spec: entity.spec })];
    }),
  );
}
