import type { OktaProviderConfig } from '../config';

/** The HTTP status an SDK error carries (`status`), if it carries one. */
export function statusOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
}

/** The error's message plus what to check when Okta refused the credentials. */
export function describeOktaError(error: unknown, config: OktaProviderConfig): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  const status = statusOf(error);
  const credentials = config.auth.kind === 'token' ? `${config.configPath}.token` : `${config.configPath}.oauth`;
  if (status === 401) return `${message} (Okta refused the credentials: check ${credentials})`;
  if (status === 403) {
    return `${message} (Okta denied access: ${
      config.auth.kind === 'token'
        ? `the API token's admin needs read access to users and groups`
        : `grant the service app okta.users.read and okta.groups.read`
    })`;
  }
  return message;
}
