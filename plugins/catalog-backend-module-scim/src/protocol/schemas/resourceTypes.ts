import type { SchemaDefinition } from './attributeDefinition';
import { enterpriseUserSchema } from './enterpriseUserSchema';
import { groupSchema } from './groupSchema';
import { userSchema } from './userSchema';

/** A resource type (RFC 7643 §6): its core schema and the extensions its resources may carry. */
export interface ResourceTypeDefinition {
  name: 'User' | 'Group';
  endpoint: '/Users' | '/Groups';
  description: string;
  schema: SchemaDefinition;
  extensions: ReadonlyArray<{ schema: SchemaDefinition; required: boolean }>;
}

export const userResourceType: ResourceTypeDefinition = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: userSchema,
  extensions: [{ schema: enterpriseUserSchema, required: false }],
};

export const groupResourceType: ResourceTypeDefinition = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: groupSchema,
  extensions: [],
};

export const resourceTypes: readonly ResourceTypeDefinition[] = [userResourceType, groupResourceType];

export const schemas: readonly SchemaDefinition[] = [userSchema, groupSchema, enterpriseUserSchema];
