import { Collection, type Client } from '@okta/okta-sdk-nodejs';
import { forEachPage } from './forEachPage';

const MEMBER_PAGE_SIZE = 1000;

// Without `createInstance` the SDK's Collection hands out each item as the parsed JSON.
const RAW_JSON_ITEMS = {} as ConstructorParameters<typeof Collection>[2];
// A GET (the client's default method); the client adds its credentials to these headers.
// (The SDK types request options on node-fetch's RequestInit, whose types are not installed.)
const JSON_REQUEST = { headers: { Accept: 'application/json' } } as ConstructorParameters<typeof Collection>[3];

/**
 * The ids of a group's members (`GET /api/v1/groups/{id}/users`, every page,
 * at most `maxMembers`). Read as plain JSON through the client's own HTTP
 * layer (same credentials, executor, retries and rate-limit governor as
 * `groupApi.listGroupUsers`): only the ids are needed, and turning every
 * member into an SDK `User` model took most of a cold read's CPU.
 */
export async function listGroupMemberIds(client: Client, orgUrl: string, groupId: string, maxMembers: number): Promise<string[]> {
  const url = `${orgUrl}/api/v1/groups/${encodeURIComponent(groupId)}/users?limit=${MEMBER_PAGE_SIZE}`;
  const members = new Collection<{ id?: unknown }>(client.http, url, RAW_JSON_ITEMS, { ...JSON_REQUEST });
  const ids: string[] = [];
  await forEachPage(members, `the member list of Okta group ${groupId}`, maxMembers, page => {
    for (const member of page) if (typeof member?.id === 'string' && member.id) ids.push(member.id);
  });
  return ids;
}
