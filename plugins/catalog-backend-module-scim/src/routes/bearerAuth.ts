import type { LoggerService } from '@backstage/backend-plugin-api';
import { sameSecret } from '@orgsync/plugin-catalog-org-sync-node';
import type { RequestHandler } from 'express';
import { ScimError } from '../protocol';
import { sendScimError } from './scimResponses';

/** One token's allowance: a bucket of `perMinute` requests that refills continuously. */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Lets a request through when it carries one of the configured bearer tokens (each compared in constant time, all of
 * them every time) and that token has requests left this minute; 401 and 429 otherwise, as SCIM errors. Nothing of
 * what the caller sent is logged.
 */
export function bearerAuth(options: { tokens: readonly string[]; requestsPerMinute: number; providerName: string; logger: LoggerService }): RequestHandler {
  const buckets = options.tokens.map((): Bucket => ({ tokens: options.requestsPerMinute, at: Date.now() }));
  return (req, res, next) => {
    const header = req.headers.authorization;
    const given = typeof header === 'string' && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
    const matches = options.tokens.map(token => sameSecret(given, token));
    const index = matches.indexOf(true);
    if (index < 0) {
      options.logger.warn(`${options.providerName}: refused a SCIM request ${header ? 'with a wrong' : 'without an'} Authorization header (${req.method} from ${req.ip})`);
      res.set('www-authenticate', 'Bearer');
      sendScimError(res, new ScimError(401, undefined, 'a valid bearer token is required'));
      return;
    }
    if (!take(buckets[index], options.requestsPerMinute)) {
      res.set('retry-after', '1');
      sendScimError(res, new ScimError(429, undefined, `more than ${options.requestsPerMinute} requests a minute with this token`));
      return;
    }
    next();
  };
}

function take(bucket: Bucket, perMinute: number): boolean {
  const now = Date.now();
  bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
