import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** What the last applied run left in the catalog for one provider. */
export interface AppliedState {
  appliedAt: string;
  /** Entity ref → hash of the entity as applied. */
  entities: Record<string, string>;
  /** IdP record id → entity name as applied, so names stay with their records. */
  names?: { users: Record<string, string>; groups: Record<string, string> };
}

/**
 * Where a provider remembers what it last applied, so the deletion guard and
 * the change counts survive restarts and are shared by replicas.
 */
export interface ProviderStateStore {
  getAppliedState(providerName: string): Promise<AppliedState | undefined>;
  saveAppliedState(providerName: string, state: AppliedState): Promise<void>;
}

const TABLE = 'org_sync_provider_state';

/** Keeps provider state in a table of the catalog's own database (SQLite or PostgreSQL). */
export class DatabaseProviderStateStore implements ProviderStateStore {
  private ready?: Promise<Knex>;

  constructor(private readonly database: DatabaseService) {}

  static create(database: DatabaseService): DatabaseProviderStateStore {
    return new DatabaseProviderStateStore(database);
  }

  async getAppliedState(providerName: string): Promise<AppliedState | undefined> {
    const knex = await this.knex();
    const row = await knex(TABLE).where({ provider_name: providerName }).first();
    if (!row?.applied_entities) return undefined;
    return {
      appliedAt: String(row.applied_at),
      entities: JSON.parse(row.applied_entities),
      names: row.record_names ? JSON.parse(row.record_names) : undefined,
    };
  }

  async saveAppliedState(providerName: string, state: AppliedState): Promise<void> {
    const knex = await this.knex();
    await knex(TABLE)
      .insert({
        provider_name: providerName,
        applied_at: state.appliedAt,
        applied_entities: JSON.stringify(state.entities),
        record_names: state.names ? JSON.stringify(state.names) : null,
      })
      .onConflict('provider_name')
      .merge();
  }

  private knex(): Promise<Knex> {
    this.ready ??= this.database.getClient().then(async knex => {
      await ensureTable(knex);
      return knex;
    });
    return this.ready;
  }
}

async function ensureTable(knex: Knex): Promise<void> {
  try {
    if (!(await knex.schema.hasTable(TABLE))) {
      await knex.schema.createTable(TABLE, table => {
        table.string('provider_name', 255).primary();
        table.string('applied_at', 64).notNullable();
        table.text('applied_entities', 'longtext').notNullable();
        table.text('record_names', 'longtext').nullable();
      });
    } else if (!(await knex.schema.hasColumn(TABLE, 'record_names'))) {
      await knex.schema.alterTable(TABLE, table => table.text('record_names', 'longtext').nullable());
    }
  } catch (error) {
    // Another replica may have made the same change at the same moment.
    if (!(await knex.schema.hasTable(TABLE)) || !(await knex.schema.hasColumn(TABLE, 'record_names'))) throw error;
  }
}
