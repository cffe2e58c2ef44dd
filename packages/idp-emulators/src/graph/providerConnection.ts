import type { GraphConnectionInfo } from './index';

/** The connection keys of a `catalog.providers.microsoftGraphOrg` entry that reach this emulated tenant with its client secret. */
export function graphProviderConnection(info: GraphConnectionInfo): {
  target: string;
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
} {
  return {
    target: `${info.url}/v1.0`,
    authority: info.authorityHost,
    tenantId: info.tenantId,
    clientId: info.clientId,
    clientSecret: info.clientSecret,
  };
}
