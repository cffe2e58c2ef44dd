import crypto from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';
import { refsOf, type CatalogApi } from '@orgsync/test-utils';

/** Ref → sha256 of the entity's metadata (without what the catalog assigns) and spec, as the catalog API serves them. */
export type CatalogState = Record<string, string>;

export function entityContentHash(entity: Entity): string {
  const { uid: _uid, etag: _etag, generation: _generation, ...metadata } = entity.metadata as Entity['metadata'] & { generation?: number };
  return crypto.createHash('sha256').update(stableJson({ metadata, spec: entity.spec ?? null })).digest('hex');
}

/** Every User and Group in the catalog with its content hash. */
export async function catalogState(catalog: CatalogApi): Promise<CatalogState> {
  const entities = [...(await catalog.query('kind=user')), ...(await catalog.query('kind=group'))];
  return Object.fromEntries(entities.map(e => [refsOf([e])[0], entityContentHash(e)]));
}

/** What differs between two states: refs lost, refs gained, refs whose content changed. */
export function diffStates(before: CatalogState, after: CatalogState) {
  return {
    lost: Object.keys(before).filter(ref => !(ref in after)).sort(),
    gained: Object.keys(after).filter(ref => !(ref in before)).sort(),
    changed: Object.keys(before).filter(ref => ref in after && before[ref] !== after[ref]).sort(),
  };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
