import { createPrivateKey, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import type { EmulatorResponse } from '../core';
import { oauthError, oktaErrors } from './errors';
import { oktaId, randomSecret } from './ids';

export const DEFAULT_SCOPES = ['okta.users.read', 'okta.groups.read', 'okta.logs.read'];
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const HASH_OF_ALG: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
/** Okta refuses client assertions that live longer than an hour. */
const MAX_ASSERTION_LIFETIME_S = 3600;

export interface OktaAuthOptions {
  /** The SSWS API token. Default: random. */
  apiToken?: string;
  /** The OAuth service app. Defaults: a random client id, key id and a fresh 2048-bit RSA key. */
  oauth?: {
    clientId?: string;
    keyId?: string;
    /** PEM (PKCS#8 or PKCS#1) RSA private key; the public key registered for the app is derived from it. */
    privateKey?: string;
    /** Scopes the app is granted. Default okta.users.read okta.groups.read okta.logs.read. */
    scopes?: string[];
  };
  /** Lifetime of issued access tokens. Default 3600. */
  accessTokenTtlSeconds?: number;
}

/** Who a request authenticated as: the API token holds every scope, an access token its granted ones. */
export type Principal = { kind: 'ssws' } | { kind: 'oauth'; scopes: Set<string> };

interface IssuedToken {
  expiresAtMs: number;
  scopes: Set<string>;
}

/** API-token and OAuth service-app authentication, as Okta's org authorization server does it. */
export class OktaAuth {
  readonly apiToken: string;
  readonly clientId: string;
  readonly keyId: string;
  readonly privateKeyPem: string;
  readonly scopes: string[];
  private readonly publicKey: KeyObject;
  private readonly ttlSeconds: number;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly usedAssertionIds = new Map<string, number>();

  constructor(options: OktaAuthOptions = {}) {
    this.apiToken = options.apiToken ?? `00${randomSecret(40)}`;
    this.clientId = options.oauth?.clientId ?? oktaId('0oa');
    this.keyId = options.oauth?.keyId ?? randomSecret(43);
    this.scopes = options.oauth?.scopes ?? DEFAULT_SCOPES;
    this.ttlSeconds = options.accessTokenTtlSeconds ?? 3600;
    if (options.oauth?.privateKey) {
      this.privateKeyPem = options.oauth.privateKey;
      this.publicKey = createPublicKey(createPrivateKey(this.privateKeyPem));
    } else {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      this.publicKey = pair.publicKey;
    }
  }

  /** Checks an `Authorization` header: `SSWS <api token>`, or `Bearer`/`DPoP <access token>`. */
  authenticate(header: string | undefined): { principal: Principal } | { error: EmulatorResponse } {
    if (!header) return { error: oktaErrors.invalidSession() };
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const credential = header.slice(space + 1).trim();
    if (scheme === 'ssws') {
      return credential === this.apiToken ? { principal: { kind: 'ssws' } } : { error: oktaErrors.invalidToken() };
    }
    if (scheme === 'bearer' || scheme === 'dpop') {
      const token = this.tokens.get(credential);
      if (!token) return { error: oktaErrors.invalidToken() };
      if (Date.now() >= token.expiresAtMs) {
        this.tokens.delete(credential);
        return { error: oktaErrors.invalidToken() };
      }
      return { principal: { kind: 'oauth', scopes: token.scopes } };
    }
    return { error: oktaErrors.invalidToken() };
  }

  /**
   * `POST /oauth2/v1/token` with `client_credentials` and a `private_key_jwt`
   * client assertion. `audiences` are the token URLs the assertion may name.
   */
  issueToken(form: URLSearchParams, audiences: string[]): EmulatorResponse {
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].');
    }
    if (form.get('client_assertion_type') !== JWT_BEARER || !form.get('client_assertion')) {
      return oauthError(401, 'invalid_client', 'Client authentication failed: a private_key_jwt client assertion is required.');
    }
    const problem = this.checkAssertion(form.get('client_assertion')!, audiences);
    if (problem) return oauthError(401, 'invalid_client', problem);
    const clientId = form.get('client_id');
    if (clientId && clientId !== this.clientId) return oauthError(401, 'invalid_client', 'The client_id does not match the client assertion.');

    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (requested.length === 0) return oauthError(400, 'invalid_scope', 'The authorization server requires at least one scope.');
    const refused = requested.filter(scope => !this.scopes.includes(scope));
    if (refused.length > 0) return oauthError(400, 'invalid_scope', `The following scopes are not allowed: ${refused.join(', ')}`);

    const accessToken = randomSecret(64);
    this.tokens.set(accessToken, { expiresAtMs: Date.now() + this.ttlSeconds * 1000, scopes: new Set(requested) });
    return {
      status: 200,
      headers: { 'cache-control': 'no-cache, no-store', pragma: 'no-cache' },
      body: { token_type: 'Bearer', expires_in: this.ttlSeconds, access_token: accessToken, scope: requested.join(' ') },
    };
  }

  /** Invalidates every issued access token; returns how many were live. */
  revokeAccessTokens(): number {
    const live = [...this.tokens.values()].filter(t => Date.now() < t.expiresAtMs).length;
    this.tokens.clear();
    return live;
  }

  /** Returns why the assertion is refused, or undefined when it is good. */
  private checkAssertion(assertion: string, audiences: string[]): string | undefined {
    const parts = assertion.split('.');
    if (parts.length !== 3) return 'The client_assertion is not a valid JWT.';
    let header: { alg?: string; kid?: string };
    let claims: { iss?: string; sub?: string; aud?: string | string[]; exp?: number; iat?: number; jti?: string };
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return 'The client_assertion is not a valid JWT.';
    }
    const hash = header.alg ? HASH_OF_ALG[header.alg] : undefined;
    if (!hash) return `The client_assertion signature algorithm ${header.alg} is not supported.`;
    if (header.kid && header.kid !== this.keyId) return 'The client_assertion token has a kid which does not identify a key in the client JWKS.';
    const signed = verify(hash, Buffer.from(`${parts[0]}.${parts[1]}`), this.publicKey, Buffer.from(parts[2], 'base64url'));
    if (!signed) return 'The client_assertion signature is invalid.';
    if (claims.iss !== this.clientId || claims.sub !== this.clientId) return 'The client_assertion iss and sub must both be the client_id.';
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some(a => a !== undefined && audiences.includes(a))) return `The audience of the client_assertion must be the token endpoint: ${audiences[0]}`;
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) return 'The client_assertion token is expired.';
    if (claims.exp - (claims.iat ?? now) > MAX_ASSERTION_LIFETIME_S) return 'The client_assertion token has an expiration too far in the future.';
    if (claims.jti) {
      for (const [jti, exp] of this.usedAssertionIds) if (exp <= now) this.usedAssertionIds.delete(jti);
      if (this.usedAssertionIds.has(claims.jti)) return 'The client_assertion token has already been used.';
      this.usedAssertionIds.set(claims.jti, claims.exp);
    }
    return undefined;
  }
}
