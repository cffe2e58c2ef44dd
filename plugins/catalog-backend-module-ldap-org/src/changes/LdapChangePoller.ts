import type { JsonValue, OrgChangeHints, OrgChangePoller } from '@orgsync/plugin-catalog-org-sync-node';
import type { LdapProviderConfig } from '../config';
import { recordIdOf } from '../source/toRecords';
import { openLdapClient } from '../client/connection';
import type { LdapOrgSource } from '../source/LdapOrgSource';
import { andFilter } from '../client/search';

interface PollCursor {
  highest: string;
  config: string;
}

/**
 * Polls the directory for entries changed since the last poll (`entryCSN`, AD `uSNChanged`, `modifyTimestamp`:
 * the same stamp as incremental reads), between scheduled runs: people who changed — disabled, renamed — are
 * named to the engine, which re-reads them by uuid; a changed group asks for a read of everything (incremental).
 * A deleted entry leaves no stamp: deletions wait for the next scheduled run.
 */
export class LdapChangePoller implements OrgChangePoller {
  readonly label = 'LDAP changed-entries poll';
  constructor(
    private readonly source: LdapOrgSource,
    private readonly config: LdapProviderConfig,
  ) {}

  async poll({ cursor, signal }: { cursor?: JsonValue; signal: AbortSignal }): Promise<{ hints: OrgChangeHints; cursor: JsonValue }> {
    const client = await openLdapClient(this.config);
    try {
      const countRequest = () => undefined;
      const vendor = await this.source.vendor(client, countRequest);
      const config = this.source.configHash(vendor);
      const previous = cursor as PollCursor | undefined;
      const stampOnly = [vendor.uuidAttributeName, vendor.change.attribute];
      if (!previous?.highest || previous.config !== config) {
        // First poll: start from the newest stamp now; the scheduled read covers what came before.
        const all = [
          ...(await this.source.searchQueries(client, vendor, 'users', signal, countRequest, () => ({ attributes: stampOnly }))),
          ...(await this.source.searchQueries(client, vendor, 'groups', signal, countRequest, () => ({ attributes: stampOnly }))),
        ];
        const highest = this.source.highestStamp(vendor, all.map(f => f.entry)) ?? '';
        return { hints: {}, cursor: { highest, config } };
      }
      const changedSince = (kind: 'users' | 'groups') =>
        this.source.searchQueries(client, vendor, kind, signal, countRequest, query => ({
          filter: andFilter(query.options.filter, vendor.change.after(previous.highest)),
          attributes: stampOnly,
        }));
      const users = await changedSince('users');
      const groups = await changedSince('groups');
      const highest = this.source.highestStamp(vendor, [...users, ...groups].map(f => f.entry)) ?? previous.highest;
      const hints: OrgChangeHints = {
        users: users.map(f => recordIdOf(f.entry, vendor)).filter((id): id is string => Boolean(id)),
        ...(groups.length ? { resync: `${groups.length} group(s) changed in the directory` } : {}),
      };
      return { hints, cursor: { highest: vendor.change.compare(highest, previous.highest) > 0 ? highest : previous.highest, config } };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}
