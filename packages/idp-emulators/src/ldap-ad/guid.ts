import type { SeededRandom } from '../core';

/** 16 random bytes shaped as a version-4 GUID, in AD's byte order. */
export function newObjectGuid(random: SeededRandom): Buffer {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = random.int(256);
  bytes[7] = (bytes[7] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return bytes;
}

/**
 * The string form of an `objectGUID` as AD tools show it (the first three
 * fields little-endian): the form Backstage's ldap module puts in
 * `backstage.io/ldap-uuid`.
 */
export function formatObjectGuid(bytes: Buffer): string {
  const hex = [...bytes].map(b => b.toString(16).padStart(2, '0'));
  const at = (...indexes: number[]) => indexes.map(i => hex[i]).join('');
  return `${at(3, 2, 1, 0)}-${at(5, 4)}-${at(7, 6)}-${at(8, 9)}-${at(10, 11, 12, 13, 14, 15)}`;
}

/** Inverse of formatObjectGuid. */
export function parseObjectGuid(text: string): Buffer {
  const hex = text.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`"${text}" is not a GUID`);
  const b = Buffer.from(hex, 'hex');
  return Buffer.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8)]);
}
