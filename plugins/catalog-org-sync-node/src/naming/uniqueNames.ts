import { shortHash, toValidEntityName, withSuffix } from './entityName';

/** @public */
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
 * case-insensitively (the catalog compares refs without case).
 *
 * A record keeps the name it had last run (`previous`) while that name still
 * follows from what it asks for — so when the holder of a contested name
 * leaves, the name does not pass to someone else and take their ownership
 * links along. Among new contenders the smallest id gets the plain name and
 * the others a suffix from a hash of their id: the outcome depends only on
 * the records, never on the order the IdP returned them in.
 *
 * @public
 */
export function assignUniqueNames(
  wanted: Array<{ id: string; raw: string; scope?: string }>,
  previous: ReadonlyMap<string, string> = new Map(),
): {
  names: Map<string, string>;
  collisions: NameCollision[];
} {
  const byKey = new Map<string, Array<{ id: string; name: string; scope?: string }>>();
  for (const { id, raw, scope } of wanted) {
    const name = toValidEntityName(raw);
    const key = scopedKey(scope, name);
    const list = byKey.get(key);
    if (list) list.push({ id, name, scope });
    else byKey.set(key, [{ id, name, scope }]);
  }
  const names = new Map<string, string>();
  const taken = new Set(byKey.keys());
  const sticky = new Map<string, string>();
  const stickyHolders = new Map<string, string>();
  for (const list of byKey.values()) {
    for (const { id, name, scope } of list) {
      const before = previous.get(id);
      if (!before || !followsFrom(before, name, id)) continue;
      const key = scopedKey(scope, before);
      if (stickyHolders.has(key)) continue;
      sticky.set(id, before);
      stickyHolders.set(key, id);
      taken.add(key);
    }
  }
  const collisions: NameCollision[] = [];
  for (const key of [...byKey.keys()].sort()) {
    const list = byKey.get(key)!.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Whoever held the plain name keeps it; else the smallest id among records without a name to keep.
    const holder = stickyHolders.get(key) ?? list.find(r => !sticky.has(r.id))?.id;
    const renamed: Array<{ id: string; name: string }> = [];
    for (const record of list) {
      let name = sticky.get(record.id);
      if (!name && record.id === holder) name = record.name;
      if (!name) {
        name = withSuffix(record.name, shortHash(record.id));
        for (let n = 2; taken.has(scopedKey(record.scope, name)); n++) {
          name = withSuffix(record.name, shortHash(`${record.id}#${n}`));
        }
        taken.add(scopedKey(record.scope, name));
      }
      names.set(record.id, name);
      if (record.id !== holder) renamed.push({ id: record.id, name });
    }
    if (list.length === 1) continue;
    const collision: NameCollision = { name: list[0].name, keptBy: holder ?? '(nobody: every contender keeps its earlier name)', renamed };
    collisions.push(collision);
  }
  return { names, collisions };
}

/** True when `before` is `name` itself or one of the suffixed forms this function gives `id` for it. */
function followsFrom(before: string, name: string, id: string): boolean {
  if (before.toLowerCase() === name.toLowerCase()) return true;
  for (let n = 1; n <= 5; n++) {
    if (before === withSuffix(name, shortHash(n === 1 ? id : `${id}#${n}`))) return true;
  }
  return false;
}
