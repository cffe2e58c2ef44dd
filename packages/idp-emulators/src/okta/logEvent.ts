import { randomUUID } from 'node:crypto';
import type { OktaGroup, OktaUser } from './fixture';
import { randomSecret } from './ids';

/** An actor or target of a System Log event. */
export interface OktaLogActor {
  id: string;
  /** `User` and `UserGroup` for the objects this emulator changes; `PublicClientApp`, `AppInstance`, ... elsewhere. */
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry: Record<string, unknown> | null;
}

/** A System Log event (`LogEvent`) as `GET /api/v1/logs` and Event Hook deliveries carry it. */
export interface OktaLogEvent {
  uuid: string;
  /** ISO 8601 with milliseconds, UTC. */
  published: string;
  eventType: string;
  version: string;
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  legacyEventType: string | null;
  displayMessage: string;
  actor: OktaLogActor;
  client: {
    userAgent: { rawUserAgent: string; os: string; browser: string } | null;
    zone: string;
    device: string;
    id: string | null;
    ipAddress: string;
    geographicalContext: null;
  };
  device: null;
  authenticationContext: {
    authenticationProvider: string | null;
    credentialProvider: string | null;
    credentialType: string | null;
    issuer: null;
    interface: string | null;
    authenticationStep: number;
    externalSessionId: string;
  };
  outcome: { result: 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'UNKNOWN'; reason: string | null };
  securityContext: { asNumber: null; asOrg: null; isp: null; domain: null; isProxy: null };
  debugContext: { debugData: Record<string, string> };
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, unknown> };
  request: { ipChain: { ip: string; geographicalContext: null; version: 'V4'; source: null }[] };
  target: OktaLogActor[];
}

/** The event types the emulator's admin changes produce, with Okta's display message and legacy type. */
export const OKTA_EVENT_TYPES = {
  'user.lifecycle.create': ['Create Okta user', 'core.user.config.user_creation.success'],
  'user.lifecycle.activate': ['Activate Okta user', 'core.user.config.user_activated'],
  'user.lifecycle.reactivate': ['Reactivate Okta user', 'core.user.config.user_reactivated'],
  'user.lifecycle.deactivate': ['Deactivate Okta user', 'core.user.config.user_deactivated'],
  'user.lifecycle.suspend': ['Suspend Okta user', 'core.user.config.user_suspended'],
  'user.lifecycle.unsuspend': ['Unsuspend Okta user', 'core.user.config.user_unsuspended'],
  'user.lifecycle.delete.initiated': ['Delete Okta user', 'core.user.config.user_deleted'],
  'user.account.update_profile': ['Update user profile for Okta', 'core.user.config.profile_update.success'],
  'group.user_membership.add': ['Add user to group membership', 'core.user_group_member.user_add'],
  'group.user_membership.remove': ['Remove user from group membership', 'core.user_group_member.user_remove'],
  'group.lifecycle.create': ['Create okta user group', 'core.user_group.created'],
  'group.lifecycle.delete': ['Delete okta user group', 'core.user_group.deleted'],
  'group.profile.updated': ['Update okta user group profile', 'core.user_group.profile_updated'],
} as const;

export type OktaEmulatedEventType = keyof typeof OKTA_EVENT_TYPES;

/** Who the emulator's admin changes are made by: the API token's super admin. */
export const EMULATOR_ADMIN: OktaLogActor = {
  id: '00uEmulatorAdmin0001',
  type: 'User',
  alternateId: 'admin@emulator.okta.local',
  displayName: 'Emulator Admin',
  detailEntry: null,
};

export function userTarget(user: OktaUser): OktaLogActor {
  const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
  return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: name || user.profile.login, detailEntry: null };
}

export function groupTarget(group: OktaGroup): OktaLogActor {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name, detailEntry: null };
}

/** A System Log event of one admin change, as Okta records it (one transaction id per change). */
export function logEvent(eventType: OktaEmulatedEventType, targets: OktaLogActor[], transactionId: string, published: string): OktaLogEvent {
  const [displayMessage, legacyEventType] = OKTA_EVENT_TYPES[eventType];
  return {
    uuid: randomUUID(),
    published,
    eventType,
    version: '0',
    severity: 'INFO',
    legacyEventType,
    displayMessage,
    actor: { ...EMULATOR_ADMIN },
    client: {
      userAgent: { rawUserAgent: 'okta-emulator', os: 'Unknown', browser: 'UNKNOWN' },
      zone: 'null',
      device: 'Unknown',
      id: null,
      ipAddress: '127.0.0.1',
      geographicalContext: null,
    },
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: 'trs' + randomSecret(22),
    },
    outcome: { result: 'SUCCESS', reason: null },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    debugContext: { debugData: { requestId: transactionId, requestUri: '/api/v1', url: '/api/v1' } },
    transaction: { type: 'WEB', id: transactionId, detail: {} },
    request: { ipChain: [{ ip: '127.0.0.1', geographicalContext: null, version: 'V4', source: null }] },
    target: targets.map(t => ({ ...t })),
  };
}
