import type { OperableProvider } from '../OperableProvider';
import type { StoredRun } from '../RunHistory';
import { estimateNextRun, scheduleView } from '../scheduleView';
import { changeSignalsView } from '../signalView';
import type { RouteContext, RouteHandler } from './routeContext';

/** GET /providers: every provider with its schedule, last run, last successful apply, next run estimate, cursor and change signals. */
export function providersRoute(context: RouteContext): RouteHandler {
  return async (req, res) => {
    const shown = await context.callers.runsShownTo(req);
    const applied = await context.queries.lastApplied();
    const items = [];
    for (const p of context.providers()) items.push(await providerStatus(context, p, shown, applied.get(p.getProviderName())));
    res.json({ items });
  };
}

/** GET /providers/:name: one provider, as GET /providers lists it. */
export function providerRoute(context: RouteContext): RouteHandler {
  return async (req, res) => {
    const shown = await context.callers.runsShownTo(req);
    const p = context.provider(req);
    const applied = await context.queries.lastApplied();
    res.json(await providerStatus(context, p, shown, applied.get(p.getProviderName())));
  };
}

async function providerStatus(context: RouteContext, p: OperableProvider, shown: (run: StoredRun) => StoredRun, appliedAt: number | undefined) {
  const { history } = context;
  const name = p.getProviderName();
  const last = await history.latest(name);
  const lastApplied = await history.latest(name, 'applied');
  const cursor = await context.queries.cursor(name);
  return {
    name,
    idp: p.idp,
    id: p.id,
    schedule: scheduleView(p.schedule),
    lastRun: last ? summary(shown(last)) : null,
    lastSuccessfulApply: appliedAt === undefined ? null : { at: new Date(appliedAt).toISOString(), runId: lastApplied?.runId ?? null },
    nextRunEstimate: estimateNextRun(p.schedule, (await history.list(name, 50)).find(run => run.trigger === 'schedule')),
    cursor: cursor ? { ...cursor, ageSeconds: Math.max(0, Math.round((Date.now() - Date.parse(cursor.readAt)) / 1000)) } : null,
    changeSignals: changeSignalsView(p, await context.signals.latest(name)),
  };
}

function summary(run: StoredRun) {
  const { provider: _provider, ...rest } = run;
  return rest;
}
