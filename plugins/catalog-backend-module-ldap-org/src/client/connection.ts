import fs from 'node:fs';
import { Client } from 'ldapts';
import type { ConnectionOptions } from 'node:tls';
import type { LdapProviderConfig } from '../config';
import { describeLdapError } from './errors';

function readPem(path: string, setting: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${setting}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** TLS options for ldaps:// and StartTLS: the configured CA, client certificate and `rejectUnauthorized`. */
export function tlsOptionsOf(config: LdapProviderConfig): ConnectionOptions | undefined {
  const { tls, configPath } = config;
  const options: ConnectionOptions = {};
  if (tls.ca) options.ca = readPem(tls.ca, `${configPath}.tls.ca`);
  if (tls.certs && tls.keys) {
    options.cert = readPem(tls.certs, `${configPath}.tls.certs`);
    options.key = readPem(tls.keys, `${configPath}.tls.keys`);
  }
  if (tls.rejectUnauthorized !== undefined) options.rejectUnauthorized = tls.rejectUnauthorized;
  return Object.keys(options).length ? options : undefined;
}

/**
 * A connected, bound client: TLS (ldaps:// or StartTLS) first, then the bind. Errors name the target and
 * the bind DN, never the secret.
 */
export async function openLdapClient(config: LdapProviderConfig): Promise<Client> {
  const tlsOptions = tlsOptionsOf(config);
  const client = new Client({
    url: config.target,
    timeout: config.requestTimeoutMs,
    connectTimeout: Math.min(config.requestTimeoutMs, 30_000),
    ...(tlsOptions && !config.tls.startTls ? { tlsOptions } : {}),
  });
  try {
    if (config.tls.startTls) {
      try {
        await client.startTLS(tlsOptions ?? {});
      } catch (error) {
        throw new Error(`StartTLS with ${config.target} failed: ${describeLdapError(error)}`);
      }
    }
    if (config.bind) {
      try {
        await client.bind(config.bind.dn, config.bind.secret);
      } catch (error) {
        throw new Error(`LDAP bind as ${config.bind.dn} at ${config.target} failed: ${describeLdapError(error)}`);
      }
    }
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
}
