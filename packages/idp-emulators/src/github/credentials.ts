import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

export type GithubIdentity =
  | { kind: 'pat'; login: string; token: string }
  | { kind: 'installation'; installationId: number; org: string; token: string }
  | { kind: 'app'; appId: number };

export type AuthFailure = { failure: string };

interface IssuedToken {
  installationId: number;
  org: string;
  expiresAtMs: number;
}

export interface GithubCredentialsOptions {
  /** The personal access token's value (default: a random `ghp_…`). */
  token?: string;
  /** Login the personal access token belongs to (a site admin outside the orgs). */
  tokenOwner?: string;
  appId?: number;
  /** PEM (PKCS#1 or PKCS#8) of the App's private key (default: a fresh 2048-bit key). */
  privateKey?: string;
  /** Installation token lifetime (default 3600, as on GitHub). */
  installationTokenTtlSeconds?: number;
}

/** A GitHub App JWT may live at most 10 minutes. */
const MAX_JWT_LIFETIME_SECONDS = 600;
/** Clock skew tolerated on `iat`. */
const SKEW_SECONDS = 60;

/** Issues and checks the three kinds of GitHub credentials the emulator accepts. */
export class GithubCredentials {
  readonly pat: string;
  readonly patOwner: string;
  readonly appId: number;
  readonly clientId: string;
  readonly appSlug = 'orgsync-emulator';
  readonly privateKey: string;
  readonly ttlSeconds: number;
  private readonly publicKey: KeyObject;
  private readonly issued = new Map<string, IssuedToken>();
  private issuedCount = 0;

  constructor(options: GithubCredentialsOptions = {}) {
    this.pat = options.token ?? `ghp_${randomToken()}`;
    this.patOwner = options.tokenOwner ?? 'ghe-admin';
    this.appId = options.appId ?? 1;
    this.clientId = `Iv1.${randomBytes(8).toString('hex')}`;
    this.privateKey =
      options.privateKey ??
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    this.publicKey = createPublicKey(this.privateKey);
    this.ttlSeconds = options.installationTokenTtlSeconds ?? 3600;
  }

  /** Number of installation tokens issued so far. */
  get installationTokensIssued(): number {
    return this.issuedCount;
  }

  issueInstallationToken(installationId: number, org: string): { token: string; expires_at: string } {
    const token = `ghs_${randomToken()}`;
    // GitHub's expires_at has second resolution; the token dies exactly then.
    const expiresAtMs = Math.floor((Date.now() + this.ttlSeconds * 1000) / 1000) * 1000;
    this.issued.set(token, { installationId, org, expiresAtMs });
    this.issuedCount++;
    return { token, expires_at: new Date(expiresAtMs).toISOString().replace('.000Z', 'Z') };
  }

  /** Forgets every installation token issued so far (the PAT keeps working). */
  revokeInstallationTokens(): number {
    const count = this.issued.size;
    this.issued.clear();
    return count;
  }

  /** Reads `Authorization: token X` / `bearer X` and says who is calling. */
  authenticate(header: string | undefined): GithubIdentity | AuthFailure | undefined {
    if (!header) return undefined;
    const match = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
    if (!match) return { failure: 'Bad credentials' };
    const value = match[2];
    if (value === this.pat) return { kind: 'pat', login: this.patOwner, token: value };
    const issued = this.issued.get(value);
    if (issued) {
      if (Date.now() >= issued.expiresAtMs) return { failure: 'Bad credentials' };
      return { kind: 'installation', installationId: issued.installationId, org: issued.org, token: value };
    }
    if (value.split('.').length === 3) return this.verifyAppJwt(value);
    return { failure: 'Bad credentials' };
  }

  /** Verifies an App JWT as GitHub does: RS256, `iss` = app id or client id, exp ≤ 10 min ahead. */
  verifyAppJwt(jwt: string): GithubIdentity | AuthFailure {
    const [headerPart, payloadPart, signaturePart] = jwt.split('.');
    let header: { alg?: string };
    let payload: { iss?: unknown; iat?: unknown; exp?: unknown };
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    } catch {
      return { failure: 'A JSON web token could not be decoded' };
    }
    const signed = verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), this.publicKey, Buffer.from(signaturePart, 'base64url'));
    if (header.alg !== 'RS256' || !signed) return { failure: 'A JSON web token could not be decoded' };
    if (String(payload.iss) !== String(this.appId) && payload.iss !== this.clientId) {
      return { failure: `'Issuer' claim ('iss') must be an Integer` };
    }
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (typeof payload.iat !== 'number' || !Number.isInteger(payload.iat) || payload.iat > nowSeconds + SKEW_SECONDS) {
      return { failure: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued" };
    }
    if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) {
      return { failure: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires" };
    }
    if (payload.exp > nowSeconds + MAX_JWT_LIFETIME_SECONDS) {
      return { failure: "'Expiration time' claim ('exp') is too far in the future" };
    }
    return { kind: 'app', appId: this.appId };
  }
}

function randomToken(): string {
  return randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36);
}
