import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GithubClient, RequestStats } from '../client/createOctokit';
import { queryGraphql } from '../client/graphql';
import {
  SAML_IDENTITIES_QUERY,
  samlIdentitiesOfQuery,
  type SamlIdentitiesOfResponse,
  type SamlIdentitiesResponse,
  type SamlIdentityNode,
} from './queries';
import { readConnection } from './readConnection';

/** SAML NameIDs (the identity's NameID and username) by GitHub user node id. */
export type SamlNameIds = Map<string, string[]>;

/** GitHub serves at most 100 identities per page; a re-read asks for at most 100 logins per query. */
const PER_QUERY = 100;

export interface SamlReadContext {
  org: string;
  client: GithubClient;
  logger: LoggerService;
  stats: RequestStats;
  signal?: AbortSignal;
  /** The setting that asked for SAML identities (`<provider>.linkTo.match`), for the refusal's message. */
  setting: string;
}

/**
 * Every member's SAML identity in the org, paged. An org without SAML single
 * sign-on (or whose identity provider these credentials cannot see: GitHub
 * answers null to them too) gives none, with one info line. A refusal
 * (FORBIDDEN, INSUFFICIENT_SCOPES) throws with the permission it needs.
 */
export async function readSamlIdentities(context: SamlReadContext & { maxItems: number }): Promise<SamlNameIds> {
  const { org } = context;
  const found: SamlNameIds = new Map();
  let noProvider = false;
  await readConnection<SamlIdentityNode>({
    what: `GitHub org "${org}" SAML identities`,
    maxItems: context.maxItems,
    signal: context.signal,
    fetchPage: async cursor => {
      const data = await querySaml<SamlIdentitiesResponse>(context, SAML_IDENTITIES_QUERY, { org, cursor, pageSize: PER_QUERY });
      if (!data.organization) throw new Error(`GitHub returned no organization "${org}" (SAML identities)`);
      const provider = data.organization.samlIdentityProvider;
      if (provider) return provider.externalIdentities;
      if (cursor !== null) throw new Error(`GitHub org "${org}": the SAML identity provider disappeared while its identities were read`);
      noProvider = true;
      return { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
    },
    onPage: nodes => nodes.forEach(node => add(found, node)),
  });
  if (noProvider) {
    context.logger.info(
      `GitHub org "${org}" has no SAML single sign-on, or these credentials cannot see it (GitHub shows it to org owners' tokens with read:org ` +
        `and to Apps with Members read): its members carry no SAML NameIDs to link by`,
    );
  }
  return found;
}

/** The SAML identities of the named members (logins), 100 logins per query; none when the org has no SAML SSO. */
export async function readSamlIdentitiesOf(context: SamlReadContext, logins: string[]): Promise<SamlNameIds> {
  const found: SamlNameIds = new Map();
  for (let i = 0; i < logins.length; i += PER_QUERY) {
    const batch = logins.slice(i, i + PER_QUERY);
    const variables = Object.fromEntries([['org', context.org], ...batch.map((login, n) => [`l${n}`, login])]);
    const data = await querySaml<SamlIdentitiesOfResponse>(context, samlIdentitiesOfQuery(batch.length), variables);
    const provider = data.organization?.samlIdentityProvider;
    if (!provider) return found;
    batch.forEach((_login, n) => provider[`i${n}`]?.nodes.forEach(node => add(found, node)));
  }
  return found;
}

function add(found: SamlNameIds, node: SamlIdentityNode): void {
  const userId = node.user?.id;
  if (!userId) return;
  const values = [node.samlIdentity?.nameId, node.samlIdentity?.username].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  found.set(userId, distinct([...(found.get(userId) ?? []), ...values]));
}

/** Values without case-insensitive repeats, first spelling kept (the engine matches case-insensitively). */
export function distinct(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter(value => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function querySaml<T>(context: SamlReadContext, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    return await queryGraphql<T>(context.client, query, variables, context);
  } catch (error) {
    const refused = (error as { errors?: Array<{ type?: string; message?: string }> }).errors?.find(
      e => e.type === 'FORBIDDEN' || e.type === 'INSUFFICIENT_SCOPES',
    );
    if (!refused) throw error;
    throw new Error(
      `GitHub refused to show the SAML identities of org "${context.org}" (${refused.type}: ${refused.message}). ${context.setting} has saml, ` +
        `which needs a GitHub App installation with the organization permission "Members" (read), or a personal access token (classic) ` +
        `of an org owner with the read:org scope. Grant it, or leave saml out of ${context.setting}. Nothing was applied`,
      { cause: error },
    );
  }
}
