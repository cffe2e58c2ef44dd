import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  type ClientSecretCredentialOptions,
  type TokenCredential,
} from '@azure/identity';
import { abortError } from '@orgsync/plugin-catalog-org-sync-node';
import type { MicrosoftGraphProviderConfig } from '../config';
import type { RequestBudget } from './requestBudget';

/** Microsoft's public and sovereign cloud login hosts: MSAL's instance discovery knows them. */
const MICROSOFT_AUTHORITY_HOSTS = [
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
];

/**
 * Instance discovery asks login.microsoftonline.com about the authority; for
 * any other host (Azure Stack, a proxy, our emulator) that call fails or is
 * meaningless, so it is turned off.
 */
export function needsInstanceDiscovery(authority: string | undefined): boolean {
  if (!authority) return true;
  return MICROSOFT_AUTHORITY_HOSTS.includes(new URL(authority).hostname.toLowerCase());
}

/**
 * Puts every token request (with its retries) of the credential `create`
 * makes under the budget, so a token endpoint that hangs or trickles ends the
 * run after `requestTimeout` and its socket is closed. MSAL reports such a
 * request as a bare `network_error`; the credential's error then says what
 * happened.
 */
function withBudget(budget: RequestBudget, create: (additionalPolicies: unknown[]) => TokenCredential): TokenCredential {
  const state: { ended?: Error } = {};
  const policy = {
    name: 'orgsyncRequestBudget',
    async sendRequest<R extends { url: string; abortSignal?: unknown }, T>(request: R, next: (request: R) => Promise<T>): Promise<T> {
      const { origin, pathname } = new URL(request.url);
      const signal = budget.signalFor(`the token request to ${origin}${pathname}`, request.abortSignal as AbortSignal | undefined);
      const onAbort = () => (state.ended = abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      request.abortSignal = signal;
      try {
        return await next(request);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
  const credential = create([{ position: 'perCall', policy }]);
  return {
    async getToken(scopes, options) {
      try {
        return await credential.getToken(scopes, options);
      } catch (error) {
        if (state.ended) throw new Error(state.ended.message, { cause: error });
        throw error;
      } finally {
        state.ended = undefined;
      }
    },
  };
}

/** Client secret, client certificate, or the default chain (managed / workload identity) when neither is set. */
export function createCredential(config: MicrosoftGraphProviderConfig, budget: RequestBudget): TokenCredential {
  return withBudget(budget, additionalPolicies => {
    const options = {
      authorityHost: config.authority,
      tenantId: config.tenantId,
      disableInstanceDiscovery: !needsInstanceDiscovery(config.authority),
      additionalPolicies: additionalPolicies as ClientSecretCredentialOptions['additionalPolicies'],
    };
    if (config.clientId && config.clientSecret) {
      return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, options);
    }
    if (config.clientId && config.clientCertificatePath) {
      return new ClientCertificateCredential(config.tenantId, config.clientId, { certificatePath: config.clientCertificatePath }, options);
    }
    return new DefaultAzureCredential(options);
  });
}
