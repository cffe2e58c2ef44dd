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
 * Records named by change signals, in the database so any replica can
 * receive a delivery and any replica can process it. A record named many
 * times while queued is one row: bursts coalesce here.
 */
export class ChangeQueue {
  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
  ) {}

  async add(hints: OrgChangeHints): Promise<number> {
    const now = Date.now();
    // One row per record: PostgreSQL refuses an insert that would update the same row twice.
    const unique = (ids: string[] | undefined) => [...new Set(ids ?? [])];
    const rows = [
      ...unique(hints.users).map(id => ({ kind: 'user', id })),
      ...unique(hints.groups).map(id => ({ kind: 'group', id })),
      ...unique(hints.memberships?.map(membershipKey)).map(id => ({ kind: MEMBERSHIP, id })),
      ...(hints.resync ? [{ kind: 'resync', id: RESYNC_ID }] : []),
    ]
      .filter(row => typeof row.id === 'string' && row.id.length > 0 && row.id.length <= 255)
      .map(row => ({ provider_name: this.providerName, ...row, noted_at: now }));
    if (rows.length === 0) return 0;
    const knex = await this.knex();
    for (let i = 0; i < rows.length; i += 400) {
      await knex(PENDING_CHANGES)
        .insert(rows.slice(i, i + 400))
        .onConflict(['provider_name', 'kind', 'id'])
        .merge(['noted_at']);
    }
    return rows.length;
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
      resync: rows.some(r => r.kind === 'resync'),
      taken: rows.map(r => ({ kind: r.kind, id: r.id, notedAt: Number(r.noted_at) })),
    };
  }

  /** Removes the entries a run processed, unless they were noted again since it took them. */
  async done(taken: PendingChanges['taken']): Promise<void> {
    const knex = await this.knex();
    for (const entry of taken) {
      await knex(PENDING_CHANGES)
        .where({ provider_name: this.providerName, kind: entry.kind, id: entry.id })
        .andWhere('noted_at', '<=', entry.notedAt)
        .delete();
    }
  }

  /** Removes every entry noted before `time` (ms epoch): a list read that started after them covered them. */
  async doneBefore(time: number): Promise<void> {
    const knex = await this.knex();
    await knex(PENDING_CHANGES).where({ provider_name: this.providerName }).andWhere('noted_at', '<', time).delete();
  }

  async size(): Promise<number> {
    const knex = await this.knex();
    const [{ count }] = await knex(PENDING_CHANGES).where({ provider_name: this.providerName }).count({ count: '*' });
    return Number(count);
  }
}

/** A membership's queue id: both ids as JSON, so no separator can clash with an IdP's id. */
function membershipKey(membership: OrgMembershipHint): string {
  const named = (id: unknown) => typeof id === 'string' && id.length > 0;
  return named(membership.user) && named(membership.group) ? JSON.stringify([membership.user, membership.group]) : '';
}

function membershipOf(key: string): OrgMembershipHint {
  const [user, group] = JSON.parse(key) as [string, string];
  return { user, group };
}
