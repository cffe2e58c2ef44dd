import { createHash } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';
import stableStringify from 'fast-json-stable-stringify';

/**
 * Hash of an entity's content, computed as the catalog computes the hash it
 * keeps for an entity a provider applied (sha1 of the stable JSON). Being the
 * same value lets a run compare what it would apply with what the catalog
 * holds, and spot entities changed in the catalog behind our back.
 *
 * @alpha
 */
export function entityHash(entity: Entity): string {
  return createHash('sha1').update(stableStringify({ ...entity })).digest('hex');
}
