import type { Client, Entry } from 'ldapts';
import { describeLdapError, IncompleteLdapReadError } from './errors';

const RANGE = /^(.+);range=(\d+)-(\d+|\*)$/i;
/** A guard against a server that never ends a range (each step must move forward anyway). */
const MAX_RANGE_STEPS = 10_000;

/**
 * Active Directory range retrieval: an attribute with more values than MaxValRange (1,500; 5,000 on newer
 * servers) comes back as `member;range=0-1499` next to an empty `member`. Reads `member;range=1500-*`,
 * then on from each range's end, until a range ends in `*`, and puts every value under `member`.
 * Entries without ranged attributes cost nothing.
 */
export async function readRemainingRanges(
  client: Client,
  entry: Entry,
  request: { binaryAttributes: string[]; signal: AbortSignal; countRequest(): void },
): Promise<void> {
  for (const key of Object.keys(entry)) {
    const match = RANGE.exec(key);
    if (!match) continue;
    const [, attribute, , firstEnd] = match;
    const values = toArray(entry[key]);
    delete entry[key];
    let end = firstEnd;
    for (let step = 0; end !== '*'; step++) {
      if (step >= MAX_RANGE_STEPS) throw new IncompleteLdapReadError(`${entry.dn}: ${attribute} never finished its ranges`);
      if (request.signal.aborted) throw new Error(`reading ${attribute} of ${entry.dn} was aborted`);
      const start = Number(end) + 1;
      request.countRequest();
      let next: Entry | undefined;
      try {
        const result = await client.search(entry.dn, { scope: 'base', filter: '(objectClass=*)', attributes: [`${attribute};range=${start}-*`], explicitBufferAttributes: request.binaryAttributes });
        next = result.searchEntries[0];
      } catch (error) {
        throw new IncompleteLdapReadError(`reading ${attribute};range=${start}-* of "${entry.dn}" failed, nothing applied: ${describeLdapError(error)}`);
      }
      const nextKey = next && Object.keys(next).find(k => RANGE.exec(k)?.[1].toLowerCase() === attribute.toLowerCase());
      const nextMatch = nextKey ? RANGE.exec(nextKey) : null;
      if (!next || !nextKey || !nextMatch || Number(nextMatch[2]) !== start) {
        throw new IncompleteLdapReadError(`"${entry.dn}": the directory answered no ${attribute};range=${start}-… (${nextKey ?? 'nothing'}), so its ${attribute} list is incomplete; nothing applied`);
      }
      values.push(...toArray(next[nextKey]));
      end = nextMatch[3];
    }
    const existing = Object.keys(entry).find(k => k.toLowerCase() === attribute.toLowerCase());
    entry[existing ?? attribute] = [...toArray(existing ? entry[existing] : []), ...values] as string[];
  }
}

function toArray(value: Entry[string] | undefined): Array<string | Buffer> {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}
