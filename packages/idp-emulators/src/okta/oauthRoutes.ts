import type { EmulatorServer } from '../core';
import type { OktaContext } from './endpoint';
import { randomSecret } from './ids';

const TOKEN_PATH = '/oauth2/v1/token';

/** The org authorization server's token endpoint, for OAuth service apps (`private_key_jwt`). */
export function installOAuthRoutes(server: EmulatorServer, ctx: OktaContext): void {
  server.route('POST', TOKEN_PATH, req => {
    const rate = ctx.limiter.take('token');
    const headers = { ...rate.headers, 'x-okta-request-id': randomSecret(27) };
    if (!rate.allowed) {
      return { status: 429, headers, body: { error: 'too_many_requests', error_description: 'API call exceeded rate limit due to too many requests.' } };
    }
    // The assertion's audience is the token URL as the client spelled the org URL.
    const audiences = [`${ctx.baseUrl()}${TOKEN_PATH}`];
    if (req.headers.host) audiences.push(`${req.url.protocol}//${req.headers.host}${TOKEN_PATH}`);
    const response = ctx.auth.issueToken(new URLSearchParams(req.rawBody), audiences);
    return { ...response, headers: { ...headers, ...response.headers } };
  });
}
