import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { OrgDeliveryLog } from '../changes';
import { SEEN_DELIVERIES } from './migrations';

/**
 * The delivery keys a provider's receivers took, in the database so a replay
 * is recognised by every replica and after a restart. A key is claimed by
 * inserting its row: the primary key lets exactly one of two concurrent
 * claims succeed.
 */
export class SeenDeliveries implements OrgDeliveryLog {
  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, rememberForMs: number): Promise<boolean> {
    const knex = await this.knex();
    const now = this.now();
    await knex(SEEN_DELIVERIES).where({ provider_name: this.providerName }).andWhere('expires_at', '<', now).delete();
    const row = { provider_name: this.providerName, delivery_key: digestOf(key), expires_at: now + rememberForMs };
    try {
      await knex(SEEN_DELIVERIES).insert(row);
      return true;
    } catch (error) {
      if (await this.holds(knex, row.delivery_key)) return false; // claimed before, here or on another replica
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    const knex = await this.knex();
    await knex(SEEN_DELIVERIES).where({ provider_name: this.providerName, delivery_key: digestOf(key) }).delete();
  }

  private async holds(knex: Knex, deliveryKey: string): Promise<boolean> {
    return (await knex(SEEN_DELIVERIES).where({ provider_name: this.providerName, delivery_key: deliveryKey }).first()) !== undefined;
  }
}

function digestOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
