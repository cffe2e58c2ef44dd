import type { BackstageCredentials, HttpAuthService, LoggerService, PermissionsService, SchedulerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DryRunFlights } from './dryRunFlights';
import { explain } from './explain';
import type { OperableProvider } from './OperableProvider';
import { ownershipLeftBehind } from './ownership';
import { orgSyncAcceptPlanPermission, orgSyncDryRunPermission, orgSyncReadRecordsPermission, orgSyncRunPermission } from './permissions';
import { dryRunView } from './planView';
import { withoutRecordEmails } from './redactRun';
import type { PlanAcceptanceAnswer, RunHistory, StoredRun } from './RunHistory';
import type { StateQueries } from './stateQueries';
import { scheduleView, estimateNextRun } from './scheduleView';
import { PLAN_ID } from '../guard/planId';

/** Where the operations API lives under the catalog's base path (`/api/catalog/org-sync/…`). */
export const OPERATIONS_PATH = '/org-sync';

export interface OperationsRouterOptions {
  providers: () => OperableProvider[];
  history: RunHistory;
  queries: StateQueries;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  logger: LoggerService;
}

/** An answer other than 200, with a message. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_Q = 512;
const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 20;
/** A dry run that takes longer than this is abandoned (the read keeps no state). */
const DRY_RUN_TIMEOUT_MS = 10 * 60_000;

