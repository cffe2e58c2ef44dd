import { GROUP_SCHEMA } from '../base/urns';
import { complexAttribute, referenceAttribute, stringAttribute, type SchemaDefinition } from './attributeDefinition';

/** The Group schema of RFC 7643 §4.2; members also take `display`, which Okta and Entra ID send. */
export const groupSchema: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    stringAttribute('displayName', { required: true, uniqueness: 'server', description: 'A human-readable name for the Group.' }),
    complexAttribute(
      'members',
      [
        stringAttribute('value', { mutability: 'immutable' }),
        referenceAttribute('$ref', ['User', 'Group'], { mutability: 'immutable' }),
        stringAttribute('display', { mutability: 'immutable' }),
        stringAttribute('type', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ],
      { multiValued: true, description: 'A list of members of the Group.' },
    ),
  ],
};
