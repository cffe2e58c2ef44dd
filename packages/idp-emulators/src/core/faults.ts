import type { ActiveFault, FaultRule } from './types';

/** Holds fault rules and decides, per request, which one (if any) fires. */
export class FaultController {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(random: () => number = Math.random) {
    this.random = random;
  }

  add(rule: FaultRule): ActiveFault {
    validateFault(rule);
    const active: ActiveFault = { ...rule, id: String(this.nextId++), seen: 0, fired: 0 };
    this.rules.push(active);
    return active;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter(r => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map(r => ({ ...r }));
  }

  /** All rules that fire for this request, in the order they were added. */
  match(method: string, path: string, routeId: string): ActiveFault[] {
    const fired: ActiveFault[] = [];
    for (const rule of this.rules) {
      if (!routeMatches(rule.route, method, path, routeId)) continue;
      rule.seen++;
      if (rule.seen <= (rule.afterRequests ?? 0)) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (this.random() >= (rule.probability ?? 1)) continue;
      rule.fired++;
      fired.push(rule);
    }
    this.rules = this.rules.filter(r => r.count === undefined || r.fired < r.count);
    return fired;
  }
}

function routeMatches(pattern: string | undefined, method: string, path: string, routeId: string): boolean {
  if (!pattern || pattern === '*') return true;
  if (pattern === routeId) return true;
  if (pattern.startsWith('/')) return path.startsWith(pattern);
  const [m, p] = pattern.split(' ', 2);
  return m === method && p !== undefined && path.startsWith(p);
}

const KINDS = new Set(['status', 'rate-limit', 'reset', 'truncate', 'hang', 'latency', 'trickle', 'loop', 'empty-page', 'inner-error']);

/** Kinds that rewrite the real answer (each IdP's `rewriteFault`). */
export const REWRITE_KINDS = new Set(['loop', 'empty-page', 'inner-error']);

export function validateFault(rule: FaultRule): void {
  if (!rule || typeof rule !== 'object') throw new Error('fault must be an object');
  if (!KINDS.has(rule.kind)) throw new Error(`unknown fault kind "${rule.kind}" (one of ${[...KINDS].join(', ')})`);
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new Error('fault probability must be between 0 and 1');
  }
}

/**
 * Parses the CLI form `kind[:key=value,...][@route]`, e.g.
 * `status:status=503,probability=0.1@GET /api/v1/users` or `latency:latencyMs=50`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const at = spec.indexOf('@');
  const head = at >= 0 ? spec.slice(0, at) : spec;
  const route = at >= 0 ? spec.slice(at + 1) : undefined;
  const [kind, params] = head.split(':', 2);
  const rule: FaultRule = { kind: kind as FaultRule['kind'], route };
  for (const pair of params ? params.split(',') : []) {
    const [key, value] = pair.split('=', 2);
    const num = Number(value);
    (rule as unknown as Record<string, unknown>)[key] = Number.isFinite(num) ? num : value;
  }
  validateFault(rule);
  return rule;
}
