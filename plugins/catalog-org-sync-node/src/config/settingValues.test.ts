import { ConfigReader } from '@backstage/config';
import { readOptionalText, readOptionalWholeNumber, readRequiredText } from './settingValues';

const PATH = 'catalog.providers.idp.main';
const config = (values: Record<string, unknown>) => new ConfigReader(values as ConstructorParameters<typeof ConfigReader>[0]);

describe('readOptionalText', () => {
  it('gives the text as written, spaces kept, and undefined when absent or null', () => {
    expect(readOptionalText(config({ dn: ' ou=people ' }), 'dn', PATH)).toBe(' ou=people ');
    expect(readOptionalText(config({}), 'dn', PATH)).toBeUndefined();
    expect(readOptionalText(config({ dn: null }), 'dn', PATH)).toBeUndefined();
  });

  it('refuses a value that is not a string, or only blanks, naming the setting', () => {
    expect(() => readOptionalText(config({ dn: 3 }), 'dn', PATH)).toThrow(`${PATH}.dn must be a string, got number`);
    expect(() => readOptionalText(config({ dn: '  ' }), 'dn', PATH)).toThrow(`${PATH}.dn is empty; remove it or give it a value`);
  });
});

describe('readRequiredText', () => {
  it('names the missing setting and, when given, an example', () => {
    expect(() => readRequiredText(config({}), 'orgUrl', PATH, 'https://your-org.okta.com')).toThrow(`${PATH}.orgUrl is required (e.g. https://your-org.okta.com)`);
    expect(() => readRequiredText(config({}), 'target', PATH)).toThrow(new Error(`${PATH}.target is required`));
    expect(readRequiredText(config({ target: 'ldaps://dc' }), 'target', PATH)).toBe('ldaps://dc');
  });
});

describe('readOptionalWholeNumber', () => {
  const bounds = { min: 1, max: 100 };

  it('gives a whole number within the bounds, bounds included, and undefined when absent', () => {
    expect(readOptionalWholeNumber(config({ n: 1 }), 'n', PATH, bounds)).toBe(1);
    expect(readOptionalWholeNumber(config({ n: 100 }), 'n', PATH, bounds)).toBe(100);
    expect(readOptionalWholeNumber(config({}), 'n', PATH, bounds)).toBeUndefined();
  });

  it.each([0, 101, 2.5, '4'])('refuses %p, naming the setting and the range', value => {
    expect(() => readOptionalWholeNumber(config({ n: value }), 'n', PATH, bounds)).toThrow(
      `${PATH}.n must be a whole number from 1 to 100, got ${JSON.stringify(value)}`,
    );
  });
});
