import { createHash, randomBytes } from 'node:crypto';

/** A GUID derived from its inputs, so the same org always gets the same ids. */
export function stableGuid(...parts: Array<string | number>): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return formatGuid(hex);
}

export function randomGuid(): string {
  return formatGuid(randomBytes(16).toString('hex'));
}

function formatGuid(hex: string): string {
  // version 4 / RFC 4122 variant bits, as Entra's ids have
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
