import { DEFAULT_NAMESPACE, type Entity, type GroupEntity, type UserEntity } from '@backstage/catalog-model';

/** @public */
export const ANNOTATION_LOCATION = 'backstage.io/managed-by-location';
/** @public */
export const ANNOTATION_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';
/** On a linked source's own User kept during a migration (`linkTo.keepLinkedUsers`): the person's entity to use instead. @public */
export const ANNOTATION_LINKED_TO = 'orgsync.io/linked-to';
/** On a person's User: the accounts of linked sources added to it, and how each was matched. @public */
export const ANNOTATION_LINKED_ACCOUNTS = 'orgsync.io/linked-accounts';

export type { GroupEntity, UserEntity };

/** Removes undefined values so entities hash the same whichever fields a source left empty. @public */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/** `kind:namespace/name` with the name as emitted (the catalog's `stringifyEntityRef` lower-cases it): the store keeps names in their case. @public */
export function entityRefOf(entity: Entity): string {
  return `${entity.kind.toLowerCase()}:${(entity.metadata.namespace ?? DEFAULT_NAMESPACE).toLowerCase()}/${entity.metadata.name}`;
}
