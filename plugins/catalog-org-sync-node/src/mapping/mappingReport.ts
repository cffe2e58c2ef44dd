import type { NameCollision } from '../naming/uniqueNames';
import type { HierarchyReport } from './hierarchy';
import type { SkippedRecord } from './sanitize';
import type { CleanedField } from './cleanEntity';

/** @public */
export interface MappingReport {
  skipped: SkippedRecord[];
  inactiveUsers: number;
  collisions: Array<NameCollision & { kind: 'user' | 'group' }>;
  /** Records whose naming strategy had nothing to work with (e.g. no email), named by fallback. */
  namingFallbacks: Array<{ kind: 'user' | 'group'; id: string; name: string }>;
  /** Memberships naming users that are not in the snapshot (inactive users are not counted). */
  unknownUserRefs: Array<{ groupId: string; ref: string }>;
  hierarchy: HierarchyReport;
  prunedGroups: string[];
  /** Entities a transformer dropped. */
  transformedAway: Array<{ kind: 'user' | 'group'; id: string }>;
  /** Records whose naming strategy or transformer threw or returned no entity: they keep the untransformed entity. */
  transformerErrors: Array<{ kind: 'user' | 'group'; id: string; error: string }>;
  /** Fields made safe: control characters removed, cut to size, pictures with other schemes dropped (`cleanEntity`). */
  cleaned: Array<CleanedField & { kind: 'user' | 'group'; id: string }>;
}

export function emptyMappingReport(): MappingReport {
  return {
    skipped: [],
    inactiveUsers: 0,
    collisions: [],
    namingFallbacks: [],
    unknownUserRefs: [],
    hierarchy: { extraParents: [], brokenCycles: [], unknownGroupRefs: [] },
    prunedGroups: [],
    transformedAway: [],
    transformerErrors: [],
    cleaned: [],
  };
}
