import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Client, GroupProfile } from '@okta/okta-sdk-nodejs';
import type { OktaProviderConfig } from '../config';
import { OktaRequestExecutor } from './OktaRequestExecutor';

// The SDK (v8.1) keeps only the schema's attributes of a group profile, so a
// custom attribute (the parent for the hierarchy, a `profile:<attribute>`
// naming strategy, profileAnnotations) would read as missing. User profiles
// are marked extensible in the SDK; group profiles are made so here.
// The SDK's types declare no such static on GroupProfile, so it is set as the property it is.
Reflect.set(GroupProfile, 'isExtensible', true);

export const OKTA_SCOPES = ['okta.users.read', 'okta.groups.read'];

/** A client for one read and its own connections. */
export interface OktaReadClient {
  client: Client;
  executor: OktaRequestExecutor;
  /** Closes every connection of this read, idle or not: none outlives the read. */
  close(): void;
}

/**
 * A client for one read: fresh executor (retry budget, rate-limit state), its own connection pool, no response cache.
 * `scopes`: what an OAuth app asks for (default users and groups read).
 */
export function createOktaClient(config: OktaProviderConfig, signal: AbortSignal | (() => AbortSignal), scopes: string[] = OKTA_SCOPES): OktaReadClient {
  const { auth } = config;
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const executor = new OktaRequestExecutor({
    signal,
    maxRetries: config.maxRetries,
    requestTimeoutMs: config.requestTimeoutMs,
    requestTimeoutSetting: `${config.configPath}.requestTimeout`,
    agent: url => (url.protocol === 'http:' ? agents.http : agents.https),
    describeOAuthClient:
      auth.kind === 'oauth'
        ? `${config.configPath}.oauth (clientId "${auth.clientId}"${auth.keyId ? `, keyId "${auth.keyId}"` : ''}; scopes ${scopes.join(' ')})`
        : undefined,
  });
  const common = { orgUrl: config.orgUrl, requestExecutor: executor, cacheMiddleware: null };
  const client =
    auth.kind === 'token'
      ? new Client({ ...common, authorizationMode: 'SSWS', token: auth.token })
      : new Client({
          ...common,
          authorizationMode: 'PrivateKey',
          clientId: auth.clientId,
          keyId: auth.keyId,
          privateKey: jwkOrPem(auth.privateKey),
          scopes,
        });
  return {
    client,
    executor,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** The configured key as the SDK takes it: a JWK parsed (checked when the config was read, oauthPrivateKey.ts: valid JSON), a PEM as it is. */
function jwkOrPem(privateKey: string): string | Record<string, unknown> {
  if (!privateKey.trim().startsWith('{')) return privateKey;
  const jwk: Record<string, unknown> = JSON.parse(privateKey);
  return jwk;
}
