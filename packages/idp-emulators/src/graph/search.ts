import { unsupportedQuery } from './errors';

/**
 * Graph's directory `$search`: `"property:text"` clauses joined by AND / OR.
 * Matching is tokenised: a clause matches when a word of the property starts
 * with the text (or the whole value does), case-insensitively.
 */
export function parseSearch(text: string): (object: Record<string, unknown>) => boolean {
  const orGroups = text.split(/\s+OR\s+/).map(group => group.split(/\s+AND\s+/).map(parseClause));
  return object => orGroups.some(clauses => clauses.every(clause => clause(object)));
}

function parseClause(raw: string): (object: Record<string, unknown>) => boolean {
  const match = /^"([A-Za-z]+):(.*)"$/.exec(raw.trim());
  if (!match) throw unsupportedQuery(`Invalid $search clause: ${raw}. Use "property:value".`);
  const [, property, value] = match;
  const needle = value.toLowerCase();
  return object => {
    const actual = object[property];
    if (typeof actual !== 'string') return false;
    const lower = actual.toLowerCase();
    return lower.startsWith(needle) || lower.split(/[\s\-_.@,;:/()]+/).some(word => word.startsWith(needle));
  };
}
