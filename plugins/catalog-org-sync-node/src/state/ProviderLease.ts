import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { LEASES } from './migrations';

/**
 * One holder at a time per provider, across replicas: the scheduled run and
 * the change run are separate scheduler tasks and could otherwise apply at
 * the same moment (a list read from before a change applied after it).
 * A lease expires, so a crashed holder does not block the provider for good.
 */
export class ProviderLease {
  private readonly holder = randomUUID();

  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
  ) {}

  /** Takes the lease for `ttlMs` if nobody else holds it; true when taken (or already ours, then extended). */
  async tryAcquire(ttlMs: number): Promise<boolean> {
    const knex = await this.knex();
    const now = Date.now();
    const expires_at = now + ttlMs;
    const updated = await knex(LEASES)
      .where({ provider_name: this.providerName })
      .andWhere(q => q.where('expires_at', '<', now).orWhere('holder', this.holder))
      .update({ holder: this.holder, expires_at });
    if (updated > 0) return true;
    try {
      await knex(LEASES).insert({ provider_name: this.providerName, holder: this.holder, expires_at });
      return true;
    } catch {
      return false; // someone holds it (the row exists and has not expired)
    }
  }

  /** Waits for the lease up to `waitMs`, trying every `everyMs`. */
  async acquire(ttlMs: number, waitMs: number, signal?: AbortSignal, everyMs = 500): Promise<boolean> {
    const until = Date.now() + waitMs;
    for (;;) {
      if (await this.tryAcquire(ttlMs)) return true;
      if (Date.now() >= until || signal?.aborted) return false;
      await new Promise(resolve => setTimeout(resolve, everyMs));
    }
  }

  async release(): Promise<void> {
    const knex = await this.knex();
    await knex(LEASES).where({ provider_name: this.providerName, holder: this.holder }).delete();
  }
}
