import {
  DefaultGithubCredentialsProvider,
  GithubAppCredentialsMux,
  ScmIntegrations,
  type GithubCredentialsProvider,
  type GithubIntegrationConfig,
} from '@backstage/integration';
import type { Config } from '@backstage/config';
import { abortError, checkIdpUrl } from '@orgsync/plugin-catalog-org-sync-node';

export interface OrgCredentials {
  /** `Authorization` header value and the token's kind (`app` installation or personal `token`). */
  authorization: string;
  type: 'app' | 'token';
}

/**
 * Credentials of one GitHub instance from `integrations.github`. Asked again
 * before every request: `@backstage/integration` caches installation tokens
 * and hands out a fresh one once the cached one is within 10 minutes of expiry.
 */
export class GithubInstanceCredentials {
  private provider: GithubCredentialsProvider;

  private constructor(
    readonly githubUrl: string,
    readonly integration: GithubIntegrationConfig | undefined,
    private readonly integrations: ScmIntegrations,
    /** Where the matching entry is in config, e.g. `integrations.github[1]`. */
    private readonly integrationPath: string,
  ) {
    this.provider = DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  static fromConfig(rootConfig: Config, githubUrl: string): GithubInstanceCredentials {
    const integrations = ScmIntegrations.fromConfig(rootConfig);
    const integration = integrations.github.byUrl(githubUrl)?.config;
    const entries = rootConfig.getOptionalConfigArray('integrations.github') ?? [];
    const index = entries.findIndex(entry => (entry.getOptionalString('host') ?? 'github.com') === integration?.host);
    return new GithubInstanceCredentials(githubUrl, integration, integrations, `integrations.github[${index}]`);
  }

  /**
   * Refuses an `http:` API base URL unless it is on this machine or the provider
   * opted in: the token (or the App's JWT) would travel in clear text. The error names the setting.
   */
  checkApiBaseUrl(options: { allowInsecureHttp: boolean; optInSetting: string }): void {
    const apiBaseUrl = this.integration?.apiBaseUrl;
    if (apiBaseUrl) checkIdpUrl(apiBaseUrl, `${this.integrationPath}.apiBaseUrl`, options);
  }

  /**
   * Drops the cached installation tokens: `@backstage/integration` keeps one until 10 minutes before its
   * `expires_at`, so a token GitHub refused (revoked, app reinstalled) would otherwise be handed out again.
   */
  invalidate(): void {
    this.provider = DefaultGithubCredentialsProvider.fromIntegrations(this.integrations);
  }

  /** Secrets to blank out of logged errors. */
  secrets(): string[] {
    const i = this.integration;
    return [i?.token, ...(i?.apps ?? []).flatMap(a => [a.privateKey, a.clientSecret, a.webhookSecret])].filter((s): s is string => !!s);
  }

  /** REST base URL (GHES: `https://host/api/v3`); GraphQL is derived from it by Octokit. */
  apiBaseUrl(): string {
    if (!this.integration) {
      throw new Error(
        `No GitHub integration matches ${this.githubUrl}: add an entry with host "${new URL(this.githubUrl).host}" under integrations.github`,
      );
    }
    if (!this.integration.apiBaseUrl) {
      throw new Error(`integrations.github entry for host "${this.integration.host}" has no apiBaseUrl (GHES: https://<host>/api/v3)`);
    }
    return this.integration.apiBaseUrl;
  }

  async forOrg(org: string): Promise<OrgCredentials> {
    this.apiBaseUrl();
    let found;
    try {
      found = await this.provider.getCredentials({ url: `${this.githubUrl}/${encodeURIComponent(org)}` });
    } catch (error) {
      throw new Error(`Cannot get GitHub credentials for org "${org}" at ${this.githubUrl}: ${(error as Error).message}`, { cause: error });
    }
    const authorization = found.headers?.Authorization ?? (found.token ? `Bearer ${found.token}` : undefined);
    if (!authorization) {
      throw new Error(
        `No GitHub credentials for org "${org}" at ${this.githubUrl}: integrations.github (host "${this.integration!.host}") has neither a token ` +
          `nor a GitHub App installed on "${org}". Nothing was applied, so the catalog keeps what it had.`,
      );
    }
    return { authorization, type: found.type === 'app' ? 'app' : 'token' };
  }

  /**
   * `forOrg`, given up when `signal` aborts (the run ends or the request timeout passes):
   * `@backstage/integration` asks GitHub for App tokens with no signal we could hand it.
   */
  forOrgUntil(org: string, signal: AbortSignal): Promise<OrgCredentials> {
    return untilAborted(this.forOrg(org), signal);
  }

  /** `installedOrgs`, given up when `signal` aborts. */
  installedOrgsUntil(signal: AbortSignal): Promise<string[]> {
    return untilAborted(this.installedOrgs(), signal);
  }

  /** The orgs the configured GitHub Apps are installed on (the official module's behaviour when `orgs` is absent). */
  async installedOrgs(): Promise<string[]> {
    this.apiBaseUrl();
    const installs = await new GithubAppCredentialsMux(this.integration!).getAllInstallations();
    return installs
      .map(i => (i.target_type === 'Organization' && i.account && 'login' in i.account ? i.account.login : undefined))
      .filter((login): login is string => !!login);
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
