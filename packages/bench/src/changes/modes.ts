import crypto from 'node:crypto';
import path from 'node:path';
import { OKTA_CHANGE_EVENT_TYPES } from '@orgsync/plugin-catalog-backend-module-okta-org';
import type { Idp, RunningEmulator } from '../emulators';
import { IMPLS, type ImplName } from '../impls';

export type ChangeModeName = 'okta-poll' | 'okta-push' | 'graph-poll' | 'graph-push' | 'github-push' | 'github-push-batched';
export const CHANGE_MODE_NAMES: ChangeModeName[] = ['okta-poll', 'okta-push', 'graph-poll', 'graph-push', 'github-push', 'github-push-batched'];

/** What a mode needs from the backend it measures. */
export interface ChangeBackend {
  port: number;
  /** The push secret (Okta Authorization, Graph clientState, GitHub webhook secret). */
  secret: string;
}

/** One IdP with one way of hearing about changes: how to configure it, start it and make changes in the emulator. */
export interface ChangeMode {
  name: ChangeModeName;
  idp: Idp;
  how: 'poll' | 'push';
  /** The sync implementation whose backend, task and log lines the mode reuses. */
  impl: ImplName;
  /** Backend entry when it differs from the implementation's (GitHub needs the events backend). */
  entry?: string;
  /** `events` of the provider (and top-level config such as the events backend's). */
  config(emulator: RunningEmulator, backend: ChangeBackend, intervalS: number): { provider: Record<string, unknown>; root?: Record<string, unknown> };
  /** Registers the push endpoint with the IdP (before the measurements, so its requests are not counted). */
  register?(emulator: RunningEmulator, backend: ChangeBackend): Promise<void>;
  /** Whether the IdP will now deliver changes: a verified hook, a live subscription, a poll cursor (counters reset after the cold sync). */
  ready(emulator: RunningEmulator): boolean;
  /** Annotations naming the IdP's user and group ids on the catalog's entities. */
  userIdAnnotation: string;
  groupIdAnnotation: string;
  /** Emulator ids of people who can leave (active, in the org). */
  leavers(emulator: RunningEmulator): string[];
  /** The admin call that deactivates / removes a person. */
  offboard(emulator: RunningEmulator, userId: string): void;
  /** Whether `userId` is a member of `groupId` right now. */
  isMember(emulator: RunningEmulator, groupId: string, userId: string): boolean;
  groupIds(emulator: RunningEmulator): string[];
  /** The admin call that adds a person to a group. */
  join(emulator: RunningEmulator, groupId: string, userId: string): void;
  /** Team changes wait for the next change round and are re-read together (GitHub `events.batchTeamChanges`). */
  batched?: boolean;
}

const dist = (...parts: string[]) => path.resolve(__dirname, '..', ...parts);
const routeBase = (port: number) => `http://localhost:${port}/api/catalog/org-sync`;


