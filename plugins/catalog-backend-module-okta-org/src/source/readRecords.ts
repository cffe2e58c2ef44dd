import { setMaxListeners } from 'node:events';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Client, Group, User } from '@okta/okta-sdk-nodejs';
import { forEachWithConcurrency, type OrgRecordRequest, type RecordReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import { createOktaClient } from '../client/createOktaClient';
import type { OktaProviderConfig } from '../config';
import type { OktaGroupRecord, OktaOrgDelta, OktaRawGroup, OktaRawUser, OktaUserRecord } from './rawObjects';
import { describeOktaError, statusOf } from '../client/errors';
import { describeGroup, groupRef, readGroupMembers } from './groupMembers';
import { groupRecord, resolveParents, userRecord } from './toRecords';

/** Ids per scope query (`(<filter>) and (id eq "a" or id eq "b" ...)`): short enough for any URL limit. */
const SCOPE_BATCH = 20;

/**
 * Re-reads the records a change signal named, as they are in Okta now
 * (`OrgSource.readRecords`): each user and group by id (bounded concurrency,
 * the list read's executor, retries and rate-limit governor); one that is
 * gone (404), deactivated (DEPROVISIONED, unless `users.statuses` keeps it)
 * or outside `filter`/`search` is deleted. A group comes with its complete
 * member list, limited to users in scope as the list read does.
 */
export async function readOktaRecords(
  config: OktaProviderConfig,
  logger: LoggerService,
  request: OrgRecordRequest,
  context: RecordReadContext<OktaRawUser, OktaRawGroup>,
): Promise<OktaOrgDelta> {
  const controller = new AbortController();
  setMaxListeners(2 * (config.concurrency + 1) + 10, controller.signal);
  const onOuterAbort = () => controller.abort(new Error('the re-read was aborted (timeout or shutdown)'));
  if (context.signal.aborted) onOuterAbort();
  context.signal.addEventListener('abort', onOuterAbort, { once: true });
  const { client, executor, close } = createOktaClient(config, controller.signal);
  try {
    const users = await readUsers(client, config, unique(request.users));
    const groups = await readGroups(client, config, logger, unique(request.groups), users, context);
    return { users, groups };
  } finally {
    context.signal.removeEventListener('abort', onOuterAbort);
    if (!controller.signal.aborted) controller.abort(new Error('the re-read is over'));
    close();
    logger.debug(`okta re-read of ${request.users.length} users and ${request.groups.length} groups made ${executor.requests} requests`);
  }
}

async function readUsers(client: Client, config: OktaProviderConfig, ids: string[]): Promise<OktaOrgDelta['users']> {
  const found: User[] = [];
  const deleted: string[] = [];
  await forEachWithConcurrency(ids, config.concurrency, async id => {
    const user = await orMissing(() => client.userApi.getUser({ userId: id }), `re-reading Okta user ${id}`, config);
    // A user found by login answers with its own id; only the id asked for counts.
    if (!user || user.id !== id) deleted.push(id);
    else if (user.status === 'DEPROVISIONED' && !config.users.statuses.includes('DEPROVISIONED')) deleted.push(id);
    else found.push(user);
  });
  const { filter, search } = config.users;
  const inScope = filter || search ? await idsInScope(ids => client.userApi.listUsers(scoped({ filter, search }, ids)), found, 'users', config) : undefined;
  const upserted: OktaUserRecord[] = [];
  for (const user of found) {
    if (inScope && !inScope.has(user.id!)) deleted.push(user.id!);
    else upserted.push(userRecord(user, config));
  }
  return { upserted, deleted };
}

async function readGroups(
  client: Client,
  config: OktaProviderConfig,
  logger: LoggerService,
  ids: string[],
  users: OktaOrgDelta['users'],
  context: RecordReadContext<OktaRawUser, OktaRawGroup>,
): Promise<OktaOrgDelta['groups']> {
  const found: Group[] = [];
  const deleted: string[] = [];
  await forEachWithConcurrency(ids, config.concurrency, async id => {
    const group = await orMissing(() => client.groupApi.getGroup({ groupId: id }), `re-reading Okta group ${id}`, config);
    if (group && group.id === id) found.push(group);
    else deleted.push(id);
  });
  const { filter, search } = config.groups;
  const inScope = filter || search ? await idsInScope(ids => client.groupApi.listGroups(scoped({ filter, search }, ids)), found, 'groups', config) : undefined;
  const kept: Group[] = [];
  for (const group of found) {
    if (inScope && !inScope.has(group.id!)) deleted.push(group.id!);
    else kept.push(group);
  }

  const members = new Map<string, string[]>();
  const memberOptions = { orgUrl: config.orgUrl, maxMembers: Number.MAX_SAFE_INTEGER, logger };
  await forEachWithConcurrency(kept, config.concurrency, async group => {
    const ref = groupRef(group);
    try {
      members.set(ref.id, await readGroupMembers(client, ref, memberOptions));
    } catch (error) {
      throw new Error(`re-reading the members of ${describeGroup(ref)} failed: ${describeOktaError(error, config)}`);
    }
  });
  const ours = await usersInScope([...members.values()].flat(), users, context);
  const upserted: OktaGroupRecord[] = kept.map(group => groupRecord(group, config, members.get(group.id!)!.filter(id => ours.has(id))));
  if (config.groups.parentAttribute && kept.length) {
    // Parents may be named by group name: resolve against every stored group and the ones just read.
    const stored = await context.records.allGroups();
    resolveParents(upserted, [...upserted, ...stored.filter(g => !members.has(g.id))], config.groups.parentAttribute);
  }
  return { upserted, deleted };
}

/** Members the list read would keep: users the store holds or this re-read found, less those it deleted. */
async function usersInScope(memberIds: string[], users: OktaOrgDelta['users'], context: RecordReadContext): Promise<Set<string>> {
  const stored = await context.records.users(unique(memberIds));
  const ours = new Set([...stored.keys(), ...users.upserted.map(u => u.id)]);
  for (const id of users.deleted) ours.delete(id);
  return ours;
}

/** The ids among `found` that the configured filter/search returns, asked in batches. */
async function idsInScope<T extends { id?: string }>(
  list: (ids: string[]) => Promise<AsyncIterable<T | null>>,
  found: T[],
  what: string,
  config: OktaProviderConfig,
): Promise<Set<string>> {
  const inScope = new Set<string>();
  const ids = found.map(f => f.id!);
  for (let i = 0; i < ids.length; i += SCOPE_BATCH) {
    const batch = ids.slice(i, i + SCOPE_BATCH);
    try {
      for await (const item of await list(batch)) if (item?.id && batch.includes(item.id)) inScope.add(item.id);
    } catch (error) {
      throw new Error(`checking ${batch.length} Okta ${what} against the configured filter/search failed: ${describeOktaError(error, config)}`);
    }
  }
  return inScope;
}

/** The configured expressions narrowed to `ids`. */
function scoped(query: { filter?: string; search?: string }, ids: string[]): { filter?: string; search?: string } {
  const idClause = ids.map(id => `id eq "${id.replace(/["\\]/g, '')}"`).join(' or ');
  return {
    filter: query.filter && `(${query.filter}) and (${idClause})`,
    search: query.search && `(${query.search}) and (${idClause})`,
  };
}

/** The object, undefined on 404; any other failure throws naming what was read. */
async function orMissing<T>(read: () => Promise<T>, what: string, config: OktaProviderConfig): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw new Error(`${what} failed: ${describeOktaError(error, config)}`);
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(id => typeof id === 'string' && id))];
}
