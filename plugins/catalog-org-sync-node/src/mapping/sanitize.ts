import type { OrgGroupRecord, OrgUserRecord } from '../records';

/** @public */
export interface SkippedRecord {
  kind: 'user' | 'group';
  /** Position in the snapshot, for records without a usable id. */
  index: number;
  id?: string;
  reason: string;
}

// Control characters never belong in names or profile text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(CONTROL, '').trim();
  return cleaned || undefined;
}

function ids(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map(text).filter((v): v is string => v !== undefined);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

function idOf(raw: unknown): string | undefined {
  return raw && typeof raw === 'object' ? text((raw as { id?: unknown }).id) : undefined;
}

/**
 * Returns a clean copy of a user record, or the reason it cannot be used.
 * Sources are typed, but their data comes from an IdP and from transformers:
 * one malformed record must be skipped, never fail the run.
 */
export function sanitizeUser(raw: unknown): OrgUserRecord | string {
  if (!raw || typeof raw !== 'object') return 'not an object';
  const r = raw as Record<string, unknown>;
  const id = idOf(r);
  if (!id) return 'missing id';
  return {
    id,
    login: text(r.login),
    email: text(r.email),
    displayName: text(r.displayName),
    givenName: text(r.givenName),
    familyName: text(r.familyName),
    picture: text(r.picture),
    active: r.active !== false,
    inactiveReason: text(r.inactiveReason),
    annotations: stringMap(r.annotations),
    attributes: r.attributes && typeof r.attributes === 'object' ? (r.attributes as Record<string, unknown>) : undefined,
    ...('raw' in r && r.raw !== undefined ? { raw: r.raw } : {}),
  };
}

export function sanitizeGroup(raw: unknown): OrgGroupRecord | string {
  if (!raw || typeof raw !== 'object') return 'not an object';
  const r = raw as Record<string, unknown>;
  const id = idOf(r);
  if (!id) return 'missing id';
  return {
    id,
    name: text(r.name),
    displayName: text(r.displayName),
    description: text(r.description),
    email: text(r.email),
    picture: text(r.picture),
    type: text(r.type),
    parentIds: ids(r.parentIds),
    memberUserIds: ids(r.memberUserIds),
    memberGroupIds: ids(r.memberGroupIds),
    annotations: stringMap(r.annotations),
    attributes: r.attributes && typeof r.attributes === 'object' ? (r.attributes as Record<string, unknown>) : undefined,
    ...('raw' in r && r.raw !== undefined ? { raw: r.raw } : {}),
  };
}

/** Sanitises a list, dropping duplicates of an id (the first occurrence wins) and unusable records. */
export function sanitizeAll<T extends { id: string }>(
  kind: 'user' | 'group',
  raws: readonly unknown[],
  sanitize: (raw: unknown) => T | string,
): { records: T[]; skipped: SkippedRecord[] } {
  const records: T[] = [];
  const skipped: SkippedRecord[] = [];
  const seen = new Set<string>();
  raws.forEach((raw, index) => {
    const result = sanitize(raw);
    if (typeof result === 'string') {
      skipped.push({ kind, index, id: idOf(raw), reason: result });
    } else if (seen.has(result.id)) {
      skipped.push({ kind, index, id: result.id, reason: 'duplicate id' });
    } else {
      seen.add(result.id);
      records.push(result);
    }
  });
  return { records, skipped };
}
