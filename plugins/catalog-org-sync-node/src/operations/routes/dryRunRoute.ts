import type { Response } from 'express';
import { DryRunFlights } from '../dryRunFlights';
import { orgSyncDryRunPermission } from '../permissions';
import { dryRunView } from '../planView';
import type { RouteContext, RouteHandler } from './routeContext';

/** A dry run that takes longer than this is abandoned (the read keeps no state). */
const DRY_RUN_TIMEOUT_MS = 10 * 60_000;

/** POST /providers/:name/dry-run: what a run would apply now, without applying it; callers asking at once share one read. */
export function dryRunRoute(context: RouteContext): RouteHandler {
  const dryRuns = new DryRunFlights(DRY_RUN_TIMEOUT_MS);
  return async (req, res) => {
    const credentials = await context.callers.authorized(req, orgSyncDryRunPermission);
    const p = context.provider(req);
    const result = await dryRuns.run(p, callerGone(res));
    if (result) res.json(await dryRunView(result, context.catalog, credentials));
  };
}

/** Aborts when the client goes before its answer was sent (the connection closed). */
function callerGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
