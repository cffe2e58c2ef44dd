/** GitHub's legacy global node ids: base64 of `0<len>:<Type><databaseId>` (`MDQ6VXNlcjE=` = `04:User1`). */
export function legacyNodeId(type: 'User' | 'Team' | 'Organization', id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

/** Decodes a legacy node id, or undefined when it is not one of ours. */
export function decodeNodeId(nodeId: string): { type: string; id: number } | undefined {
  const text = Buffer.from(nodeId, 'base64').toString('utf8');
  const match = /^\d+:(User|Team|Organization)(\d+)$/.exec(text);
  return match ? { type: match[1], id: Number(match[2]) } : undefined;
}

/**
 * GitHub's slug rule: special characters replaced, words lowercased, spaces
 * become `-` ("My TEam Näme" → "my-team-name").
 */
export function teamSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** GitHub logins: alphanumerics and single inner hyphens, at most 39 characters. */
export function toGithubLogin(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 39)
    .replace(/-+$/g, '');
}
