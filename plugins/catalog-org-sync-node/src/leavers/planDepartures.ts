import type { Entity } from '@backstage/catalog-model';
import type { OrgGroupRecord, OrgRecordReader, OrgUserRecord } from '../records';
import type { RecordIndexEntry, RecordKind } from '../state/RecordStore';
import { departedEntity, type DepartedRecord } from './departedEntity';
import type { LeaverOptions } from './leaverOptions';

/** A person or group kept as departed this run. */
export interface Retained {
  kind: RecordKind;
  id: string;
  /** Lower-case ref, and the ref as emitted. */
  ref: string;
  entityRef: string;
  entity: Entity;
  record?: OrgUserRecord | OrgGroupRecord;
  departedAt: number;
  departure: string;
  /** True when they left in this run (not in an earlier one). */
  newlyDeparted: boolean;
}

export interface DeparturePlan {
  retained: Retained[];
  /** Refs (lower-case) of departed entities whose grace period is over: removed now. */
  expired: string[];
  /** Everyone gone from this read, kept as departed or not: lower-case ref → why (absent, or the IdP's inactive status). */
  left: Map<string, string>;
}

/** A plan in which nobody leaves. */
export const noDepartures = (): DeparturePlan => ({ retained: [], expired: [], left: new Map() });

/**
 * What the record now says about someone who had an entity: still here, or gone (absent, or inactive) and why.
 * `record` is the inactive person's record as read now (only people are inactive; the gone have none).
 */
export type Presence = { present: true } | { present: false; record?: OrgUserRecord; reason: string };

const recordNow = (presence: Presence): OrgUserRecord | undefined => (presence.present ? undefined : presence.record);

/**
 * Which of the entities a provider emitted leave with this read, and which
 * of those stay as departed (`leavers.mode: retain`) until `retainFor` has
 * passed since they left. Someone who comes back is simply present again.
 */
export async function planDepartures(
  candidates: Array<{ entry: RecordIndexEntry; presence: Presence }>,
  options: LeaverOptions & { now: number; location: string; defaultGroupType: string },
  reader: OrgRecordReader,
): Promise<DeparturePlan> {
  const plan = noDepartures();
  const gone = candidates.filter(c => !c.presence.present && c.entry.entityRef && (c.entry.entityHash || c.entry.departedAt !== undefined));
  for (const { entry, presence } of gone) if (!presence.present) plan.left.set(entry.entityRef!.toLowerCase(), entry.departure ?? presence.reason);
  if (options.mode !== 'retain') {
    // Kept as departed under an earlier `retain`: they go now, like anyone who leaves.
    plan.expired = gone.filter(c => c.entry.departedAt !== undefined).map(c => c.entry.entityRef!.toLowerCase());
    return plan;
  }
  const stored = {
    user: await reader.users(gone.filter(c => c.entry.kind === 'user' && !recordNow(c.presence)).map(c => c.entry.id)),
    group: await reader.groups(gone.filter(c => c.entry.kind === 'group').map(c => c.entry.id)),
  };
  for (const { entry, presence } of gone) {
    if (presence.present) continue;
    const departedAt = entry.departedAt ?? options.now;
    const ref = entry.entityRef!.toLowerCase();
    if (options.now - departedAt >= options.retainForMs) {
      plan.expired.push(ref);
      continue;
    }
    const departed: DepartedRecord =
      entry.kind === 'user' ? { kind: 'user', record: presence.record ?? stored.user.get(entry.id) } : { kind: 'group', record: stored.group.get(entry.id) };
    const departure = entry.departure ?? presence.reason;
    plan.retained.push({
      kind: entry.kind,
      id: entry.id,
      ref,
      entityRef: entry.entityRef!,
      entity: departedEntity(entry.entityRef!, departed, { at: departedAt, reason: departure, location: options.location, defaultGroupType: options.defaultGroupType }),
      record: departed.record,
      departedAt,
      departure,
      newlyDeparted: entry.departedAt === undefined,
    });
  }
  return plan;
}

/** What a list says about a record that had an entity. */
export function presenceInList(kind: RecordKind, record: OrgUserRecord | OrgGroupRecord | undefined, absentReason?: LeaverOptions['absentReason']): Presence {
  if (!record) return { present: false, reason: absentReason?.[kind] ?? 'no longer in the IdP' };
  if (kind === 'user' && isInactiveUser(record)) {
    return { present: false, record, reason: record.inactiveReason ?? 'inactive in the IdP' };
  }
  return { present: true };
}

/** A user record saying its person is inactive (a group record has no `active`). */
function isInactiveUser(record: OrgUserRecord | OrgGroupRecord): record is OrgUserRecord {
  return 'active' in record && record.active === false;
}
