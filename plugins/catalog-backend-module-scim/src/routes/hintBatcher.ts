import type { OrgChangeHints } from '@orgsync/plugin-catalog-org-sync-node';

/** Most ids one batch names: well under what the engine takes from one signal (1,000) before it reads everything instead. */
export const MAX_IDS_PER_BATCH = 500;

interface Batch {
  users: Set<string>;
  groups: Set<string>;
  /** Settles once this batch's hints are queued (or queuing failed). */
  sent: Promise<void>;
}

/**
 * Queues the hints of concurrent SCIM writes together: while one batch is on its way to the change queue, the writes
 * stored meanwhile join the next one, so a burst of requests costs the database one queue write per batch instead of
 * one per request. Each caller still waits until its own hints are queued, as with a write of its own.
 */
export class HintBatcher {
  private open?: Batch;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly queue: (hints: OrgChangeHints) => Promise<void>) {}

  /** Resolves once the hints are queued; rejects as the queue write of their batch does. */
  add(hints: OrgChangeHints): Promise<void> {
    const batch = this.open && size(this.open) < MAX_IDS_PER_BATCH ? this.open : this.start();
    hints.users?.forEach(id => batch.users.add(id));
    hints.groups?.forEach(id => batch.groups.add(id));
    return batch.sent;
  }

  private start(): Batch {
    const batch: Batch = { users: new Set(), groups: new Set(), sent: Promise.resolve() };
    batch.sent = this.last.then(() => {
      // From here on, new writes go to the next batch.
      if (this.open === batch) this.open = undefined;
      return this.queue({ users: [...batch.users], groups: [...batch.groups] });
    });
    this.open = batch;
    this.last = batch.sent.catch(() => undefined);
    return batch;
  }
}

function size(batch: Batch): number {
  return batch.users.size + batch.groups.size;
}
