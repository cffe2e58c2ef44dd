import { findResourceTypeDocument, resourceTypesList } from './resourceTypeDocuments';

const BASE = 'https://backstage.example.com/api/catalog/org-sync/scim/entra/';

describe('resource type documents', () => {
  it('ResourceTypes lists User with the enterprise extension, and Group', () => {
    const list = resourceTypesList(BASE);
    expect(list).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, itemsPerPage: 2 });
    expect(list.Resources[0]).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }],
      meta: { resourceType: 'ResourceType', location: 'https://backstage.example.com/api/catalog/org-sync/scim/entra/ResourceTypes/User' },
    });
    expect(findResourceTypeDocument('group', BASE)).toMatchObject({ id: 'Group', endpoint: '/Groups', schemaExtensions: [] });
    expect(findResourceTypeDocument('Device', BASE)).toBeUndefined();
  });
});
