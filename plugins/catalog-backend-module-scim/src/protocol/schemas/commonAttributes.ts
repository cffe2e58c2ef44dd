import { complexAttribute, stringAttribute, type AttributeDefinition } from './attributeDefinition';

/**
 * The attributes every resource has (RFC 7643 §3.1), outside the schemas' attribute lists: `id` and `meta` belong to
 * the service provider, `externalId` to the client.
 */
export const commonAttributes: readonly AttributeDefinition[] = [
  stringAttribute('id', { caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
  stringAttribute('externalId', { caseExact: true }),
  complexAttribute(
    'meta',
    ['resourceType', 'created', 'lastModified', 'location', 'version'].map(name =>
      stringAttribute(name, { mutability: 'readOnly', ...(name === 'created' || name === 'lastModified' ? { type: 'dateTime' } : {}) }),
    ),
    { mutability: 'readOnly' },
  ),
];
