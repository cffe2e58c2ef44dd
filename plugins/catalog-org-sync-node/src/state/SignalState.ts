import type { Knex } from 'knex';
import type { JsonValue } from '../records';
import { SIGNAL_STATE } from './migrations';

/** JSON state of one change signal of one provider (a poll cursor, subscription ids), shared by replicas. */
export class SignalState {
  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
    private readonly signal: 'poller' | 'receiver',
  ) {}

  async get(): Promise<JsonValue | undefined> {
    const knex = await this.knex();
    const row = await knex(SIGNAL_STATE).where({ provider_name: this.providerName, signal: this.signal }).first();
    return row ? JSON.parse(String(row.state)) : undefined;
  }

  async set(state: JsonValue | undefined): Promise<void> {
    const knex = await this.knex();
    const where = { provider_name: this.providerName, signal: this.signal };
    if (state === undefined) {
      await knex(SIGNAL_STATE).where(where).delete();
      return;
    }
    await knex(SIGNAL_STATE)
      .insert({ ...where, state: JSON.stringify(state) })
      .onConflict(['provider_name', 'signal'])
      .merge();
  }
}
