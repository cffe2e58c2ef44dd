import type { Knex } from 'knex';
import { PLAN_ACCEPTANCES, SPENT_ACCEPT_PLANS } from './migrations';

/** An acceptance of a held removal plan, for the provider's next run that evaluates the deletion guard. @alpha */
export interface PlanAcceptance {
  planId: string;
  /** Who accepted: the principal of the operations API call, or the config key (`….guard.acceptPlan`). */
  by: string;
  via: 'operations-api' | 'config';
}

/** When and by which run a `guard.acceptPlan` value was spent. */
export interface SpentAcceptPlan {
  planId: string;
  runId: string;
  spentAt: string;
}

interface AcceptanceRow {
  plan_id: string;
  accepted_by: string;
  accepted_at: number | string;
}

/**
 * A provider's acceptances of held plans, in the catalog's database so replicas and restarts agree. Each is for one
 * run: the operations API's pending acceptance is taken (deleted) by the run that uses it, a `guard.acceptPlan` value
 * is marked spent by the run that uses it. Both are atomic, so of two runs (replicas) only one gets an acceptance.
 */
export class PlanAcceptances {
  constructor(
    private readonly knex: () => Promise<Knex>,
    private readonly providerName: string,
  ) {}

  /** Keeps an acceptance through the operations API for the next run; it replaces any earlier one of this provider. */
  async accept(planId: string, acceptedBy: string): Promise<void> {
    const knex = await this.knex();
    await knex.transaction(async trx => {
      await trx(PLAN_ACCEPTANCES).where({ provider_name: this.providerName }).delete();
      await trx(PLAN_ACCEPTANCES).insert({ provider_name: this.providerName, plan_id: planId, accepted_by: acceptedBy, accepted_at: Date.now() });
    });
  }

  /** The acceptance the next run would take, left in place (for dry runs). */
  async pending(): Promise<PlanAcceptance | undefined> {
    const row = await this.pendingRow();
    return row && { planId: row.plan_id, by: row.accepted_by, via: 'operations-api' };
  }

  /** Takes the pending acceptance for this run; undefined when there is none or another run took it first. */
  async take(): Promise<PlanAcceptance | undefined> {
    const row = await this.pendingRow();
    if (!row) return undefined;
    const knex = await this.knex();
    const deleted = await knex(PLAN_ACCEPTANCES)
      .where({ provider_name: this.providerName, plan_id: row.plan_id, accepted_at: Number(row.accepted_at) })
      .delete();
    return deleted === 1 ? { planId: row.plan_id, by: row.accepted_by, via: 'operations-api' } : undefined;
  }

  /** The `guard.acceptPlan` value a run of this provider spent last, if any. */
  async spentConfigPlan(): Promise<SpentAcceptPlan | undefined> {
    const knex = await this.knex();
    const row: { plan_id: string; run_id: string; spent_at: number | string } | undefined = await knex(SPENT_ACCEPT_PLANS)
      .where({ provider_name: this.providerName })
      .first();
    return row && { planId: row.plan_id, runId: row.run_id, spentAt: new Date(Number(row.spent_at)).toISOString() };
  }

  /**
   * Marks the `guard.acceptPlan` value `planId` spent by `runId`: true when this call spent it, false when it was
   * spent already (by an earlier run, or by another replica a moment ago). Only the last value is kept, so a changed
   * value is a new acceptance.
   */
  async spendConfigPlan(planId: string, runId: string): Promise<boolean> {
    const knex = await this.knex();
    const spent = { plan_id: planId, run_id: runId, spent_at: Date.now() };
    const replaced = await knex(SPENT_ACCEPT_PLANS).where({ provider_name: this.providerName }).andWhereNot({ plan_id: planId }).update(spent);
    if (replaced > 0) return true;
    try {
      await knex(SPENT_ACCEPT_PLANS).insert({ provider_name: this.providerName, ...spent });
      return true;
    } catch (error) {
      // The row exists with this value (spent already), or the insert failed for another reason: not ours to use.
      if ((await this.spentConfigPlan())?.planId === planId) return false;
      throw error;
    }
  }

  /** `guard.acceptPlan` is unset: whatever value is set next is a new acceptance, even the one spent last. */
  async forgetSpentConfigPlan(): Promise<void> {
    const knex = await this.knex();
    await knex(SPENT_ACCEPT_PLANS).where({ provider_name: this.providerName }).delete();
  }

  private async pendingRow(): Promise<AcceptanceRow | undefined> {
    const knex = await this.knex();
    return knex(PLAN_ACCEPTANCES).where({ provider_name: this.providerName }).orderBy('accepted_at', 'desc').first();
  }
}
