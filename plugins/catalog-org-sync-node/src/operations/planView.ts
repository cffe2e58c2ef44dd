import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { isGroupRef, isUserRef } from '../guard/deletionGuard';
import type { RunResult } from '../run/OrgEntityProvider';

/** The answer of `POST …/providers/:name/dry-run`. @alpha */
export interface DryRunView {
  provider: string;
  /** `would-apply`: the next run would apply this plan; `would-be-held`: the guard would hold it; `read-failed`: nothing read. */
  outcome: 'would-apply' | 'would-be-held' | 'read-failed';
  readMode?: RunResult['readMode'];
  error?: string;
  guard?: { allowed: boolean; accepted: boolean; planId: string; reason?: string };
  counts: RunResult['counts'];
  users: KindPlan;
  groups: KindPlan;
  /** Refs that would be kept as departed (`leavers.mode: retain`). */
  departed: string[];
}

interface KindPlan {
  add: string[];
  change: Array<{ ref: string; fields: string[] }>;
  remove: string[];
}

/** Fields of an entity the catalog sets or that say nothing about the person. */
const IGNORED = new Set(['metadata.uid', 'metadata.etag', 'metadata.generation', 'relations', 'status']);

/** A dry run's result as the API answers it: refs by kind, with the fields each change touches (compared with what the catalog holds). */
export async function dryRunView(result: RunResult, catalog: CatalogService, credentials: BackstageCredentials): Promise<DryRunView> {
  const plan = result.plan;
  const view: DryRunView = {
    provider: result.providerName,
    outcome: !plan ? 'read-failed' : result.guard?.allowed === false ? 'would-be-held' : 'would-apply',
    readMode: result.readMode,
    error: result.error,
    guard: result.guard && { allowed: result.guard.allowed, accepted: result.guard.accepted, planId: result.guard.planId, reason: result.guard.reason },
    counts: result.counts,
    users: { add: [], change: [], remove: [] },
    groups: { add: [], change: [], remove: [] },
    departed: plan?.departed ?? [],
  };
  if (!plan) return view;
  const byKind = (ref: string) => (isUserRef(ref) ? view.users : isGroupRef(ref) ? view.groups : undefined);
  for (const entity of plan.added) byKind(stringifyEntityRef(entity).toLowerCase())?.add.push(stringifyEntityRef(entity));
  for (const ref of plan.removed) byKind(ref)?.remove.push(ref);
  if (plan.changed.length) {
    const refs = plan.changed.map(entity => stringifyEntityRef(entity));
    const { items } = await catalog.getEntitiesByRefs({ entityRefs: refs }, { credentials });
    plan.changed.forEach((entity, i) => byKind(refs[i].toLowerCase())?.change.push({ ref: refs[i], fields: changedFields(items[i], entity) }));
  }
  return view;
}

/** Dotted paths (to the level of `metadata.annotations.<key>`, `spec.profile.<key>`) whose values differ. */
export function changedFields(before: Entity | undefined, after: Entity): string[] {
  if (!before) return ['(not in the catalog)'];
  const a = flatten(before);
  const b = flatten(after);
  const fields = new Set<string>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (IGNORED.has(key) || [...IGNORED].some(prefix => key.startsWith(`${prefix}.`))) continue;
    if (a.get(key) !== b.get(key)) fields.add(key);
  }
  return [...fields].sort();
}

function flatten(value: unknown, prefix = '', out = new Map<string, string>(), depth = 0): Map<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out, depth + 1);
  } else if (!(Array.isArray(value) && value.length === 0) && value !== undefined && value !== null) {
    out.set(prefix, JSON.stringify(Array.isArray(value) ? [...value].map(v => JSON.stringify(v)).sort() : value));
  }
  return out;
}
