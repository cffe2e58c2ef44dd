import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  type TokenCredential,
} from '@azure/identity';
import type { MicrosoftGraphProviderConfig } from '../config';

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

/** Client secret, client certificate, or the default chain (managed / workload identity) when neither is set. */
export function createCredential(config: MicrosoftGraphProviderConfig): TokenCredential {
  const options = {
    authorityHost: config.authority,
    tenantId: config.tenantId,
    disableInstanceDiscovery: !needsInstanceDiscovery(config.authority),
  };
  if (config.clientId && config.clientSecret) {
    return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, options);
  }
  if (config.clientId && config.clientCertificatePath) {
    return new ClientCertificateCredential(config.tenantId, config.clientId, { certificatePath: config.clientCertificatePath }, options);
  }
  return new DefaultAzureCredential(options);
}
