import type { OktaProviderConfig } from '../config';

/** The error's message plus what to check when Okta refused the credentials. */
export function describeOktaError(error: unknown, config: OktaProviderConfig): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  const status = (error as { status?: unknown } | undefined)?.status;
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
