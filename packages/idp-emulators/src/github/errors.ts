import type { EmulatorRequest, EmulatorResponse, ErrorRenderer } from '../core';
import { rewriteGithubFault } from './faultRewrites';

const DOCS = 'https://docs.github.com/enterprise-server@3.19/rest';
export const SECONDARY_LIMIT_DOCS =
  'https://docs.github.com/enterprise-server@3.19/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
export const PRIMARY_LIMIT_DOCS = 'https://docs.github.com/enterprise-server@3.19/rest/overview/rate-limits-for-the-rest-api';

/** GitHub's REST error body: `{ message, documentation_url, status }`. */
export function githubError(status: number, message: string, documentationUrl = DOCS, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { ...baseHeaders(), ...headers }, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

export function baseHeaders(): Record<string, string> {
  return {
    'x-github-media-type': 'github.v3; format=json',
    'x-github-enterprise-version': '3.19.0',
    'x-github-request-id': `${Math.floor(Math.random() * 0xffffffff).toString(16).toUpperCase()}:EMU`,
    'x-github-api-version-selected': '2022-11-28',
  };
}

export const notFound = (): EmulatorResponse => githubError(404, 'Not Found');
export const badCredentials = (message = 'Bad credentials'): EmulatorResponse => githubError(401, message);
export const requiresAuthentication = (): EmulatorResponse => githubError(401, 'Requires authentication');
export const validationFailed = (message: string): EmulatorResponse => githubError(422, message);

/** The secondary rate limit answer: 403 with the message octokit's throttling plugin looks for. */
export function secondaryRateLimited(retryAfterSeconds = 60, status = 403): EmulatorResponse {
  return githubError(
    status,
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID EMU.',
    SECONDARY_LIMIT_DOCS,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export const githubErrorRenderer: ErrorRenderer & { notFound(req: EmulatorRequest): EmulatorResponse } = {
  serverError: status => githubError(status, status === 503 ? 'Service Unavailable' : 'Server Error'),
  rateLimited: (_req, retryAfterSeconds, status) => secondaryRateLimited(retryAfterSeconds ?? 60, status ?? 403),
  notFound: () => notFound(),
  rewriteFault: rewriteGithubFault,
};
