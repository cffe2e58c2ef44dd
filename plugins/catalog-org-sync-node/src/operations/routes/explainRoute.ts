import { explain } from '../explain';
import { HttpError } from './httpErrors';
import type { RouteContext, RouteHandler } from './routeContext';

const MAX_Q = 512;

/** GET /explain?q=: what each provider did with one person or group, with the IdP's record only for callers who may read records. */
export function explainRoute(context: RouteContext): RouteHandler {
  return async (req, res) => {
    const credentials = await context.callers.reader(req);
    const q = req.query.q;
    if (typeof q !== 'string' || !q.trim() || q.length > MAX_Q) {
      throw new HttpError(400, `q must be one email, login, IdP id or entity ref (1 to ${MAX_Q} characters)`);
    }
    const detail = (await context.callers.readsRecords(credentials)) ? 'records' : 'entities';
    res.json({ q, detail, providers: await explain(q.trim(), context.providers(), context.queries, context.history, detail) });
  };
}
