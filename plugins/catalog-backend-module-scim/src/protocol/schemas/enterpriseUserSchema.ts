import { ENTERPRISE_USER_SCHEMA } from '../base/urns';
import { complexAttribute, referenceAttribute, stringAttribute, type SchemaDefinition } from './attributeDefinition';

/** The Enterprise User extension of RFC 7643 §4.3. */
export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    stringAttribute('employeeNumber'),
    stringAttribute('costCenter'),
    stringAttribute('organization'),
    stringAttribute('division'),
    stringAttribute('department'),
    complexAttribute('manager', [
      stringAttribute('value'),
      referenceAttribute('$ref', ['User']),
      stringAttribute('displayName', { mutability: 'readOnly' }),
    ]),
  ],
};
