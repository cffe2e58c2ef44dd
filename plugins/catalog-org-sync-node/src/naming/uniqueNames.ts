import { shortHash, toValidEntityName, withSuffix } from './entityName';

export interface NameCollision {
  /** The name the records asked for (already made valid). */
  name: string;
  /** The record that kept it. */
  keptBy: string;
  /** Other records and the names they got instead. */
  renamed: Array<{ id: string; name: string }>;
}

/**
 * Gives each record a valid name unique within the set, case-insensitively
 * (the catalog compares refs without case). Among records that want the same
 * name the one with the smallest id keeps it and the others get a suffix from
 * a hash of their id, so the outcome depends only on the records, never on the
 * order the IdP returned them in.
 */
export function assignUniqueNames(wanted: Array<{ id: string; raw: string }>): {
  names: Map<string, string>;
  collisions: NameCollision[];
} {
  const byKey = new Map<string, Array<{ id: string; name: string }>>();
  for (const { id, raw } of wanted) {
    const name = toValidEntityName(raw);
    const key = name.toLowerCase();
    const list = byKey.get(key);
    if (list) list.push({ id, name });
    else byKey.set(key, [{ id, name }]);
  }
  const names = new Map<string, string>();
  const taken = new Set(byKey.keys());
  const collisions: NameCollision[] = [];
  for (const key of [...byKey.keys()].sort()) {
    const list = byKey.get(key)!.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const [first, ...rest] = list;
    names.set(first.id, first.name);
    if (rest.length === 0) continue;
    const collision: NameCollision = { name: first.name, keptBy: first.id, renamed: [] };
    for (const other of rest) {
      let candidate = withSuffix(other.name, shortHash(other.id));
      for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
        candidate = withSuffix(other.name, shortHash(`${other.id}#${n}`));
      }
      taken.add(candidate.toLowerCase());
      names.set(other.id, candidate);
      collision.renamed.push({ id: other.id, name: candidate });
    }
    collisions.push(collision);
  }
  return { names, collisions };
}
