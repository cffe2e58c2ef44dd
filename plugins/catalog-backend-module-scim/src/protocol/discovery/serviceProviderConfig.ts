import { MAX_RESULTS } from '../query/listQuery';
import { SERVICE_PROVIDER_CONFIG_SCHEMA } from '../base/urns';

/** The ServiceProviderConfig resource (RFC 7643 §5): what this service provider supports. */
export interface ServiceProviderConfig {
  schemas: [typeof SERVICE_PROVIDER_CONFIG_SCHEMA];
  documentationUri?: string;
  patch: { supported: true };
  bulk: { supported: false; maxOperations: 0; maxPayloadSize: 0 };
  filter: { supported: true; maxResults: number };
  changePassword: { supported: false };
  sort: { supported: false };
  etag: { supported: false };
  authenticationSchemes: Array<{ type: 'oauthbearertoken'; name: string; description: string; specUri: string; primary: boolean }>;
  meta: { resourceType: 'ServiceProviderConfig'; location: string };
}

export interface ServiceProviderOptions {
  /** The SCIM base URL, e.g. `https://backstage.example.com/api/catalog/org-sync/scim/entra`. */
  baseUrl: string;
  documentationUri?: string;
  maxResults?: number;
}

/** PATCH and filters supported; bulk, sort, ETags and password changes not; one bearer token authenticates. */
export function serviceProviderConfig(options: ServiceProviderOptions): ServiceProviderConfig {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(options.documentationUri ? { documentationUri: options.documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: options.maxResults ?? MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'The secret token configured for this provider, sent as "Authorization: Bearer <token>"',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${trimSlash(options.baseUrl)}/ServiceProviderConfig` },
  };
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
