import type { GroupNamingStrategies, OrgGroupRecord, OrgUserRecord, UserNamingStrategies } from '@orgsync/plugin-catalog-org-sync-node';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { officialGroupName, officialUserName } from './transform/defaultTransformers';
import { normalizeEntityName } from './transform/normalizeEntityName';
import { graphGroupOf, graphUserOf } from './source/toRecords';

/** The IdP's name in provider names (`msgraph:<id>`) and change routes. */
export const MSGRAPH_IDP = 'msgraph';

/** The official module's names: `normalizeEntityName(mail ?? userPrincipalName)`. @alpha */
export const MSGRAPH_DEFAULT_NAMING = 'msgraph-default';

/** @alpha */
export const msgraphUserNamingStrategies: UserNamingStrategies = {
  [MSGRAPH_DEFAULT_NAMING]: (record: OrgUserRecord) => officialUserName(graphUserOf(record)),
  upn: (record: OrgUserRecord) => record.login,
};

/** The official module's names: security groups by display name, others by mail nickname; the tenant by its display name. @alpha */
export const msgraphGroupNamingStrategies: GroupNamingStrategies = {
  [MSGRAPH_DEFAULT_NAMING]: (record: OrgGroupRecord) => {
    const graph = graphGroupOf(record);
    if (graph.kind === 'organization') return record.displayName ? normalizeEntityName(record.displayName) : undefined;
    return officialGroupName(graph.group);
  },
  'mail-nickname': (record: OrgGroupRecord) => {
    const graph = graphGroupOf(record);
    return graph.kind === 'group' ? (graph.group.mailNickname ?? undefined) : undefined;
  },
};

/** No `schedule` → hourly, as most deployments of the official module configure it. */
export const defaultMsGraphSchedule: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 50 },
  initialDelay: { seconds: 15 },
};

export const msgraphDefaults = {
  userNaming: MSGRAPH_DEFAULT_NAMING,
  groupNaming: MSGRAPH_DEFAULT_NAMING,
  groupType: 'team',
  schedule: defaultMsGraphSchedule,
};
