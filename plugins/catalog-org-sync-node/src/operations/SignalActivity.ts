import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { SIGNAL_ACTIVITY } from '../state/migrations';

/** What one kind of change signal of a provider saw last, on any replica. @alpha */
export interface SignalSeen {
  /** `push`: a delivery to the provider's receiver; `event`: one heard on Backstage's events service; `poll`: a read of the change feed. */
  via: 'push' | 'event' | 'poll';
  at: string;
  /** A push or event: `accepted` or `rejected` (a push answered 400 or above, a malformed event); a poll: `ok` or `failed`. */
  outcome: 'accepted' | 'rejected' | 'ok' | 'failed';
  /** A push's answer (`HTTP 202`), an event's topic, how many records a poll named, or why it failed (secrets blanked out). */
  detail?: string;
}

interface Row {
  via: SignalSeen['via'];
  seen_at: number | string;
  outcome: SignalSeen['outcome'];
  detail: string | null;
}

const DETAIL_WIDTH = 512;

/**
 * The last delivery and poll of each provider's change signals, in the catalog's database so every replica answers
 * the same. One row per provider and `via`, only ever moved forward in time. A burst of deliveries costs one write at
 * a time per row: what arrives while a write is in flight waits, and only the newest of it is written next.
 */
export class SignalActivity {
  private readonly pending = new Map<string, { provider: string; seen: Omit<SignalSeen, 'at'>; atMs: number }>();
  private readonly writing = new Set<string>();

  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notes what a signal saw now; written in the background (a failure is logged, never fails the delivery). */
  note(provider: string, seen: Omit<SignalSeen, 'at'>): void {
    const key = `${provider}\n${seen.via}`;
    this.pending.set(key, { provider, seen, atMs: this.now() });
    if (!this.writing.has(key)) void this.flush(key);
  }

  /** Newest first. */
  async latest(provider: string): Promise<SignalSeen[]> {
    const knex = await this.knex();
    const rows: Row[] = await knex(SIGNAL_ACTIVITY).where({ provider_name: provider }).orderBy('seen_at', 'desc').select('via', 'seen_at', 'outcome', 'detail');
    return rows.map(row => ({ via: row.via, at: new Date(Number(row.seen_at)).toISOString(), outcome: row.outcome, ...(row.detail ? { detail: row.detail } : {}) }));
  }

  private async flush(key: string): Promise<void> {
    this.writing.add(key);
    try {
      for (;;) {
        const next = this.pending.get(key);
        if (!next) return;
        this.pending.delete(key);
        await this.write(next.provider, next.seen, next.atMs).catch(error =>
          this.logger.warn(`${next.provider}: cannot record the last ${next.seen.via} seen: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    } finally {
      this.writing.delete(key);
    }
  }

  private async write(provider: string, seen: Omit<SignalSeen, 'at'>, atMs: number): Promise<void> {
    const knex = await this.knex();
    const row = { provider_name: provider, via: seen.via, seen_at: atMs, outcome: seen.outcome, detail: seen.detail?.slice(0, DETAIL_WIDTH) ?? null };
    // Another replica may have noted a later one meanwhile: a row only moves forward.
    await knex(SIGNAL_ACTIVITY).insert(row).onConflict(['provider_name', 'via']).merge().where(`${SIGNAL_ACTIVITY}.seen_at`, '<', atMs);
  }
}
