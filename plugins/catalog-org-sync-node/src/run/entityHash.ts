import { createHash } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';

/** Stable hash of an entity's content (keys sorted), to count what a run changed. */
export function entityHash(entity: Entity): string {
  return createHash('sha1').update(stableStringify(entity)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return `{${keys
      .filter(k => (value as Record<string, unknown>)[k] !== undefined)
      .map(k => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
