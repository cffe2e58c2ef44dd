import type { EmulatorRequest } from '../../core';
import type { GraphContext } from '../context';
import { GraphError } from '../errors';
import type { LifecycleEvent } from './types';

const LIFECYCLE_EVENTS: LifecycleEvent[] = ['reauthorizationRequired', 'missed', 'subscriptionRemoved'];

/**
 * `/__admin/graph/subscriptions/...`: what Graph does on its own and a
 * test needs on demand: lifecycle notifications, expiry, the delivery log.
 */
export function registerSubscriptionAdminRoutes(ctx: GraphContext): void {
  const { subscriptions } = ctx;
  const admin = (method: string, pattern: string, action: (req: EmulatorRequest) => unknown) =>
    ctx.server.admin(method, `/graph/subscriptions${pattern}`, req => {
      try {
        const result = action(req);
        return result === undefined ? { status: 204 } : { status: 200, body: result };
      } catch (error) {
        if (error instanceof GraphError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
        throw error;
      }
    });

  admin('GET', '', () => ({ value: subscriptions.list() }));
  admin('GET', '/deliveries', () => ({ value: subscriptions.deliveries() }));
  admin('POST', '/:id/expire', req => subscriptions.expire(req.params.id));
  admin('POST', '/:id/lifecycle', req => {
    const event = (req.body as { lifecycleEvent?: unknown } | undefined)?.lifecycleEvent;
    if (!LIFECYCLE_EVENTS.includes(event as LifecycleEvent)) {
      throw new GraphError(400, 'BadRequest', `lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}.`);
    }
    return subscriptions.lifecycle(req.params.id, event as LifecycleEvent);
  });
}
