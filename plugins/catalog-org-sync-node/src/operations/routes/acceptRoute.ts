import { PLAN_ID } from '../../guard/planId';
import { orgSyncAcceptPlanPermission } from '../permissions';
import type { PlanAcceptanceAnswer, StoredRun } from '../RunHistory';
import { principalOf } from './callers';
import { HttpError } from './httpErrors';
import type { RouteContext, RouteHandler } from './routeContext';

/** POST /providers/:name/accept `{"planHash"}`: accepts the removal plan the latest run held, for the next run only. */
export function acceptRoute(context: RouteContext): RouteHandler {
  return async (req, res) => {
    const credentials = await context.callers.authorized(req, orgSyncAcceptPlanPermission);
    const p = context.provider(req);
    const body = req.body as { planHash?: unknown } | undefined;
    const planHash = body?.planHash;
    if (typeof planHash !== 'string' || !PLAN_ID.test(planHash)) {
      throw new HttpError(400, 'the body must be {"planHash": "<plan id of a held run>"} (8 to 64 lower-case hex digits)');
    }
    const name = p.getProviderName();
    const answer = await context.history.acceptHeldPlan(name, planHash, principalOf(credentials));
    if (!answer.accepted) throw notAccepted(name, planHash, answer);
    context.logger.warn(
      `${name}: removal plan ${planHash} accepted by ${principalOf(credentials)} for the next run only: it applies the plan if it has exactly this one, and drops the acceptance otherwise`,
      { provider: name, planId: planHash },
    );
    res.json({ provider: name, planHash, accepted: true, heldBy: answer.heldBy });
  };
}

/** Why a plan cannot be accepted: 404 when no run held it, 409 when a later decision (or a run in progress) replaced it. */
function notAccepted(name: string, planHash: string, answer: Exclude<PlanAcceptanceAnswer, { accepted: true }>): HttpError {
  const runs = `GET …/providers/${name}/runs`;
  switch (answer.why) {
    case 'never-held':
      return new HttpError(404, `no run of ${name} held plan ${planHash} (${runs} shows held runs)`);
    case 'run-in-progress':
      return new HttpError(409, `a run of ${name} is in progress and decides anew; accept the plan it holds, if it holds one, when it has finished (${runs})`);
    case 'not-latest':
      return new HttpError(
        409,
        `the last run of ${name} did not hold plan ${planHash}: run ${answer.latest.runId} (${answer.latest.finishedAt}) ${lastDecision(answer.latest)}. ` +
          `Only the plan the latest run held can be accepted, for the next run (${runs})`,
      );
  }
}

function lastDecision(run: StoredRun): string {
  if (run.outcome === 'guarded') return `held plan ${run.guard?.planId}`;
  return run.outcome === 'applied' ? 'applied' : 'stopped before applying';
}
