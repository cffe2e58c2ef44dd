/** An attribute of a SCIM schema as RFC 7643 §7 describes it (and the `/Schemas` endpoint returns it). */
export interface AttributeDefinition {
  name: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
  multiValued: boolean;
  description?: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

type Options = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

const defaults = {
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
} as const;

export const stringAttribute = (name: string, options: Options = {}): AttributeDefinition => ({ name, type: 'string', ...defaults, ...options });

export const booleanAttribute = (name: string, options: Options = {}): AttributeDefinition => ({ name, type: 'boolean', ...defaults, ...options });

export const referenceAttribute = (name: string, referenceTypes: string[], options: Options = {}): AttributeDefinition => ({
  name,
  type: 'reference',
  ...defaults,
  referenceTypes,
  ...options,
});

export const complexAttribute = (name: string, subAttributes: AttributeDefinition[], options: Options = {}): AttributeDefinition => ({
  name,
  type: 'complex',
  ...defaults,
  subAttributes,
  ...options,
});

/** The sub-attributes RFC 7643 §2.4 gives multi-valued attributes: value, display, type and primary. */
export function multiValuedAttribute(name: string, types: string[], value: AttributeDefinition = stringAttribute('value')): AttributeDefinition {
  return complexAttribute(
    name,
    [value, stringAttribute('display'), stringAttribute('type', { canonicalValues: types }), booleanAttribute('primary')],
    { multiValued: true },
  );
}
