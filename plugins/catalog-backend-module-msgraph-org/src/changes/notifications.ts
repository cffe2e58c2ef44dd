import { sameSecret, type OrgChangeHints } from '@orgsync/plugin-catalog-org-sync-node';
import { isGraphId } from '../source/graphIds';

/** Most notifications one delivery may carry (Graph batches a few; a flood is not Graph). */
export const MAX_NOTIFICATIONS_PER_DELIVERY = 1000;

export type LifecycleEvent = 'reauthorizationRequired' | 'missed' | 'subscriptionRemoved';

/** What a verified delivery says. */
export interface Delivery {
  hints: OrgChangeHints;
  lifecycle: Array<{ subscriptionId: string; event: LifecycleEvent }>;
  /** Subscriptions the notifications came through. */
  subscriptionIds: string[];
}

/** Why a delivery is refused: the status to answer and a reason for the log (never the secret). */
export class RefusedDelivery extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    reason: string,
  ) {
    super(reason);
  }
}

const LIFECYCLE_EVENTS: LifecycleEvent[] = ['reauthorizationRequired', 'missed', 'subscriptionRemoved'];

/**
 * A change or lifecycle notification delivery (`{ value: [...] }`), checked
 * whole before anything is taken from it: every notification must carry the
 * configured clientState (403 otherwise: one forged item refuses the
 * delivery), come through a subscription that has not expired (403) and be
 * well formed (400). Change notifications name users and
 * groups (`Users/{id}`, `#Microsoft.Graph.Group`): their ids become hints.
 */
export function readDelivery(body: unknown, clientState: string, now: number = Date.now()): Delivery {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '');
  } catch {
    throw new RefusedDelivery(400, 'the body is not JSON');
  }
  const value = (parsed as { value?: unknown } | null)?.value;
  if (!Array.isArray(value) || value.length === 0) throw new RefusedDelivery(400, 'the body has no "value" list of notifications');
  if (value.length > MAX_NOTIFICATIONS_PER_DELIVERY) throw new RefusedDelivery(400, `the body holds ${value.length} notifications (at most ${MAX_NOTIFICATIONS_PER_DELIVERY})`);
  if (!value.every(item => item && typeof item === 'object' && sameSecret((item as { clientState?: unknown }).clientState, clientState))) {
    throw new RefusedDelivery(403, 'a notification does not carry the configured clientState');
  }

  const users = new Set<string>();
  const groups = new Set<string>();
  const delivery: Delivery = { hints: {}, lifecycle: [], subscriptionIds: [] };
  for (const item of value as Array<Record<string, unknown>>) {
    const subscriptionId = item.subscriptionId;
    if (typeof subscriptionId !== 'string' || !subscriptionId) throw new RefusedDelivery(400, 'a notification has no subscriptionId');
    delivery.subscriptionIds.push(subscriptionId);
    const expires = typeof item.subscriptionExpirationDateTime === 'string' ? Date.parse(item.subscriptionExpirationDateTime) : NaN;
    // Graph sends nothing through an expired subscription: such a notification is an old one sent again.
    if (Number.isFinite(expires) && expires < now) throw new RefusedDelivery(403, `a notification of subscription ${subscriptionId} is from after its expiry (a replay)`);
    if (item.lifecycleEvent !== undefined) {
      if (!LIFECYCLE_EVENTS.includes(item.lifecycleEvent as LifecycleEvent)) throw new RefusedDelivery(400, `unknown lifecycleEvent ${JSON.stringify(String(item.lifecycleEvent)).slice(0, 60)}`);
      delivery.lifecycle.push({ subscriptionId, event: item.lifecycleEvent as LifecycleEvent });
      continue;
    }
    const target = changeTarget(item);
    if (!target) throw new RefusedDelivery(400, 'a change notification names no user or group id');
    (target.kind === 'users' ? users : groups).add(target.id);
  }
  if (users.size) delivery.hints.users = [...users];
  if (groups.size) delivery.hints.groups = [...groups];
  if (delivery.lifecycle.some(l => l.event === 'missed' || l.event === 'subscriptionRemoved')) {
    delivery.hints.resync = 'Microsoft Graph said change notifications were missed or the subscription was removed';
  }
  return delivery;
}

function changeTarget(item: Record<string, unknown>): { kind: 'users' | 'groups'; id: string } | undefined {
  const data = (item.resourceData ?? {}) as Record<string, unknown>;
  const type = typeof data['@odata.type'] === 'string' ? (data['@odata.type'] as string).toLowerCase() : '';
  const resource = typeof item.resource === 'string' ? item.resource : '';
  const match = /^\/?(users|groups)\/([^/?]+)$/i.exec(resource);
  const kind = type === '#microsoft.graph.user' ? 'users' : type === '#microsoft.graph.group' ? 'groups' : (match?.[1].toLowerCase() as 'users' | 'groups' | undefined);
  const id = typeof data.id === 'string' ? data.id : match?.[2];
  return kind && isGraphId(id) ? { kind, id } : undefined;
}
