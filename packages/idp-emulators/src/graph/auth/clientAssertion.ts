import { constants, verify } from 'node:crypto';
import type { ClientCertificate } from './certificate';

export class AssertionError extends Error {}

/**
 * Checks a `client_assertion` JWT the way Entra does for certificate
 * credentials: RS256 or PS256, signed by the registered certificate (named
 * by `x5t` or `x5t#S256`), `iss` = `sub` = client id, `aud` = token endpoint,
 * not expired.
 */
export function verifyClientAssertion(
  assertion: string,
  expected: { certificate: ClientCertificate; clientId: string; audiences: string[]; nowMs: number },
): void {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw new AssertionError('AADSTS50027: JWT token is invalid or malformed.');
  const [head, body, signature] = parts;
  const header = parseJson(head) as { alg?: string; x5t?: string; 'x5t#S256'?: string };
  const claims = parseJson(body) as { iss?: string; sub?: string; aud?: string; exp?: number; nbf?: number };

  const named = header['x5t#S256'] ?? header.x5t;
  if (header['x5t#S256'] !== expected.certificate.x5tS256 && header.x5t !== expected.certificate.x5t) {
    throw new AssertionError(
      `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${named ?? ''}']`,
    );
  }
  const data = Buffer.from(`${head}.${body}`);
  const sig = Buffer.from(signature, 'base64url');
  let valid: boolean;
  if (header.alg === 'RS256') valid = verify('sha256', data, expected.certificate.publicKey, sig);
  else if (header.alg === 'PS256') {
    valid = verify('sha256', data, { key: expected.certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
  } else throw new AssertionError(`AADSTS5002730: Invalid JWT token. Unsupported algorithm '${header.alg}'.`);
  if (!valid) throw new AssertionError('AADSTS7000274: Key was found, but use of the key to verify the signature failed.');

  if (claims.iss !== expected.clientId || claims.sub !== expected.clientId) {
    throw new AssertionError('AADSTS700023: Client assertion audience claim does not match Realm issuer.');
  }
  if (!claims.aud || !expected.audiences.includes(claims.aud)) {
    throw new AssertionError(`AADSTS700016: Invalid audience '${claims.aud}' in client assertion.`);
  }
  const now = expected.nowMs / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw new AssertionError('AADSTS700024: Client assertion is not within its valid time range.');
  if (typeof claims.nbf === 'number' && claims.nbf > now + 300) throw new AssertionError('AADSTS700024: Client assertion is not within its valid time range.');
}

function parseJson(part: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new AssertionError('AADSTS50027: JWT token is invalid or malformed.');
  }
}
