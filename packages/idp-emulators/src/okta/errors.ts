import type { EmulatorResponse } from '../core';
import { oktaId } from './ids';

/** An Okta Management API error body. */
export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export function oktaError(
  status: number,
  errorCode: string,
  errorSummary: string,
  options: { causes?: string[]; headers?: Record<string, string> } = {},
): EmulatorResponse {
  const body: OktaErrorBody = {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: oktaId('oae', undefined, 25),
    errorCauses: (options.causes ?? []).map(errorSummary => ({ errorSummary })),
  };
  return { status, headers: options.headers, body };
}

export const oktaErrors = {
  notFound: (what: string, kind: string) => oktaError(404, 'E0000007', `Not found: Resource not found: ${what} (${kind})`),
  invalidToken: () => oktaError(401, 'E0000011', 'Invalid token provided'),
  invalidSession: () => oktaError(403, 'E0000005', 'Invalid session'),
  forbidden: (headers?: Record<string, string>) =>
    oktaError(403, 'E0000006', 'You do not have permission to perform the requested action', { headers }),
  invalidSearch: (cause: string) => oktaError(400, 'E0000031', 'Invalid search criteria.', { causes: [cause] }),
  validation: (cause: string) => oktaError(400, 'E0000001', 'Api validation failed: ' + cause, { causes: [cause] }),
  rateLimited: () => oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  server: (status: number) => {
    if (status === 429) return oktaErrors.rateLimited();
    if (status === 404) return oktaError(404, 'E0000007', 'Not found: Resource not found');
    if (status === 401) return oktaErrors.invalidToken();
    if (status === 403) return oktaErrors.forbidden();
    if (status === 400) return oktaError(400, 'E0000001', 'Api validation failed');
    if (status === 503) return oktaError(503, 'E0000010', 'Service is in read only mode');
    return oktaError(status, 'E0000009', 'Internal Server Error');
  },
};

/** An OAuth 2.0 error from the `/oauth2/v1/token` endpoint (a different format from the Management API's). */
export function oauthError(status: number, error: string, description: string): EmulatorResponse {
  return { status, body: { error, error_description: description } };
}
