import { USER_SCHEMA } from '../base/urns';
import {
  booleanAttribute,
  complexAttribute,
  multiValuedAttribute,
  referenceAttribute,
  stringAttribute,
  type SchemaDefinition,
} from './attributeDefinition';

const nameAttribute = complexAttribute(
  'name',
  ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map(name => stringAttribute(name)),
  { description: "The components of the user's real name." },
);

const addressesAttribute = complexAttribute(
  'addresses',
  [
    ...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'].map(name => stringAttribute(name)),
    stringAttribute('type', { canonicalValues: ['work', 'home', 'other'] }),
    booleanAttribute('primary'),
  ],
  { multiValued: true },
);

const groupsAttribute = complexAttribute(
  'groups',
  [
    stringAttribute('value', { mutability: 'readOnly' }),
    referenceAttribute('$ref', ['User', 'Group'], { mutability: 'readOnly' }),
    stringAttribute('display', { mutability: 'readOnly' }),
    stringAttribute('type', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
  ],
  { multiValued: true, mutability: 'readOnly', description: 'The groups the user belongs to; changed through the groups.' },
);

/** The User schema of RFC 7643 §4.1. */
export const userSchema: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    stringAttribute('userName', { required: true, uniqueness: 'server', description: 'Unique identifier for the User.' }),
    nameAttribute,
    stringAttribute('displayName'),
    stringAttribute('nickName'),
    referenceAttribute('profileUrl', ['external']),
    stringAttribute('title'),
    stringAttribute('userType'),
    stringAttribute('preferredLanguage'),
    stringAttribute('locale'),
    stringAttribute('timezone'),
    booleanAttribute('active'),
    stringAttribute('password', { mutability: 'writeOnly', returned: 'never' }),
    multiValuedAttribute('emails', ['work', 'home', 'other']),
    multiValuedAttribute('phoneNumbers', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multiValuedAttribute('ims', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multiValuedAttribute('photos', ['photo', 'thumbnail'], referenceAttribute('value', ['external'])),
    addressesAttribute,
    groupsAttribute,
    multiValuedAttribute('entitlements', []),
    multiValuedAttribute('roles', []),
    multiValuedAttribute('x509Certificates', [], { ...stringAttribute('value'), type: 'binary' }),
  ],
};
