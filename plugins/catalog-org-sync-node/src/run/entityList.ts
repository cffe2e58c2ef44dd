import { createHash } from 'node:crypto';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import stableStringify from 'fast-json-stable-stringify';

/**
 * A run's entities kept as the stable JSON their hash is computed from,
 * parsed back a slice at a time when applied. A large org's entities as
 * objects cost several times their JSON, and a list run holds all of them
 * from mapping until the last slice is applied.
 */
export class EntityList {
  /** Lower-case refs, in the order entities were added. */
  readonly refs: string[] = [];
  /** Lower-case ref → hash (as `entityHash` computes it). */
  readonly hashes: Record<string, string> = {};
  private readonly json: string[] = [];

  add(entity: Entity): void {
    const json = stableStringify({ ...entity });
    const ref = stringifyEntityRef(entity).toLowerCase();
    this.refs.push(ref);
    this.hashes[ref] = createHash('sha1').update(json).digest('hex');
    this.json.push(json);
  }

  get length(): number {
    return this.json.length;
  }

  /** The entities at the given positions (every one when omitted), as new objects. */
  entities(positions?: readonly number[]): Entity[] {
    const at = positions ?? this.json.map((_, i) => i);
    return at.map(i => JSON.parse(this.json[i]) as Entity);
  }

  /** Positions of the entities whose ref is in `refs`. */
  positionsOf(refs: ReadonlySet<string>): number[] {
    const out: number[] = [];
    this.refs.forEach((ref, i) => {
      if (refs.has(ref)) out.push(i);
    });
    return out;
  }
}
