import { isIP } from 'node:net';

/**
 * Checks an IdP base URL from config: it must parse, and it must be `https:`
 * unless it points at this machine (emulators, tests) or the operator opted in
 * with `allowInsecureHttp`: over `http:` the API token would travel in clear text.
 * `httpsOnlyBecause` refuses `http:` even then, with that reason (an IdP whose SDK talks only to `https:` URLs).
 *
 * @public
 */
export function checkIdpUrl(
  value: string,
  setting: string,
  options: { allowInsecureHttp?: boolean; optInSetting?: string; httpsOnlyBecause?: string } = {},
): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${setting} is not a URL: ${JSON.stringify(value.slice(0, 200))}`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') throw new Error(`${setting} must be an https: URL, got ${url.protocol}`);
  if (options.httpsOnlyBecause) throw new Error(`${setting} is an http: URL (${url.origin}): ${options.httpsOnlyBecause}`);
  if (isLoopbackHost(url.hostname) || options.allowInsecureHttp) return url;
  throw new Error(
    `${setting} is an http: URL (${url.origin}): the IdP's credentials would travel in clear text. ` +
      `Use https:, or set ${options.optInSetting ?? 'allowInsecureHttp'}: true if this is intended (e.g. a test IdP on a private network).`,
  );
}

/**
 * Whether a URL's host is this machine (`localhost`, `*.localhost`, `127.x.y.z`, `::1`, brackets or not): there a
 * credential sent in clear text does not cross a network.
 *
 * @public
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
