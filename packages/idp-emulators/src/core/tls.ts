import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** Path of the PEM certificate clients must trust (NODE_EXTRA_CA_CERTS or an agent's `ca`). */
  caPath: string;
}

/**
 * A throw-away self-signed certificate for localhost / 127.0.0.1, written to
 * `dir` (default: a fresh temp dir) so clients can trust it by path.
 */
export async function createSelfSignedTls(dir?: string): Promise<TlsMaterial> {
  const target = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'idp-emulator-tls-'));
  fs.mkdirSync(target, { recursive: true });
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    notBeforeDate: new Date(Date.now() - 60_000),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const caPath = path.join(target, 'ca.pem');
  fs.writeFileSync(caPath, pems.cert);
  fs.writeFileSync(path.join(target, 'key.pem'), pems.private, { mode: 0o600 });
  return { key: pems.private, cert: pems.cert, caPath };
}

/**
 * Reuses `ca.pem` / `key.pem` from `dir` when both exist, else creates them.
 * Lets a test runner or demo script trust the certificate through
 * `NODE_EXTRA_CA_CERTS` before any emulator process starts.
 */
export async function loadOrCreateTls(dir: string): Promise<TlsMaterial> {
  const caPath = path.join(dir, 'ca.pem');
  const keyPath = path.join(dir, 'key.pem');
  if (fs.existsSync(caPath) && fs.existsSync(keyPath)) {
    return { key: fs.readFileSync(keyPath, 'utf8'), cert: fs.readFileSync(caPath, 'utf8'), caPath };
  }
  return createSelfSignedTls(dir);
}
