import { createHash, randomUUID } from 'node:crypto';
import type { GithubExternalIdentity, GithubSamlIdentityProvider, GithubUser } from './fixture';
import { GithubAdminError } from './adminError';

/** A SAML external identity as the store keeps it: linked to an account by user id, so a login change keeps the link. */
export interface ExternalIdentityRecord {
  /** Listing order and cursor key (GitHub lists identities by their id). */
  seq: number;
  guid: string;
  nameId: string | null;
  username: string | null;
  emails: string[];
  userId: number | null;
}

export interface SamlProviderRecord {
  ssoUrl: string;
  identities: ExternalIdentityRecord[];
  /** False when the emulated credentials may not read the identities (no `members` read for an App, no `read:org` for a token). */
  readable: boolean;
  nextSeq: number;
}

/** What `setSamlIdentity` sets on a member's identity. */
export interface SamlIdentityInput {
  nameId: string | null;
  /** Default: unchanged for an existing identity, else null. */
  username?: string | null;
  /** Default: unchanged for an existing identity, else none. */
  emails?: string[];
}

/** A GUID that is the same for the same org and account in every run (fixtures are reproducible). */
export function stableGuid(orgId: number, login: string): string {
  const hex = createHash('sha1').update(`saml:${orgId}:${login.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function loadSamlProvider(
  fixture: GithubSamlIdentityProvider | null | undefined,
  userIdOf: (login: string) => number | undefined,
  orgLogin: string,
): SamlProviderRecord | null {
  if (!fixture) return null;
  const identities = fixture.identities.map((identity, index): ExternalIdentityRecord => {
    const userId = identity.login === null ? null : userIdOf(identity.login);
    if (userId === undefined) throw new Error(`org ${orgLogin}: SAML identity ${identity.guid} is linked to ${identity.login}, who is not in users`);
    return { seq: index + 1, guid: identity.guid, nameId: identity.name_id, username: identity.username, emails: [...identity.emails], userId };
  });
  return { ssoUrl: fixture.sso_url, identities, readable: true, nextSeq: identities.length + 1 };
}

export function samlProviderSnapshot(provider: SamlProviderRecord | null, loginOf: (userId: number) => string | undefined): GithubSamlIdentityProvider | null {
  if (!provider) return null;
  return {
    sso_url: provider.ssoUrl,
    identities: provider.identities.map(identity => identitySnapshot(identity, loginOf)),
  };
}

export function identitySnapshot(identity: ExternalIdentityRecord, loginOf: (userId: number) => string | undefined): GithubExternalIdentity {
  return {
    guid: identity.guid,
    name_id: identity.nameId,
    username: identity.username,
    emails: [...identity.emails],
    login: identity.userId === null ? null : (loginOf(identity.userId) ?? null),
  };
}

/** Sets (creates or changes) the identity linked to `user`, or removes it when `input` is null. */
export function setSamlIdentity(provider: SamlProviderRecord, user: GithubUser, input: SamlIdentityInput | null): ExternalIdentityRecord | undefined {
  const existing = provider.identities.find(identity => identity.userId === user.id);
  if (input === null) {
    if (!existing) throw new GithubAdminError(404, `${user.login} has no SAML identity`);
    provider.identities = provider.identities.filter(identity => identity !== existing);
    return undefined;
  }
  checkInput(input);
  if (existing) {
    existing.nameId = input.nameId;
    if (input.username !== undefined) existing.username = input.username;
    if (input.emails !== undefined) existing.emails = [...input.emails];
    return existing;
  }
  const created: ExternalIdentityRecord = {
    seq: provider.nextSeq++,
    guid: randomUUID(),
    nameId: input.nameId,
    username: input.username ?? null,
    emails: [...(input.emails ?? [])],
    userId: user.id,
  };
  provider.identities.push(created);
  return created;
}

function checkInput(input: SamlIdentityInput): void {
  const nullableString = (value: unknown) => value === null || typeof value === 'string';
  if (!input || typeof input !== 'object' || !nullableString(input.nameId)) throw new GithubAdminError(400, 'send {"nameId": string|null, "username"?: string|null, "emails"?: string[]}');
  if (input.username !== undefined && !nullableString(input.username)) throw new GithubAdminError(400, 'username must be a string or null');
  if (input.emails !== undefined && !(Array.isArray(input.emails) && input.emails.every(e => typeof e === 'string'))) {
    throw new GithubAdminError(400, 'emails must be a list of strings');
  }
}
