import { orgSyncRunPermission } from '../permissions';
import { HttpError } from './httpErrors';
import type { RouteContext, RouteHandler } from './routeContext';

/** POST /providers/:name/run: starts the provider's scheduled run now (202), or 409 when it has no schedule or is running. */
export function triggerRoute(context: RouteContext): RouteHandler {
  return async (req, res) => {
    await context.callers.authorized(req, orgSyncRunPermission);
    const p = context.provider(req);
    if (!p.schedule) throw new HttpError(409, `${p.getProviderName()} has no schedule of its own to trigger`);
    try {
      await context.scheduler.triggerTask(p.refreshTaskId);
    } catch (error) {
      if ((error as Error).name === 'ConflictError') throw new HttpError(409, `${p.getProviderName()} is running already`);
      throw error;
    }
    res.status(202).json({ provider: p.getProviderName(), taskId: p.refreshTaskId, triggered: true });
  };
}