async function call(url: string, init: RequestInit & { token: string; scheme?: string }): Promise<unknown> {
  const response = await fetch(url, {
    ...init,
    headers: { authorization: `${init.scheme ?? 'Bearer'} ${init.token}`, 'content-type': 'application/json', accept: 'application/json' },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

const okta = {
  idp: 'okta' as const,
  impl: 'ours-okta' as const,
  userIdAnnotation: 'okta.com/user-id',
  groupIdAnnotation: 'okta.com/group-id',
  leavers: (e: RunningEmulator) => {
    const inGroups = new Set(e.okta!.org.groups().flatMap(g => e.okta!.org.memberIds(g.id)));
    return e.okta!.org.users().filter(u => u.status === 'ACTIVE' && inGroups.has(u.id)).map(u => u.id);
  },
  offboard: (e: RunningEmulator, id: string) => void e.okta!.org.deactivateUser(id),
  isMember: (e: RunningEmulator, g: string, u: string) => e.okta!.org.memberIds(g).includes(u),
  groupIds: (e: RunningEmulator) => e.okta!.org.groups().filter(g => g.type === 'OKTA_GROUP').map(g => g.id),
  join: (e: RunningEmulator, g: string, u: string) => void e.okta!.org.addMember(g, u),
};

const graph = {
  idp: 'graph' as const,
  impl: 'ours-msgraph' as const,
  userIdAnnotation: 'graph.microsoft.com/user-id',
  groupIdAnnotation: 'graph.microsoft.com/group-id',
  leavers: (e: RunningEmulator) => e.graph!.org.users().filter(u => u.accountEnabled !== false).map(u => u.id),
  offboard: (e: RunningEmulator, id: string) => void e.graph!.org.disableUser(id),
  isMember: (e: RunningEmulator, g: string, u: string) => e.graph!.org.members(g).includes(u),
  groupIds: (e: RunningEmulator) => e.graph!.org.groups().map(g => g.id),
  join: (e: RunningEmulator, g: string, u: string) => e.graph!.org.addMember(g, u),
};

/** GitHub ids are logins and team slugs (the emulator's admin handle), mapped to the catalog by annotation. */
const github = {
  idp: 'github' as const,
  impl: 'ours-github' as const,
  userIdAnnotation: 'github.com/user-login',
  groupIdAnnotation: 'github.com/team-slug',
  leavers: (e: RunningEmulator) => e.github!.org.snapshot().orgs[0].members.map(m => m.login),
  offboard: (e: RunningEmulator, login: string) => e.github!.org.removeOrgMember(login),
  isMember: (e: RunningEmulator, slug: string, login: string) => {
    const org = e.github!.org.snapshot().orgs[0];
    return (org.team_members[slug.split('/').pop()!] ?? []).some(m => m.login === login);
  },
  groupIds: (e: RunningEmulator) => {
    const org = e.github!.org.snapshot().orgs[0];
    return org.teams.map(t => `${e.github!.info.org}/${t.slug}`);
  },
  join: (e: RunningEmulator, slug: string, login: string) => e.github!.org.addTeamMember(slug.split('/').pop()!, login),
};

export const CHANGE_MODES: Record<ChangeModeName, ChangeMode> = {
  'okta-poll': {
    ...okta,
    name: 'okta-poll',
    how: 'poll',
    config: (_e, _b, intervalS) => ({ provider: { events: { poll: { enabled: true, interval: { seconds: intervalS } } } } }),
    // The System Log cursor starts at the first poll: a change made before it would not be in the feed.
    ready: e => pollSeen(e, 'GET /api/v1/logs'),
  },
  'okta-push': {
    ...okta,
    name: 'okta-push',
    how: 'push',
    config: (_e, b, intervalS) => ({ provider: { events: { poll: { interval: { seconds: intervalS } }, push: { enabled: true, authorization: b.secret } } } }),
    async register(e, b) {
      const { orgUrl, token } = e.okta!.info;
      const hook = (await call(`${orgUrl}/api/v1/eventHooks`, {
        method: 'POST',
        token,
        scheme: 'SSWS',
        body: JSON.stringify({
          name: 'backstage org-sync bench',
          events: { type: 'EVENT_TYPE', items: [...OKTA_CHANGE_EVENT_TYPES] },
          channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${routeBase(b.port)}/okta/bench`, headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: b.secret } } },
        }),
      })) as { id: string };
      const verified = (await call(`${orgUrl}/api/v1/eventHooks/${hook.id}/lifecycle/verify`, { method: 'POST', token, scheme: 'SSWS' })) as { verificationStatus?: string };
      if (verified.verificationStatus !== 'VERIFIED') throw new Error(`the Okta Event Hook was not verified: ${JSON.stringify(verified)}`);
    },
    ready: () => true,
  },
  'graph-poll': {
    ...graph,
    name: 'graph-poll',
    how: 'poll',
    config: (_e, _b, intervalS) => ({ provider: { events: { poll: { enabled: true, interval: { seconds: intervalS } } } } }),
    // The first poll takes fresh delta links ($deltatoken=latest): changes before it are not in them.
    ready: e => pollSeen(e, 'POST /v1.0/$batch'),
  },
  'graph-push': {
    ...graph,
    name: 'graph-push',
    how: 'push',
    config: (_e, b, intervalS) => ({
      provider: { events: { poll: { interval: { seconds: intervalS } }, push: { enabled: true, notificationUrl: `${routeBase(b.port)}/msgraph/bench`, clientState: b.secret } } },
    }),
    // The change task's upkeep creates the users and groups subscriptions.
    ready: e => e.graph!.subscriptions.list().filter(s => /users|groups/.test(s.resource)).length >= 2,
  },
  'github-push': githubPush('github-push', false),
  'github-push-batched': githubPush('github-push-batched', true),
};

/** GitHub webhooks through the events backend; `batched`: team changes wait for the next change round (`events.batchTeamChanges`). */
function githubPush(name: 'github-push' | 'github-push-batched', batched: boolean): ChangeMode {
  return {
    ...github,
    name,
    how: 'push',
    batched,
    entry: dist('backends', 'ours-github-events.js'),
    config: (_e, b, intervalS) => ({
      provider: { events: { enabled: true, ...(batched && { batchTeamChanges: true }), poll: { interval: { seconds: intervalS } } } },
      root: { events: { http: { topics: ['github'] }, modules: { github: { webhookSecret: b.secret } } } },
    }),
    async register(e, b) {
      const { apiBaseUrl, token, org } = e.github!.info;
      await call(`${apiBaseUrl}/orgs/${org}/hooks`, {
        method: 'POST',
        token,
        body: JSON.stringify({
          name: 'web',
          active: true,
          events: ['organization', 'membership', 'team'],
          config: { url: `http://localhost:${b.port}/api/events/http/github`, content_type: 'json', secret: b.secret, insecure_ssl: '0' },
        }),
      });
    },
    ready: () => true,
  };
}

/** Whether the emulator answered the poll route since its counters were reset (the poller then holds a cursor). */
function pollSeen(e: RunningEmulator, route: string): boolean {
  return (e.counters().byRoute[route] ?? 0) > 0;
}

export const secretFor = () => crypto.randomBytes(24).toString('base64url');

export const implOf = (mode: ChangeMode) => IMPLS[mode.impl];
