import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The members a private JWK of each key type the Okta SDK signs with must have. */
const PRIVATE_JWK_FIELDS: Record<string, string[]> = {
  RSA: ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['crv', 'x', 'y', 'd'],
};

/**
 * Checks that `oauth.privateKey` is an RSA or EC private key, as a PEM or a
 * JWK, so a bad key fails at start-up rather than at the first token request.
 * Errors name the setting and what is wrong in general terms, and never
 * quote the key: parsers' messages do (Node's JSON error shows the text
 * around the fault), and redaction only finds the key when it is whole.
 */
export function checkOAuthPrivateKey(privateKey: string, setting: string): void {
  const text = privateKey.trim();
  if (text.startsWith('{')) checkJwk(text, setting);
  else if (text.startsWith('-----BEGIN')) checkPem(text, setting);
  else throw new Error(`${setting} must be a PEM ("-----BEGIN ...") or a JWK (JSON object)`);
}

function checkJwk(text: string, setting: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${setting} starts like a JWK but is not valid JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${setting} starts like a JWK but is not a JSON object`);
  const jwk: Record<string, unknown> = Object.fromEntries(Object.entries(parsed));
  if (jwk.kty === undefined) throw new Error(`${setting} is a JWK missing field kty (RSA or EC)`);
  const required = typeof jwk.kty === 'string' ? PRIVATE_JWK_FIELDS[jwk.kty] : undefined;
  if (!required) throw new Error(`${setting} is a JWK of an unsupported kty; the Okta SDK signs with RSA or EC keys`);
  const missing = required.filter(field => typeof jwk[field] !== 'string' || !jwk[field]);
  if (missing.length) {
    throw new Error(`${setting} is a ${jwk.kty} JWK missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a private key is needed)`);
  }
  let usable = false;
  try {
    usable = signsForItsPublicKey(createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }));
  } catch {
    // reported below
  }
  if (!usable) throw new Error(`${setting} is a ${jwk.kty} JWK whose fields do not make a usable private key`);
}

/** Whether a signature made with the key verifies with its public half: a JWK's fields are taken as given, not checked against each other. */
function signsForItsPublicKey(key: KeyObject): boolean {
  const data = Buffer.from('orgsync key check');
  return verify('sha256', data, createPublicKey(key), sign('sha256', data, key));
}

function checkPem(text: string, setting: string): void {
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    throw new Error(`${setting} is not a readable PEM private key (unencrypted PKCS#8 or PKCS#1/SEC1; check that nothing was cut or re-wrapped)`);
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw new Error(`${setting} is a PEM ${key.asymmetricKeyType ?? 'unknown'} key; the Okta SDK signs with RSA or EC keys`);
  }
}

/** The private members of a JWK, each secret on its own. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/**
 * The key and its secret parts, for redaction: a parser or the SDK may quote
 * one member of a JWK or one line of a PEM, and redaction only finds whole strings.
 */
export function privateKeySecrets(privateKey: string): string[] {
  const text = privateKey.trim();
  const parts = [privateKey];
  if (text.startsWith('-----BEGIN')) {
    parts.push(...text.split(/\r?\n/).filter(line => line && !line.startsWith('-----')));
  } else {
    try {
      const jwk: Record<string, unknown> = JSON.parse(text);
      for (const member of PRIVATE_JWK_MEMBERS) {
        const value = jwk[member];
        if (typeof value === 'string') parts.push(value);
      }
    } catch {
      // refused when the config was read
    }
  }
  return parts;
}
