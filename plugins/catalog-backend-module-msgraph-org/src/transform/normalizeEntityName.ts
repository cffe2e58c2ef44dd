/**
 * The official module's name normalisation, character for character, so the
 * same tenant gives the same names. Its output may still be invalid (leading
 * `_`, trailing `.`, over 63 characters); the engine makes those valid.
 *
 * @public
 */
export function normalizeEntityName(name: string): string {
  // String(): a tenant record with a non-string mail or name must not fail the whole run.
  let cleaned = String(name)
    .trim()
    .toLowerCase()
    .replace(/[^a-zA-Z0-9_\-.]/g, '_');
  while (cleaned.endsWith('_')) cleaned = cleaned.substring(0, cleaned.length - 1);
  while (cleaned.includes('__')) cleaned = cleaned.replace('__', '_');
  return cleaned;
}
