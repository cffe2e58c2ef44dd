import type { HttpAuthService, LoggerService, PermissionsService, SchedulerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NextFunction, Request, Response } from 'express';
import type { OperableProvider } from '../OperableProvider';
import type { RunHistory } from '../RunHistory';
import type { SignalActivity } from '../SignalActivity';
import type { StateQueries } from '../stateQueries';
import type { Callers } from './callers';

export interface OperationsRouterOptions {
  providers: () => OperableProvider[];
  history: RunHistory;
  queries: StateQueries;
  signals: SignalActivity;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  logger: LoggerService;
}

/** What every route handler gets: the router's services, the caller checks, and the provider a path names. */
export interface RouteContext extends OperationsRouterOptions {
  callers: Callers;
  /** The provider named by the path's `:name` (404 when there is none). */
  provider(req: Request): OperableProvider;
}

export type RouteHandler = (req: Request, res: Response) => Promise<unknown>;

/** An async handler as express middleware: its failure goes to the router's error handler. */
export function route(handler: RouteHandler) {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}
