import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { GithubConnectionInfo } from '../index';

export const ThrottledOctokit = Octokit.plugin(throttling, retry);

export interface ThrottleLog {
  primary: number;
  secondary: number;
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function throttle(log: ThrottleLog, retries = 5) {
  return {
    onRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => {
      log.primary++;
      return retryCount < retries;
    },
    onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => {
      log.secondary++;
      return retryCount < retries;
    },
  };
}

/** Octokit with throttling + retry, authenticated with the personal access token. */
export function patClient(info: GithubConnectionInfo, log: ThrottleLog = { primary: 0, secondary: 0 }) {
  return new ThrottledOctokit({ baseUrl: info.apiBaseUrl, auth: info.token, throttle: throttle(log), log: quiet });
}

/** A bare Octokit (no throttling, no retry) for asserting on error responses. */
export function bareClient(info: GithubConnectionInfo, auth: string = info.token) {
  return new Octokit({ baseUrl: info.apiBaseUrl, auth, log: quiet });
}

/**
 * Octokit authenticating as the GitHub App installation. `@octokit/auth-app`
 * caches tokens for 59 minutes whatever `expires_at` says; a client facing
 * shorter-lived tokens passes a cache that honours `expires_at` (the third
 * `|`-separated field of the cached value).
 */
export function appClient(info: GithubConnectionInfo, options: { honourExpiry?: boolean; installationId?: number } = {}) {
  const entries = new Map<string, string>();
  const cache = {
    get: (key: string) => {
      const value = entries.get(key);
      if (!value) return undefined;
      const expiresAt = Date.parse(value.split('|')[2]);
      return options.honourExpiry && expiresAt - Date.now() < 500 ? undefined : value;
    },
    set: (key: string, value: string) => {
      entries.set(key, value);
    },
  };
  return new ThrottledOctokit({
    baseUrl: info.apiBaseUrl,
    authStrategy: createAppAuth,
    auth: { appId: info.app.appId, privateKey: info.app.privateKey, installationId: options.installationId ?? info.app.installationId, cache },
    throttle: throttle({ primary: 0, secondary: 0 }),
    log: quiet,
  });
}

export async function admin(info: GithubConnectionInfo, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${info.url}/__admin/github${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
