import { serviceProviderConfig } from './serviceProviderConfig';

const BASE = 'https://backstage.example.com/api/catalog/org-sync/scim/entra/';

describe('serviceProviderConfig', () => {
  it('ServiceProviderConfig says what is supported and how to authenticate', () => {
    expect(serviceProviderConfig({ baseUrl: BASE, maxResults: 200 })).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', primary: true })],
      meta: { resourceType: 'ServiceProviderConfig', location: 'https://backstage.example.com/api/catalog/org-sync/scim/entra/ServiceProviderConfig' },
    });
  });
});
