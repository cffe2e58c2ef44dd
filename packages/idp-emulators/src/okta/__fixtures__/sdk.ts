// Test-only helpers around the real Okta SDK (this folder is excluded from the build).
import { Client } from '@okta/okta-sdk-nodejs';
import type { OktaConnectionInfo } from '../index';

/** The SDK routes every request through HTTPS_PROXY when set; the emulator is on loopback. */
export function bypassProxies(): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];
}

export function sswsClient(info: OktaConnectionInfo): Client {
  bypassProxies();
  return new Client({ orgUrl: info.orgUrl, token: info.token, cacheMiddleware: null });
}

export function privateKeyClient(info: OktaConnectionInfo, scopes: string[] = info.oauth.scopes): Client {
  bypassProxies();
  return new Client({
    orgUrl: info.orgUrl,
    authorizationMode: 'PrivateKey',
    clientId: info.oauth.clientId,
    keyId: info.oauth.keyId,
    privateKey: info.oauth.privateKey,
    scopes,
    cacheMiddleware: null,
  });
}

/** Reads a whole SDK collection (its iterator is typed `T | null`; it never yields null before the end). */
export async function collect<T>(items: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) if (item !== null) out.push(item);
  return out;
}

/** Counts the requests each route received, from the emulator's own counters. */
export function requestsTo(counters: { byRoute: Record<string, number> }, routeId: string): number {
  return counters.byRoute[routeId] ?? 0;
}
