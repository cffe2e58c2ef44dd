import { GithubAdminError } from '../store';

/** An organization webhook (`POST /orgs/{org}/hooks`). */
export interface OrgHook {
  id: number;
  /** Lower-cased org login. */
  org: string;
  url: string;
  contentType: 'json' | 'form';
  /** Never served back: GitHub answers `********`. */
  secret?: string;
  insecureSsl: '0' | '1';
  events: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What `POST`/`PATCH /orgs/{org}/hooks` accept (GitHub's body). */
export interface HookInput {
  name?: unknown;
  config?: { url?: unknown; content_type?: unknown; secret?: unknown; insecure_ssl?: unknown };
  events?: unknown;
  active?: unknown;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The org webhooks of every emulated org, with GitHub's validation of their config. */
export class OrgHooks {
  private readonly hooks = new Map<number, OrgHook>();
  private nextId = 1;

  list(org: string): OrgHook[] {
    return [...this.hooks.values()].filter(h => h.org === org.toLowerCase());
  }

  get(org: string, id: number): OrgHook | undefined {
    const hook = this.hooks.get(id);
    return hook && hook.org === org.toLowerCase() ? hook : undefined;
  }

  create(org: string, input: HookInput): OrgHook {
    if (input.name !== 'web') throw new GithubAdminError(422, 'Validation Failed: name must be "web"');
    const config = input.config ?? {};
    const hook: OrgHook = {
      id: this.nextId++,
      org: org.toLowerCase(),
      url: requireUrl(config.url),
      contentType: contentType(config.content_type),
      secret: secret(config.secret),
      insecureSsl: insecureSsl(config.insecure_ssl),
      events: events(input.events ?? ['push']),
      active: input.active === undefined ? true : bool(input.active, 'active'),
      createdAt: now(),
      updatedAt: now(),
    };
    this.hooks.set(hook.id, hook);
    return hook;
  }

  update(hook: OrgHook, input: HookInput & { add_events?: unknown; remove_events?: unknown }): OrgHook {
    const config = input.config;
    if (config) {
      if (config.url !== undefined) hook.url = requireUrl(config.url);
      if (config.content_type !== undefined) hook.contentType = contentType(config.content_type);
      if (config.secret !== undefined) hook.secret = secret(config.secret);
      if (config.insecure_ssl !== undefined) hook.insecureSsl = insecureSsl(config.insecure_ssl);
    }
    if (input.events !== undefined) hook.events = events(input.events);
    if (input.active !== undefined) hook.active = bool(input.active, 'active');
    hook.updatedAt = now();
    return hook;
  }

  delete(hook: OrgHook): void {
    this.hooks.delete(hook.id);
  }

  /** Active hooks of the org that subscribed to `event` (or to `*`). */
  subscribed(org: string, event: string): OrgHook[] {
    return this.list(org).filter(h => h.active && (h.events.includes(event) || h.events.includes('*')));
  }
}

function requireUrl(value: unknown): string {
  if (typeof value !== 'string' || !value) throw new GithubAdminError(422, 'Validation Failed: config.url is required');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GithubAdminError(422, `Validation Failed: config.url ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new GithubAdminError(422, 'Validation Failed: config.url must be http or https');
  return url.href;
}

function contentType(value: unknown): 'json' | 'form' {
  if (value === undefined) return 'form';
  if (value === 'json' || value === 'form') return value;
  throw new GithubAdminError(422, 'Validation Failed: config.content_type must be json or form');
}

function secret(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new GithubAdminError(422, 'Validation Failed: config.secret must be a string');
  return value;
}

function insecureSsl(value: unknown): '0' | '1' {
  if (value === undefined || value === '0' || value === 0) return '0';
  if (value === '1' || value === 1) return '1';
  throw new GithubAdminError(422, 'Validation Failed: config.insecure_ssl must be "0" or "1"');
}

function events(value: unknown): string[] {
  if (!Array.isArray(value) || value.some(e => typeof e !== 'string')) throw new GithubAdminError(422, 'Validation Failed: events must be an array of strings');
  return [...new Set(value as string[])];
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new GithubAdminError(422, `Validation Failed: ${name} must be a boolean`);
  return value;
}
