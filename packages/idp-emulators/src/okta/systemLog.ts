import type { OktaLogEvent } from './logEvent';

/** What one `GET /api/v1/logs` asks for, parsed. */
export interface LogQuery {
  sinceMs: number;
  /** Absent on a polling request. */
  untilMs?: number;
  /** Position named by `after`: events after it (ascending) or before it (descending). */
  afterSeq?: number;
  limit: number;
  descending: boolean;
  predicate: (event: OktaLogEvent) => boolean;
}

/** A page of the log and the position its `next` link names, when there is one. */
export interface LogPage {
  items: OktaLogEvent[];
  nextSeq?: number;
}

type Listener = (events: OktaLogEvent[]) => void;

/**
 * The org's System Log: events in the order they were recorded. A polling
 * request (no `until`, ascending) always gets a next position — past what it
 * saw, so following it returns only events recorded later; a bounded request
 * gets one only while more events match.
 */
export class OktaSystemLog {
  private readonly entries: { seq: number; event: OktaLogEvent }[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<Listener>();

  /** Records the events of one change and tells the listeners (Event Hook delivery). */
  append(events: OktaLogEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.entries.push({ seq: this.nextSeq++, event });
    for (const listener of this.listeners) listener(events);
  }

  onAppend(listener: Listener): void {
    this.listeners.add(listener);
  }

  all(): OktaLogEvent[] {
    return this.entries.map(e => e.event);
  }

  page(query: LogQuery): LogPage {
    const polling = query.untilMs === undefined && !query.descending;
    const untilMs = query.untilMs ?? Date.now();
    const inRange = (event: OktaLogEvent) => {
      const at = Date.parse(event.published);
      return at >= query.sinceMs && (polling || at < untilMs) && query.predicate(event);
    };
    const ordered = query.descending ? [...this.entries].reverse() : this.entries;
    const after = query.afterSeq;
    const items: OktaLogEvent[] = [];
    let lastSeq = after ?? 0;
    let moreFollow = false;
    for (const entry of ordered) {
      if (after !== undefined && (query.descending ? entry.seq >= after : entry.seq <= after)) continue;
      if (!inRange(entry.event)) {
        // Seen and not wanted: a poll need not look at it again.
        if (polling) lastSeq = entry.seq;
        continue;
      }
      if (items.length === query.limit) {
        moreFollow = true;
        break;
      }
      items.push(entry.event);
      lastSeq = entry.seq;
    }
    if (polling) return { items, nextSeq: lastSeq };
    return { items, nextSeq: moreFollow ? lastSeq : undefined };
  }
}