/** The operations API: status, run history, dry runs, triggering, accepting held plans, explain and ownership. */
export function createOperationsRouter(options: OperationsRouterOptions): express.Router {
  const { history, queries, httpAuth, permissions, scheduler, catalog } = options;
  const router = express.Router();
  // Only on our own routes: the push receivers under /org-sync/<idp>/<id> need their bodies raw (signatures).
  const json = express.json({ limit: '16kb' });

  const reader = async (req: Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });
  const authorized = async (req: Request, permission: BasicPermission): Promise<BackstageCredentials> => {
    const credentials = await reader(req);
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) throw new HttpError(403, `not allowed: ${permission.name} is required`);
    return credentials;
  };
  /** Whether the caller may see the IdP's records (explain's record view, emails in run history's link details). */
  const readsRecords = async (credentials: BackstageCredentials): Promise<boolean> => {
    const [decision] = await permissions.authorize([{ permission: orgSyncReadRecordsPermission }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  };
  /** Runs as this caller may see them: the link details' emails hidden without `catalog.org-sync.read-records`. */
  const runsShownTo = async (req: Request): Promise<(run: StoredRun) => StoredRun> =>
    (await readsRecords(await reader(req))) ? run => run : withoutRecordEmails;
  const dryRuns = new DryRunFlights(DRY_RUN_TIMEOUT_MS);
  const provider = (req: Request): OperableProvider => {
    const name = String(req.params.name);
    const found = options.providers().find(p => p.getProviderName() === name);
    if (!found) throw new HttpError(404, `no org sync provider named "${name}" (GET ${OPERATIONS_PATH}/providers lists them)`);
    return found;
  };
  const route = (handler: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };

  router.get(
    '/providers',
    route(async (req, res) => {
      const shown = await runsShownTo(req);
      const applied = await queries.lastApplied();
      const items = [];
      for (const p of options.providers()) {
        const name = p.getProviderName();
        const last = await history.latest(name);
        const lastApplied = await history.latest(name, 'applied');
        const cursor = await queries.cursor(name);
        const appliedAt = applied.get(name);
        items.push({
          name,
          idp: p.idp,
          id: p.id,
          schedule: scheduleView(p.schedule),
          lastRun: last ? summary(shown(last)) : null,
          lastSuccessfulApply: appliedAt === undefined ? null : { at: new Date(appliedAt).toISOString(), runId: lastApplied?.runId ?? null },
          nextRunEstimate: estimateNextRun(p.schedule, (await history.list(name, 50)).find(run => run.trigger === 'schedule')),
          cursor: cursor ? { ...cursor, ageSeconds: Math.max(0, Math.round((Date.now() - Date.parse(cursor.readAt)) / 1000)) } : null,
        });
      }
      res.json({ items });
    }),
  );

  router.get(
    '/providers/:name/runs',
    route(async (req, res) => {
      const shown = await runsShownTo(req);
      const p = provider(req);
      const raw = req.query.limit;
      const limit = raw === undefined ? DEFAULT_LIMIT : Number(raw);
      if (typeof raw !== 'undefined' && (typeof raw !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) {
        throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_LIMIT}`);
      }
      res.json({ items: (await history.list(p.getProviderName(), limit)).map(shown) });
    }),
  );

  router.post(
    '/providers/:name/dry-run',
    route(async (req, res) => {
      const credentials = await authorized(req, orgSyncDryRunPermission);
      const p = provider(req);
      const result = await dryRuns.run(p, callerGone(res));
      if (result) res.json(await dryRunView(result, catalog, credentials));
    }),
  );

  router.post(
    '/providers/:name/run',
    route(async (req, res) => {
      await authorized(req, orgSyncRunPermission);
      const p = provider(req);
      if (!p.schedule) throw new HttpError(409, `${p.getProviderName()} has no schedule of its own to trigger`);
      try {
        await scheduler.triggerTask(p.refreshTaskId);
      } catch (error) {
        if ((error as Error).name === 'ConflictError') throw new HttpError(409, `${p.getProviderName()} is running already`);
        throw error;
      }
      res.status(202).json({ provider: p.getProviderName(), taskId: p.refreshTaskId, triggered: true });
    }),
  );

  router.post(
    '/providers/:name/accept',
    json,
    route(async (req, res) => {
      const credentials = await authorized(req, orgSyncAcceptPlanPermission);
      const p = provider(req);
      const body = req.body as { planHash?: unknown } | undefined;
      const planHash = body?.planHash;
      if (typeof planHash !== 'string' || !PLAN_ID.test(planHash)) {
        throw new HttpError(400, 'the body must be {"planHash": "<plan id of a held run>"} (8 to 64 lower-case hex digits)');
      }
      const name = p.getProviderName();
      const answer = await history.acceptHeldPlan(name, planHash, principalOf(credentials));
      if (!answer.accepted) throw notAccepted(name, planHash, answer);
      options.logger.warn(
        `${name}: removal plan ${planHash} accepted by ${principalOf(credentials)} for the next run only: it applies the plan if it has exactly this one, and drops the acceptance otherwise`,
        { provider: name, planId: planHash },
      );
      res.json({ provider: name, planHash, accepted: true, heldBy: answer.heldBy });
    }),
  );

  router.get(
    '/explain',
    route(async (req, res) => {
      const credentials = await reader(req);
      const q = req.query.q;
      if (typeof q !== 'string' || !q.trim() || q.length > MAX_Q) {
        throw new HttpError(400, `q must be one email, login, IdP id or entity ref (1 to ${MAX_Q} characters)`);
      }
      const detail = (await readsRecords(credentials)) ? 'records' : 'entities';
      res.json({ q, detail, providers: await explain(q.trim(), options.providers(), queries, history, detail) });
    }),
  );

  router.get(
    '/ownership',
    route(async (req, res) => {
      const credentials = await reader(req);
      const leavers = await ownershipLeftBehind(
        options.providers().map(p => p.getProviderName()),
        queries,
        history,
        catalog,
        credentials,
      );
      res.json({ items: leavers });
    }),
  );

  router.use((error: Error, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error instanceof HttpError ? error.status : statusOf(error);
    if (status >= 500) options.logger.error(`org sync operations API failed: ${error.message}`);
    res.status(status).json({ error: { name: error.name, message: status >= 500 ? 'internal error (logged)' : error.message } });
  });
  return router;
}

/** Aborts when the client goes before its answer was sent (the connection closed). */
function callerGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

function statusOf(error: Error): number {
  switch (error.name) {
    case 'AuthenticationError':
      return 401;
    case 'NotAllowedError':
      return 403;
    case 'InputError':
      return 400;
    case 'NotFoundError':
      return 404;
    case 'ConflictError':
      return 409;
    default:
      return (error as { type?: string }).type === 'entity.parse.failed' ? 400 : (error as { status?: number }).status ?? 500;
  }
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

function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type?: string; userEntityRef?: string; subject?: string };
  return p.userEntityRef ?? (p.subject ? `service:${p.subject}` : String(p.type));
}

function summary(run: StoredRun) {
  const { provider: _provider, ...rest } = run;
  return rest;
}
