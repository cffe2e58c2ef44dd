import type { InnerResponse } from './batchRunner';
import { errorText } from './graphErrors';

/** One page of a Graph collection: its objects and where the listing goes on. */
export interface GraphPage<T> {
  value: T[];
  nextLink?: string;
  deltaLink?: string;
}

/**
 * The page a Graph answer holds. A body without a `value` list (an error
 * object in a 200 answer, or anything else) is an error for that request,
 * never an empty page: read as one, it would empty a group in the catalog.
 */
export function pageOf<T>(what: string, body: unknown): GraphPage<T> {
  const page = body as { value?: unknown; '@odata.nextLink'?: unknown; '@odata.deltaLink'?: unknown } | null | undefined;
  if (!page || typeof page !== 'object' || !Array.isArray(page.value)) {
    throw new Error(`Error while reading ${what} from Microsoft Graph: the answer holds no list of objects (${errorText(body)}); nothing is applied`);
  }
  const link = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return { value: page.value as T[], nextLink: link(page['@odata.nextLink']), deltaLink: link(page['@odata.deltaLink']) };
}

/** Fails with Graph's error for an inner response with a status other than 2xx. */
export function expectOk(what: string, response: InnerResponse): void {
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`Error while reading ${what} from Microsoft Graph: ${response.status} ${errorText(response.body)}`);
  }
}

/** The page of an inner `$batch` response, or an error naming `what`. */
export function innerPageOf<T>(what: string, response: InnerResponse): GraphPage<T> {
  expectOk(what, response);
  return pageOf<T>(what, response.body);
}
