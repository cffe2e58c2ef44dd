import { randomSecret } from './ids';
import type { OktaUserStatus } from './fixture';
import { groupTarget, logEvent, userTarget, type OktaEmulatedEventType, type OktaLogActor } from './logEvent';
import type { OktaOrgStore } from './store';
import type { OktaSystemLog } from './systemLog';

/** The lifecycle event Okta records for a status change, if any. */
export function statusEventType(before: OktaUserStatus, after: OktaUserStatus): OktaEmulatedEventType | undefined {
  if (before === after) return undefined;
  if (after === 'DEPROVISIONED') return 'user.lifecycle.deactivate';
  if (after === 'SUSPENDED') return 'user.lifecycle.suspend';
  if (before === 'SUSPENDED' && after === 'ACTIVE') return 'user.lifecycle.unsuspend';
  if (before === 'DEPROVISIONED') return 'user.lifecycle.reactivate';
  if (after === 'ACTIVE') return 'user.lifecycle.activate';
  return undefined;
}

/** Appends the System Log events of one admin change: one transaction, one timestamp. */
export class ChangeRecorder {
  constructor(
    private readonly store: OktaOrgStore,
    private readonly log: OktaSystemLog,
  ) {}

  record(changes: ReadonlyArray<readonly [OktaEmulatedEventType, readonly OktaLogActor[]]>): void {
    const transaction = randomSecret(27);
    const published = new Date().toISOString();
    this.log.append(changes.map(([type, targets]) => logEvent(type, [...targets], transaction, published)));
  }

  user(id: string): OktaLogActor {
    return userTarget(this.store.findUser(id)!);
  }

  group(id: string): OktaLogActor {
    return groupTarget(this.store.findGroup(id)!);
  }
}
