import type { HeldEntity } from '../state/catalogHoldings';
import type { AppliedState } from '../state/ProviderStateStore';
import { sampleList } from '../util/sampleList';
import { catalogDrift, holdsAsApplied } from './catalogDrift';
import type { ProviderContext } from './ProviderContext';
import type { RunReport } from './RunReport';
import type { RunResult } from './runResult';

/** What the catalog holds for this provider; undefined (with a warning) when it cannot be told, and the run then applies a full mutation. */
export async function catalogHoldings(provider: ProviderContext): Promise<Map<string, HeldEntity> | undefined> {
  const { name, logger } = provider;
  try {
    const held = await provider.options.stateStore.getCatalogHoldings?.(name);
    if (!held) logger.warn(`${name}: cannot see what the catalog holds for this provider; applying a full mutation`);
    return held;
  } catch (error) {
    logger.warn(`${name}: cannot read what the catalog holds for this provider, applying a full mutation: ${provider.describe(error)}`);
    return undefined;
  }
}

/**
 * The refs among `applied` that the catalog did not take from us, read back
 * after the apply: the catalog drops an entity whose ref another provider or
 * location already emits, with only a debug line of its own.
 */
export async function refusedByCatalog(provider: ProviderContext, applied: string[], hashes: Record<string, string>): Promise<NonNullable<RunResult['refused']>> {
  if (applied.length === 0) return [];
  const { name, logger, options } = provider;
  const store = options.stateStore;
  try {
    const held = await store.getCatalogHoldings?.(name);
    if (!held) return [];
    const refused = applied.filter(ref => !holdsAsApplied(held.get(ref), hashes[ref], provider.locationKey));
    if (refused.length === 0) return [];
    const holders = (await store.getLocationKeys?.(refused)) ?? new Map<string, string | undefined>();
    const described = refused.map(ref => (holders.get(ref) ? `${ref} (held by ${holders.get(ref)})` : ref));
    logger.error(
      `${name}: the catalog refused ${refused.length} of our entities because another provider or location emits the same ref: ` +
        `${sampleList(described, r => r)}. Give one of the providers its own namespace (${options.configPath}.namespace) or remove the duplicate.`,
    );
    return refused.map(ref => (holders.get(ref) ? { ref, heldBy: holders.get(ref) } : { ref }));
  } catch (error) {
    logger.warn(`${name}: cannot check what the catalog took from this run: ${provider.describe(error)}`);
    return [];
  }
}

/** What the catalog holds compared with the store, for a delta: records whose entities to re-apply, and stray refs to remove. */
export interface StoreDrift {
  restore: { users: string[]; groups: string[] };
  restoreRefs: Set<string>;
  stray: string[];
}

/** Compares the catalog's holdings with the store (a delta has no list to compare with); logs what differs. */
export function driftAgainstStore(provider: ProviderContext, report: RunReport, previous: AppliedState, held: Map<string, HeldEntity>): StoreDrift {
  const drift = catalogDrift(previous.entities, previous.entities, held, provider.locationKey);
  const restoreRefs = new Set([...drift.missing, ...drift.altered]);
  const restore: StoreDrift['restore'] = { users: [], groups: [] };
  for (const entry of previous.index) {
    // Entities the catalog refused before (no hash kept) are offered again every run, as a list run does.
    const refusedBefore = entry.entityRef && !entry.entityHash;
    if (entry.entityRef && (refusedBefore || restoreRefs.has(entry.entityRef.toLowerCase()))) restore[entry.kind === 'user' ? 'users' : 'groups'].push(entry.id);
  }
  if (restoreRefs.size || drift.stray.length) report.drift(drift);
  return { restore, restoreRefs, stray: drift.stray };
}
