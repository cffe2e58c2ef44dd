import type { HeldEntity } from '../state/catalogHoldings';

/** How what the catalog holds for a provider differs from what the provider applied last and emits now. */
export interface CatalogDrift {
  /** Ours at the last apply, still ours, but no longer in the catalog (deleted through the API, a restore, a manual change). */
  missing: string[];
  /** Ours, unchanged in the IdP, but held in the catalog with other content or another location key. */
  altered: string[];
  /** Attributed to this provider by the catalog, but not emitted by it any more. */
  stray: string[];
  /** Every ref whose entity the catalog must be given this run: new, changed in the IdP, missing or altered. */
  toApply: string[];
}

/**
 * Compares three views of a provider's entities, each ref → entity hash:
 * what it emits now (`next`), what it applied last (`applied`) and what the
 * catalog holds (`held`, with the catalog's hash, which `entityHash` equals).
 */
export function catalogDrift(
  next: Record<string, string>,
  applied: Record<string, string>,
  held: Map<string, HeldEntity>,
  locationKey: string,
): CatalogDrift {
  const drift: CatalogDrift = { missing: [], altered: [], stray: [], toApply: [] };
  for (const [ref, hash] of Object.entries(next)) {
    const inCatalog = held.get(ref);
    if (holdsAsApplied(inCatalog, hash, locationKey)) continue;
    drift.toApply.push(ref);
    if (applied[ref] !== hash) continue; // new or changed in the IdP: not drift
    if (!inCatalog) drift.missing.push(ref);
    else drift.altered.push(ref);
  }
  for (const ref of held.keys()) {
    if (!(ref in next) && !(ref in applied)) drift.stray.push(ref);
  }
  return drift;
}

/** Whether the catalog holds an entity exactly as we apply it: same content and under our location key. */
export function holdsAsApplied(inCatalog: HeldEntity | undefined, hash: string | undefined, locationKey: string): boolean {
  return !!inCatalog && inCatalog.hash === hash && (inCatalog.locationKey ?? locationKey) === locationKey;
}
