import type { TokenCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { OrgGroupRecord, OrgSnapshot, OrgSource, SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import { BatchRunner } from '../client/batchRunner';
import { getOne } from '../client/collections';
import { createCredential } from '../client/credential';
import { createGraphClient } from '../client/graphClient';
import type { MicrosoftGraphProviderConfig } from '../config';
import type { MicrosoftGraph, ProviderConfigTransformer } from '../transform/types';
import { PhotoCache } from './photos';
import { readGroupsWithMembers } from './readGroups';
import { readUserList, readUsersInGroups, usesGroupMemberMode, type ReadContext } from './readUsers';
import { toGroupRecord, toRootRecord, toUserRecord } from './records';

export interface MsGraphOrgSourceOptions {
  config: MicrosoftGraphProviderConfig;
  providerConfigTransformer?: ProviderConfigTransformer;
  /** Test seam: a credential instead of the one the config describes. */
  credential?: TokenCredential;
}

/**
 * Reads a complete tenant: the organization, users, groups, direct
 * memberships and (optionally) photos. Throws if any read still fails after
 * retries, so a partial tenant never reaches the catalog.
 */
export class MsGraphOrgSource implements OrgSource {
  private readonly photos = new PhotoCache();
  private client?: { key: string; client: Client };

  constructor(private readonly options: MsGraphOrgSourceOptions) {}

  async read(context: SourceReadContext): Promise<OrgSnapshot> {
    try {
      return await this.readOnce(context);
    } catch (error) {
      // The credential caches its access token until expiry: a revoked or otherwise refused token would fail
      // every run until then. After a failed read the next run starts with a new credential (one token request).
      this.client = undefined;
      throw error;
    }
  }

  private async readOnce(context: SourceReadContext): Promise<OrgSnapshot> {
    const config = this.options.providerConfigTransformer
      ? await this.options.providerConfigTransformer(structuredClone(this.options.config))
      : this.options.config;
    let batches = 0;
    const ctx: ReadContext = {
      client: this.clientFor(config),
      config,
      signal: context.signal,
      batches: () =>
        new BatchRunner(ctx.client, { concurrency: config.concurrency, signal: context.signal, onBatch: () => batches++ }),
      progress: (stage, counts) => context.reportProgress({ stage, ...counts, requests: batches }),
    };

    const organization = await getOne<MicrosoftGraph.Organization>(ctx.client, `organization/${encodeURIComponent(config.tenantId)}`);
    const users = usesGroupMemberMode(config) ? await readUsersInGroups(ctx) : await readUserList(ctx);
    const groups = await readGroupsWithMembers(ctx);

    const keptUsers = users.filter(u => u.id);
    let photos = new Map<string, string>();
    if (config.loadUserPhotos !== false) {
      const runner = ctx.batches();
      const wanted = keptUsers.filter(u => toUserRecord(u, config, undefined).active).map(u => u.id!);
      photos = this.photos.enqueue(runner, wanted, config.photoSize);
      await runner.run();
      this.photos.retainOnly(wanted);
    }

    const userIds = new Set(keptUsers.map(u => u.id!));
    const groupIds = new Set(groups.map(g => g.group.id!));
    const contained = new Set(groups.flatMap(g => g.groupIds));
    const root = organization?.id ? toRootRecord(organization) : undefined;
    const groupRecords: OrgGroupRecord[] = groups.map(entry =>
      toGroupRecord(
        {
          ...entry,
          // Members outside what was read (filtered users, other groups) are not part of this snapshot.
          userIds: entry.userIds.filter(id => userIds.has(id)),
          groupIds: entry.groupIds.filter(id => groupIds.has(id)),
        },
        root && !contained.has(entry.group.id!) ? [root.id] : [],
      ),
    );
    return {
      users: keptUsers.map(u => toUserRecord(u, config, photos.get(u.id!))),
      groups: root ? [root, ...groupRecords] : groupRecords,
    };
  }

  /** One client (and token cache) per effective config; a provider-config transformer may change it between runs. */
  private clientFor(config: MicrosoftGraphProviderConfig): Client {
    const key = JSON.stringify([config.target, config.authority, config.tenantId, config.clientId, config.clientSecret, config.clientCertificatePath]);
    if (this.client?.key !== key) {
      const credential = this.options.credential ?? createCredential(config);
      this.client = { key, client: createGraphClient(config.target, credential) };
    }
    return this.client.client;
  }
}
