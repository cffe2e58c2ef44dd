import type { GithubIdentity } from '../credentials';
import type { GithubUser } from '../fixture';
import type { ExternalIdentityRecord } from '../samlIdentities';
import type { GithubStore, OrgRecord } from '../store';
import { connection, idKey, typedError, type ConnectionArgs } from './connection';

export interface ExternalIdentitiesArgs extends ConnectionArgs {
  login?: string | null;
  membersOnly?: boolean | null;
  userName?: string | null;
}

interface Views {
  store: GithubStore;
  identity: GithubIdentity;
  userView(user: GithubUser): Record<string, unknown>;
  orgView(org: OrgRecord): Record<string, unknown>;
}

const nodeId = (type: string, id: string) => Buffer.from(`0${type.length}:${type}${id}`).toString('base64');

/**
 * `Organization.samlIdentityProvider`: null when the org has no SAML SSO; for
 * credentials that may not read it, null plus GitHub's error at its path
 * (FORBIDDEN for an App installation, INSUFFICIENT_SCOPES for a token).
 */
export function samlIdentityProviderView(org: OrgRecord, views: Views): Record<string, unknown> | null {
  const saml = org.saml;
  if (!saml) return null;
  if (!saml.readable) throw refusal(views.identity);
  const { store } = views;
  const isMember = (identity: ExternalIdentityRecord) => {
    const user = identity.userId === null ? undefined : store.userById(identity.userId);
    return !!user && !store.empty && org.members.has(user.login.toLowerCase());
  };
  const identityView = (identity: ExternalIdentityRecord): Record<string, unknown> => {
    const user = identity.userId === null ? undefined : store.userById(identity.userId);
    return {
      __typename: 'ExternalIdentity',
      id: nodeId('ExternalIdentity', `${org.id}-${identity.seq}`),
      guid: identity.guid,
      organizationInvitation: null,
      scimIdentity: null,
      samlIdentity: {
        nameId: identity.nameId,
        username: identity.username,
        emails: identity.emails.map((value, index) => ({ value, primary: index === 0, type: 'work' })),
        attributes: [],
        givenName: null,
        familyName: null,
        groups: null,
      },
      user: user ? views.userView(user) : null,
    };
  };
  return {
    __typename: 'OrganizationIdentityProvider',
    id: nodeId('OrganizationIdentityProvider', String(org.id)),
    ssoUrl: saml.ssoUrl,
    issuer: saml.ssoUrl,
    digestMethod: 'http://www.w3.org/2001/04/xmlenc#sha256',
    signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    idpCertificate: null,
    organization: () => views.orgView(org),
    externalIdentities: (args: ExternalIdentitiesArgs) => {
      let identities = saml.identities;
      if (args.membersOnly) identities = identities.filter(isMember);
      if (args.login) {
        const login = args.login.toLowerCase();
        identities = identities.filter(i => i.userId !== null && store.userById(i.userId)?.login.toLowerCase() === login);
      }
      if (args.userName) {
        const name = args.userName.toLowerCase();
        identities = identities.filter(i => i.nameId?.toLowerCase() === name || i.username?.toLowerCase() === name);
      }
      return connection('externalIdentities', identities, i => idKey(i.seq), args, i => ({ node: identityView(i) }));
    },
  };
}

function refusal(identity: GithubIdentity) {
  if (identity.kind === 'installation') return typedError('FORBIDDEN', 'Resource not accessible by integration');
  return typedError(
    'INSUFFICIENT_SCOPES',
    "Your token has not been granted the required scopes to execute this query. The 'samlIdentityProvider' field requires one of the following scopes: ['read:org'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens.",
  );
}
