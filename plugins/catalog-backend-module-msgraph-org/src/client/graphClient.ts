import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { RequestBudget } from './requestBudget';
import { RequestTimeoutHandler } from './requestTimeoutHandler';

/** Retries of a whole HTTP request on 429/503/504 (the client's maximum); its default is 3. */
export const OUTER_MAX_RETRIES = 10;

export interface GraphTarget {
  /** `https://host[/prefix]/` */
  baseUrl: string;
  /** `v1.0` or `beta` */
  version: string;
  /** Origin + prefix + version, to turn absolute nextLinks into paths. */
  root: string;
}

/** Microsoft Graph's national cloud hosts; each is its own token resource. */
const GRAPH_HOSTS = ['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn', 'graph.microsoft.de'];

/**
 * The token scope: the target's host when it is a Graph cloud (as the official
 * module does); for anything else (a proxy, an emulator) Graph's global
 * resource, which is what such a host forwards to.
 */
export function graphScope(target: string): string {
  const host = new URL(target).hostname.toLowerCase();
  return `https://${GRAPH_HOSTS.includes(host) ? host : 'graph.microsoft.com'}/.default`;
}

/** Splits `target` (`https://graph.microsoft.com/v1.0`) into the client's baseUrl and version. */
export function parseTarget(target: string): GraphTarget {
  const url = new URL(target);
  const segments = url.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? 'v1.0';
  const prefix = segments.length ? `/${segments.join('/')}` : '';
  return { baseUrl: `${url.origin}${prefix}/`, version, root: `${url.origin}${prefix}/${version}` };
}

/**
 * The Graph client v3 with a stronger RetryHandler and a per-request budget
 * (`requestTimeout` and the run's signal, on every attempt); nothing is
 * retried once the run was aborted. The target's host is a custom host so
 * the client attaches the token to it (it only does so for Microsoft's hosts
 * otherwise).
 */
export function createGraphClient(target: string, credential: TokenCredential, budget: RequestBudget): Client {
  const { baseUrl, version } = parseTarget(target);
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [graphScope(target)],
  });
  return Client.initWithMiddleware({
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(new RetryHandlerOptions(1, OUTER_MAX_RETRIES, () => !budget.runAborted)),
      new RedirectHandler(),
      new TelemetryHandler(),
      new RequestTimeoutHandler(budget),
      new HTTPMessageHandler(),
    ],
    baseUrl,
    defaultVersion: version,
    customHosts: new Set([new URL(target).hostname]),
  });
}
