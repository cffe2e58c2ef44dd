import type { BackstageCredentials, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { orgSyncReadRecordsPermission } from '../permissions';
import { withoutRecordEmails } from '../redactRun';
import type { StoredRun } from '../RunHistory';
import { HttpError } from './httpErrors';

/** Who is calling and what they may do: the permission and redaction checks every route shares. */
export interface Callers {
  /** A signed-in user's or a service's credentials (401 otherwise). */
  reader(req: Request): Promise<BackstageCredentials>;
  /** The caller's credentials when they hold `permission` (403 otherwise). */
  authorized(req: Request, permission: BasicPermission): Promise<BackstageCredentials>;
  /** Whether the caller may see the IdP's records (explain's record view, emails in run history's link details). */
  readsRecords(credentials: BackstageCredentials): Promise<boolean>;
  /** Runs as this caller may see them: the link details' emails hidden without `catalog.org-sync.read-records`. */
  runsShownTo(req: Request): Promise<(run: StoredRun) => StoredRun>;
}

export function callers(httpAuth: HttpAuthService, permissions: PermissionsService): Callers {
  const allows = async (credentials: BackstageCredentials, permission: BasicPermission) => {
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    return decision.result === AuthorizeResult.ALLOW;
  };
  const reader = async (req: Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });
  const readsRecords = (credentials: BackstageCredentials) => allows(credentials, orgSyncReadRecordsPermission);
  return {
    reader,
    readsRecords,
    async authorized(req, permission) {
      const credentials = await reader(req);
      if (!(await allows(credentials, permission))) throw new HttpError(403, `not allowed: ${permission.name} is required`);
      return credentials;
    },
    async runsShownTo(req) {
      return (await readsRecords(await reader(req))) ? run => run : withoutRecordEmails;
    },
  };
}

/** Who accepted a plan, for the log and the run history: a user's entity ref or `service:<subject>`. */
export function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type?: string; userEntityRef?: string; subject?: string };
  return p.userEntityRef ?? (p.subject ? `service:${p.subject}` : String(p.type));
}
