import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

/** The certificate registered on the emulated app registration. */
export interface ClientCertificate {
  /** PEM file with the private key and the certificate (what ClientCertificateCredential reads). */
  certificatePath: string;
  /** SHA-1 thumbprint, upper-case hex, as the Entra portal shows it. */
  thumbprint: string;
  /** base64url SHA-1 and SHA-256 of the DER certificate: the `x5t` / `x5t#S256` a client assertion names. */
  x5t: string;
  x5tS256: string;
  publicKey: KeyObject;
}

const FILE_NAME = 'graph-client-certificate.pem';

/** Reuses `graph-client-certificate.pem` from `dir` when present, else creates it (in a temp dir by default). */
export async function loadOrCreateClientCertificate(dir?: string): Promise<ClientCertificate> {
  const target = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'idp-graph-client-'));
  const file = path.join(target, FILE_NAME);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(target, { recursive: true });
    const pems = await generate([{ name: 'commonName', value: 'orgsync-graph-emulator-client' }], {
      keySize: 2048,
      notBeforeDate: new Date(Date.now() - 60_000),
      algorithm: 'sha256',
    });
    fs.writeFileSync(file, `${pems.private.trim()}\n${pems.cert.trim()}\n`, { mode: 0o600 });
  }
  return describeCertificate(file);
}

export function describeCertificate(file: string): ClientCertificate {
  const pem = fs.readFileSync(file, 'utf8');
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!certPem) throw new Error(`${file} holds no certificate`);
  const cert = new X509Certificate(certPem);
  return {
    certificatePath: file,
    thumbprint: createHash('sha1').update(cert.raw).digest('hex').toUpperCase(),
    x5t: createHash('sha1').update(cert.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
    publicKey: createPublicKey(certPem),
  };
}
