import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../../core';
import type { GraphContext } from '../context';
import { AssertionError, verifyClientAssertion } from './clientAssertion';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The Entra ID (login.microsoftonline.com) endpoints MSAL needs for the
 * client-credentials flow: OpenID discovery, the v2.0 token endpoint, JWKS.
 */
export function registerEntraRoutes(ctx: GraphContext): void {
  const { server } = ctx;
  server.route('GET', '/:tenant/v2.0/.well-known/openid-configuration', req => {
    const tenantError = checkTenant(ctx, req);
    if (tenantError) return tenantError;
    return { status: 200, body: openIdConfiguration(server.baseUrl, ctx.app.tenantId) };
  });
  server.route('GET', '/:tenant/discovery/v2.0/keys', () => ({ status: 200, body: { keys: [] } }));
  server.route('POST', '/:tenant/oauth2/v2.0/token', req => token(ctx, req));
}

export function openIdConfiguration(baseUrl: string, tenantId: string): Record<string, unknown> {
  const root = `${baseUrl}/${tenantId}`;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${root}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
    kerberos_endpoint: `${root}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

function checkTenant(ctx: GraphContext, req: EmulatorRequest): EmulatorResponse | undefined {
  const tenant = req.params.tenant.toLowerCase();
  const domains = ctx.store.organization.verifiedDomains.map(d => d.name.toLowerCase());
  if (tenant === ctx.app.tenantId.toLowerCase() || domains.includes(tenant) || tenant === 'organizations') return undefined;
  return oauthError(400, 'invalid_request', 90002, `Tenant '${req.params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
}

function token(ctx: GraphContext, req: EmulatorRequest): EmulatorResponse {
  const tenantError = checkTenant(ctx, req);
  if (tenantError) return tenantError;
  const form = new URLSearchParams(req.rawBody);
  const basic = basicCredentials(req);
  const clientId = form.get('client_id') ?? basic?.id;
  const grantType = form.get('grant_type');
  const scope = form.get('scope') ?? '';

  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
  }
  if (clientId !== ctx.app.clientId) {
    return oauthError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${ctx.app.tenantId}'.`);
  }
  const secret = form.get('client_secret') ?? basic?.secret;
  const assertion = form.get('client_assertion');
  if (secret !== undefined && secret !== null) {
    if (!safeEqual(secret, ctx.app.clientSecret)) {
      return oauthError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
  } else if (assertion) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return oauthError(400, 'invalid_request', 90015, `Requested client assertion type is not supported.`);
    }
    try {
      const tokenUrl = `${ctx.server.baseUrl}${req.url.pathname}`;
      verifyClientAssertion(assertion, {
        certificate: ctx.app.certificate,
        clientId: ctx.app.clientId,
        audiences: [tokenUrl, `${ctx.server.baseUrl}/${ctx.app.tenantId}/oauth2/v2.0/token`],
        nowMs: ctx.now(),
      });
    } catch (error) {
      if (error instanceof AssertionError) return oauthError(401, 'invalid_client', 700027, error.message.replace(/^AADSTS\d+: /, ''));
      throw error;
    }
  } else {
    return oauthError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (!scope.split(/\s+/).some(s => /^https:\/\/graph\.microsoft\.com\/?\.default$/i.test(s) || s === '00000003-0000-0000-c000-000000000000/.default')) {
    return oauthError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const issued = ctx.tokens.issue(clientId);
  return {
    status: 200,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    body: { token_type: 'Bearer', expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.accessToken },
  };
}

function basicCredentials(req: EmulatorRequest): { id: string; secret: string } | undefined {
  const header = req.headers.authorization;
  const match = /^Basic\s+(\S+)$/i.exec(Array.isArray(header) ? header[0] : header ?? '');
  if (!match) return undefined;
  const [id, secret] = Buffer.from(match[1], 'base64').toString('utf8').split(':', 2);
  return { id: decodeURIComponent(id), secret: decodeURIComponent(secret ?? '') };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Entra's OAuth error shape (`AADSTSnnnn: ...`). */
export function oauthError(status: number, error: string, code: number, description: string): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}
