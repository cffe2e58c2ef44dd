import type { Knex } from 'knex';
import { RECENT_REMOVALS } from './migrations';

/** Removals applied from change signals within a rolling window, for the deletion guard. */
export class RemovalWindow {
  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
  ) {}

  /** Refs removed since `since` (ms epoch); older entries are forgotten. */
  async since(since: number): Promise<string[]> {
    const knex = await this.knex();
    await knex(RECENT_REMOVALS).where({ provider_name: this.providerName }).andWhere('removed_at', '<', since).delete();
    const rows: Array<{ entity_ref: string }> = await knex(RECENT_REMOVALS).where({ provider_name: this.providerName }).select('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async add(refs: string[], at = Date.now()): Promise<void> {
    if (refs.length === 0) return;
    const knex = await this.knex();
    const rows = refs.map(entity_ref => ({ provider_name: this.providerName, entity_ref, removed_at: at }));
    for (let i = 0; i < rows.length; i += 400) await knex(RECENT_REMOVALS).insert(rows.slice(i, i + 400));
  }

  /** A full read sets a new baseline: the window starts again. */
  async clear(): Promise<void> {
    const knex = await this.knex();
    await knex(RECENT_REMOVALS).where({ provider_name: this.providerName }).delete();
  }
}
