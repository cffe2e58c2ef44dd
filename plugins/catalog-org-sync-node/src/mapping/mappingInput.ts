import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import type { OrgGroupRecord, OrgSnapshot, OrgUserRecord } from '../records';
import type { MapOptions } from './mapOptions';
import { emptyMappingReport, type MappingReport } from './mappingReport';
import { sanitizeAll, sanitizeGroup, sanitizeUser } from './sanitize';

/** What every phase of `mapSnapshot` reads: the snapshot's usable records and the options with their defaults. */
export interface MappingInput {
  options: MapOptions;
  namespace: string;
  /** Value of the managed-by(-origin)-location annotations. */
  location: string;
  /** Valid, active users. */
  users: OrgUserRecord[];
  /** Valid groups. */
  groups: OrgGroupRecord[];
  otherUsers: ReadonlyMap<string, string>;
  linked: ReadonlyMap<string, string | null>;
  /** Every user id a membership may name without being unknown: in the snapshot (inactive ones too), kept as they are, or linked. */
  allUserIds: ReadonlySet<string>;
  /** Filled by every phase. */
  report: MappingReport;
}

/** Drops malformed records (reported as skipped) and inactive users (counted), and resolves the options' defaults. */
export function readMappingInput(snapshot: OrgSnapshot, options: MapOptions): MappingInput {
  const report = emptyMappingReport();
  const sanitizedUsers = sanitizeAll('user', snapshot.users ?? [], sanitizeUser);
  const sanitizedGroups = sanitizeAll('group', snapshot.groups ?? [], sanitizeGroup);
  report.skipped.push(...sanitizedUsers.skipped, ...sanitizedGroups.skipped);
  const otherUsers = options.otherUsers ?? new Map<string, string>();
  const linked = options.linkedUsers ?? new Map<string, string | null>();
  const users = sanitizedUsers.records.filter(u => u.active);
  report.inactiveUsers = sanitizedUsers.records.length - users.length;
  return {
    options,
    namespace: options.namespace ?? DEFAULT_NAMESPACE,
    location: options.location ?? `org-sync:${options.providerName}`,
    users,
    groups: sanitizedGroups.records,
    otherUsers,
    linked,
    allUserIds: new Set([...sanitizedUsers.records.map(u => u.id), ...otherUsers.keys(), ...linked.keys()]),
    report,
  };
}
