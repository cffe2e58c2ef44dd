import { HttpError } from './httpErrors';
import type { RouteContext, RouteHandler } from './routeContext';

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 20;

/** GET /providers/:name/runs?limit=: the provider's latest runs, newest first, as the caller may see them. */
export function runsRoute(context: RouteContext): RouteHandler {
  return async (req, res) => {
    const shown = await context.callers.runsShownTo(req);
    const p = context.provider(req);
    const limit = limitOf(req.query.limit);
    res.json({ items: (await context.history.list(p.getProviderName(), limit)).map(shown) });
  };
}

function limitOf(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}
