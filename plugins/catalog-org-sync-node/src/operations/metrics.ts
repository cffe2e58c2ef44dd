import { metrics, type Counter, type Histogram } from '@opentelemetry/api';
import type { ChangeDelivery, RunResult } from '../run/OrgEntityProvider';

/**
 * The meter of the catalog plugin, as Backstage's metrics service names it (`backstage-plugin-catalog`). Backstage's
 * `metricsServiceRef` is alpha in backend-plugin-api 1.10.1 and has no default factory (a backend must add
 * `metricsServiceFactory` itself), so the engine takes the same meter from OpenTelemetry's global MeterProvider.
 */
const METER = 'backstage-plugin-catalog';

/** The engine's instruments (one set per process, shared by every provider). */
export class OrgSyncMetrics {
  private readonly runs: Counter;
  private readonly duration: Histogram;
  private readonly reads: Counter;
  private readonly requests: Counter;
  private readonly rateLimited: Counter;
  private readonly entities: Counter;
  private readonly holds: Counter;
  private readonly deliveries: Counter;

  constructor(lastApplied: () => Promise<Map<string, number>>) {
    const meter = metrics.getMeter(METER);
    this.runs = meter.createCounter('orgsync.runs', { description: 'Finished org sync runs, by provider, trigger and outcome' });
    this.duration = meter.createHistogram('orgsync.run.duration', { description: 'Duration of org sync runs', unit: 's' });
    this.reads = meter.createCounter('orgsync.reads', { description: 'IdP reads of org sync runs, by provider, read mode and result' });
    this.requests = meter.createCounter('orgsync.read.requests', { description: 'IdP requests of org sync reads, by provider' });
    this.rateLimited = meter.createCounter('orgsync.read.rate_limited', { description: 'IdP answers that throttled org sync reads (429 or equivalent), by provider' });
    this.entities = meter.createCounter('orgsync.entities', { description: 'Entities added, changed and removed by applied runs' });
    this.holds = meter.createCounter('orgsync.guard.holds', { description: 'Runs the deletion guard held' });
    this.deliveries = meter.createCounter('orgsync.events.deliveries', { description: 'Change deliveries to org providers (pushes to their receivers, events), accepted or rejected' });
    const age = meter.createObservableGauge('orgsync.last_success.age', { description: 'Seconds since the last applied run of each provider', unit: 's' });
    age.addCallback(async result => {
      const now = Date.now();
      for (const [provider, at] of await lastApplied()) result.observe(Math.max(0, Math.round((now - at) / 1000)), { provider });
    });
  }

  runFinished(result: RunResult): void {
    const provider = result.providerName;
    this.runs.add(1, { provider, outcome: result.outcome, trigger: result.trigger });
    this.duration.record(result.durationsMs.total / 1000, { provider, outcome: result.outcome });
    this.reads.add(1, { provider, read_mode: result.readMode ?? 'none', result: result.outcome === 'read-failed' ? 'failed' : 'ok' });
    if (result.requests) {
      this.requests.add(result.requests.total, { provider });
      this.rateLimited.add(result.requests.rateLimited, { provider });
    }
    if (result.outcome === 'guarded') this.holds.add(1, { provider });
    if (result.outcome !== 'applied') return;
    for (const change of ['added', 'changed', 'removed'] as const) {
      if (result.counts[change]) this.entities.add(result.counts[change], { provider, change });
    }
  }

  deliveryNoted(provider: string, delivery: ChangeDelivery): void {
    this.deliveries.add(1, { provider, via: delivery.via, result: delivery.accepted ? 'accepted' : 'rejected' });
  }
}
