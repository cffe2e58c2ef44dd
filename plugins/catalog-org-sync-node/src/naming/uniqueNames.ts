import { shortHash, toValidEntityName, withSuffix } from './entityName';

export interface NameCollision {
  /** The name the records asked for (already made valid). */
  name: string;
  /** The record that kept it. */
  keptBy: string;
  /** Other records and the names they got instead. */
  renamed: Array<{ id: string; name: string }>;
}

/** Names must be unique within a namespace (the scope), compared without case as the catalog does. */
function scopedKey(scope: string | undefined, name: string): string {
  return `${(scope ?? '').toLowerCase()}/${name.toLowerCase()}`;
}

/**
 * Gives each record a valid name unique within its scope (namespace),
 * case-insensitively (the catalog compares refs without case). Among records that want the same
 * name the one with the smallest id keeps it and the others get a suffix from
 * a hash of their id, so the outcome depends only on the records, never on the
 * order the IdP returned them in.
 */
export function assignUniqueNames(wanted: Array<{ id: string; raw: string; scope?: string }>): {
  names: Map<string, string>;
  collisions: NameCollision[];
} {
  const byKey = new Map<string, Array<{ id: string; name: string }>>();
  for (const { id, raw, scope } of wanted) {
    const name = toValidEntityName(raw);
    const key = scopedKey(scope, name);
    const list = byKey.get(key);
    if (list) list.push({ id, name });
    else byKey.set(key, [{ id, name }]);
  }
  const names = new Map<string, string>();
  const taken = new Set(byKey.keys());
  const scopeOf = new Map(wanted.map(w => [w.id, w.scope]));
  const collisions: NameCollision[] = [];
  for (const key of [...byKey.keys()].sort()) {
    const list = byKey.get(key)!.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const [first, ...rest] = list;
    names.set(first.id, first.name);
    if (rest.length === 0) continue;
    const collision: NameCollision = { name: first.name, keptBy: first.id, renamed: [] };
    for (const other of rest) {
      const scope = scopeOf.get(other.id);
      let candidate = withSuffix(other.name, shortHash(other.id));
      for (let n = 2; taken.has(scopedKey(scope, candidate)); n++) {
        candidate = withSuffix(other.name, shortHash(`${other.id}#${n}`));
      }
      taken.add(scopedKey(scope, candidate));
      names.set(other.id, candidate);
      collision.renamed.push({ id: other.id, name: candidate });
    }
    collisions.push(collision);
  }
  return { names, collisions };
}
