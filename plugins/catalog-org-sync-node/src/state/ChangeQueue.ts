import type { Knex } from 'knex';
import type { OrgChangeHints } from '../changes';
import type { OrgMembershipHint } from '../records';
import { PENDING_CHANGES } from './migrations';

/** Kind `resync` with this id asks for a scheduled-style read instead of re-reading records. */
const RESYNC_ID = '*';
/** The kind of a membership row (the column holds 8 characters). */
const MEMBERSHIP = 'member';

/** What a change run takes from the queue. */
export interface PendingChanges {
  users: string[];
  groups: string[];
  memberships: OrgMembershipHint[];
  /** Set when a signal asked for a full read. */
  resync: boolean;
  /** For `done`: exactly the entries taken, so entries noted meanwhile stay queued. */
  taken: Array<{ kind: string; id: string; notedAt: number }>;
}

/**
 * How much the queue takes before it asks for one full read instead: re-reading more records one by one than
 * this costs more than a list, and a flood (a forged or runaway delivery) must not hold up the changes behind it.
 */
export interface ChangeQueueLimits {
  /** Most records one signal (a delivery, an event, a poll) may name; Graph sends at most 1,000 notifications at once. */
  idsPerSignal: number;
  /** Most entries queued for a provider. */
  queued: number;
}

export const defaultChangeQueueLimits: ChangeQueueLimits = { idsPerSignal: 1000, queued: 10_000 };

/** What `add` queued: how many entries, and why it queued one full read instead of the records named, if it did (for `<origin> <overflow>`). */
export interface QueuedChanges {
  entries: number;
  overflow?: string;
}

/**
 * Records named by change signals, in the database so any replica can
 * receive a delivery and any replica can process it. A record named many
 * times while queued is one row: bursts coalesce here.
 */
export class ChangeQueue {
  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
    private readonly limits: ChangeQueueLimits = defaultChangeQueueLimits,
  ) {}

  async add(hints: OrgChangeHints): Promise<QueuedChanges> {
    const rows = rowsOf(hints);
    const named = rows.filter(row => row.kind !== 'resync').length;
    if (rows.length === 0) return { entries: 0 };
    const overflow = await this.overflowOf(named);
    await this.insert(overflow ? [{ kind: 'resync', id: RESYNC_ID }] : rows);
    return overflow ? { entries: 1, overflow } : { entries: rows.length };
  }

  private async overflowOf(named: number): Promise<string | undefined> {
    if (named > this.limits.idsPerSignal) return `named ${named} records, more than the ${this.limits.idsPerSignal} one change signal may name`;
    if (named === 0) return undefined;
    const queued = await this.size();
    if (queued + named > this.limits.queued) return `would make the change queue hold ${queued + named} entries, more than ${this.limits.queued}`;
    return undefined;
  }

  private async insert(rows: Array<{ kind: string; id: string }>): Promise<void> {
    const now = Date.now();
    const knex = await this.knex();
    for (let i = 0; i < rows.length; i += 400) {
      await knex(PENDING_CHANGES)
        .insert(rows.slice(i, i + 400).map(row => ({ provider_name: this.providerName, ...row, noted_at: now })))
        .onConflict(['provider_name', 'kind', 'id'])
        .merge(['noted_at']);
    }
  }

  /** Up to `limit` queued entries, oldest first. */
  async peek(limit: number): Promise<PendingChanges> {
    const knex = await this.knex();
    const rows: Array<{ kind: string; id: string; noted_at: number | string }> = await knex(PENDING_CHANGES)
      .where({ provider_name: this.providerName })
      .orderBy('noted_at')
      .limit(limit)
      .select('kind', 'id', 'noted_at');
    return {
      users: rows.filter(r => r.kind === 'user').map(r => r.id),
      groups: rows.filter(r => r.kind === 'group').map(r => r.id),
      memberships: rows.filter(r => r.kind === MEMBERSHIP).map(r => membershipOf(r.id)),
      // Looked up apart from the oldest `limit`: a full read asked for behind a long queue covers it all.
      resync: rows.some(r => r.kind === 'resync') || (await this.holdsResync(knex)),
      taken: rows.map(r => ({ kind: r.kind, id: r.id, notedAt: Number(r.noted_at) })),
    };
  }

  /**
   * Removes the entries a run processed, unless they were noted again since it took them: one statement per kind and
   * noting time (the entries one signal queued share it), not one per entry.
   */
  async done(taken: PendingChanges['taken']): Promise<void> {
    const knex = await this.knex();
    const groups = new Map<string, { kind: string; notedAt: number; ids: string[] }>();
    for (const entry of taken) {
      const key = JSON.stringify([entry.kind, entry.notedAt]);
      const group = groups.get(key) ?? { kind: entry.kind, notedAt: entry.notedAt, ids: [] };
      group.ids.push(entry.id);
      groups.set(key, group);
    }
    for (const { kind, notedAt, ids } of groups.values()) {
      for (let i = 0; i < ids.length; i += 400) {
        await knex(PENDING_CHANGES)
          .where({ provider_name: this.providerName, kind })
          .andWhere('noted_at', '<=', notedAt)
          .whereIn('id', ids.slice(i, i + 400))
          .delete();
      }
    }
  }

  /** Removes every entry noted before `time` (ms epoch): a list read that started after them covered them. */
  async doneBefore(time: number): Promise<void> {
    const knex = await this.knex();
    await knex(PENDING_CHANGES).where({ provider_name: this.providerName }).andWhere('noted_at', '<', time).delete();
  }

  private async holdsResync(knex: Knex): Promise<boolean> {
    return (await knex(PENDING_CHANGES).where({ provider_name: this.providerName, kind: 'resync', id: RESYNC_ID }).first()) !== undefined;
  }

  async size(): Promise<number> {
    const knex = await this.knex();
    const [{ count }] = await knex(PENDING_CHANGES).where({ provider_name: this.providerName }).count({ count: '*' });
    return Number(count);
  }
}

/** One row per record named (PostgreSQL refuses an insert that would update the same row twice), and one for a full read. */
function rowsOf(hints: OrgChangeHints): Array<{ kind: string; id: string }> {
  const unique = (ids: string[] | undefined) => [...new Set(ids ?? [])];
  return [
    ...unique(hints.users).map(id => ({ kind: 'user', id })),
    ...unique(hints.groups).map(id => ({ kind: 'group', id })),
    ...unique(hints.memberships?.map(membershipKey)).map(id => ({ kind: MEMBERSHIP, id })),
    ...(hints.resync ? [{ kind: 'resync', id: RESYNC_ID }] : []),
  ].filter(row => typeof row.id === 'string' && row.id.length > 0 && row.id.length <= 255);
}

/** A membership's queue id: both ids as JSON, so no separator can clash with an IdP's id. */
function membershipKey(membership: OrgMembershipHint): string {
  const named = (id: unknown) => typeof id === 'string' && id.length > 0;
  return named(membership.user) && named(membership.group) ? JSON.stringify([membership.user, membership.group]) : '';
}

/** The membership a queue id names (`membershipKey` wrote it: two non-empty strings). */
function membershipOf(key: string): OrgMembershipHint {
  const [user, group]: unknown[] = JSON.parse(key);
  return { user: String(user), group: String(group) };
}
