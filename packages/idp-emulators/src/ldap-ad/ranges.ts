import type { WireAttribute } from './ber';

/** A requested attribute description: its name and an optional `range=low-high` option. */
interface Requested {
  lower: string;
  range?: { low: number; high: number | '*' };
}

/** Which attributes a search asked for (RFC 4511 §4.5.1.8 plus AD's range option). */
export class AttributeSelection {
  private readonly all: boolean;
  private readonly none: boolean;
  private readonly byName = new Map<string, Requested>();

  constructor(requested: string[]) {
    const names = requested.map(r => r.trim()).filter(Boolean);
    this.all = names.length === 0 || names.includes('*');
    this.none = !this.all && names.every(n => n === '1.1');
    for (const name of names) {
      const [base, ...options] = name.split(';');
      const entry: Requested = { lower: base.toLowerCase() };
      for (const option of options) {
        const m = /^range=(\d+)-(\d+|\*)$/i.exec(option);
        if (m) entry.range = { low: Number(m[1]), high: m[2] === '*' ? '*' : Number(m[2]) };
      }
      const existing = this.byName.get(entry.lower);
      if (!existing || entry.range) this.byName.set(entry.lower, entry);
    }
  }

  /**
   * The attributes to send for one entry. A multi-valued attribute with more
   * than `maxValRange` values comes back as AD sends it: an empty attribute
   * under its own name and `name;range=0-<max-1>` holding the first slice; a
   * ranged request gets `name;range=<low>-<high>`, the last slice ending in `*`.
   */
  select(attributes: WireAttribute[], maxValRange: number, typesOnly = false): WireAttribute[] {
    if (this.none) return [];
    const out: WireAttribute[] = [];
    for (const attribute of attributes) {
      const requested = this.byName.get(attribute.name.toLowerCase());
      if (!requested && !this.all) continue;
      if (requested?.range) {
        const slice = rangeSlice(attribute, requested.range, maxValRange);
        if (slice) out.push(slice);
      } else if (attribute.values.length > maxValRange) {
        out.push({ name: attribute.name, values: [] });
        out.push({ name: `${attribute.name};range=0-${maxValRange - 1}`, values: attribute.values.slice(0, maxValRange) });
      } else {
        out.push(attribute);
      }
    }
    return typesOnly ? out.map(a => ({ name: a.name, values: [] })) : out;
  }
}

function rangeSlice(attribute: WireAttribute, range: { low: number; high: number | '*' }, maxValRange: number): WireAttribute | undefined {
  const count = attribute.values.length;
  if (range.low >= count) return undefined;
  const asked = range.high === '*' ? count - 1 : Math.min(range.high, count - 1);
  const high = Math.min(asked, range.low + maxValRange - 1);
  const last = high >= count - 1;
  return {
    name: `${attribute.name};range=${range.low}-${last ? '*' : high}`,
    values: attribute.values.slice(range.low, high + 1),
  };
}
