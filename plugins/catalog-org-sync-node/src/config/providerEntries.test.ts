import { ConfigReader } from '@backstage/config';
import { readProviderEntries, type ReadProviderEntriesOptions } from './providerEntries';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
type JsonValue = JsonObject[string];

const ROOT = 'catalog.providers.idp';

function entries(value: JsonValue, options?: ReadProviderEntriesOptions) {
  return readProviderEntries(new ConfigReader({ catalog: { providers: { idp: value } } }), ROOT, options).map(e => [e.id, e.configPath]);
}

describe('readProviderEntries', () => {
  it('is empty when the root is absent', () => {
    expect(readProviderEntries(new ConfigReader({}), ROOT, { forms: ['keyed', 'list', 'single'] })).toEqual([]);
  });

  it('reads providers keyed by id by default, and refuses a list or a non-object value', () => {
    expect(entries({ a: { url: 'x' }, b: { url: 'y' } })).toEqual([
      ['a', `${ROOT}.a`],
      ['b', `${ROOT}.b`],
    ]);
    expect(() => entries([{ id: 'a' }])).toThrow(`${ROOT} must be an object keyed by provider id`);
    expect(() => entries({ a: 'x' })).toThrow(`${ROOT}.a must be an object holding one provider's settings`);
  });

  it('reads a list with ids from its items, refusing a missing or repeated id naming both items', () => {
    const list: ReadProviderEntriesOptions = { forms: ['keyed', 'list'] };
    expect(entries([{ id: 'a' }, { id: 'b' }], list)).toEqual([
      ['a', `${ROOT}[0]`],
      ['b', `${ROOT}[1]`],
    ]);
    expect(() => entries([{ id: 'a' }, { url: 'x' }], list)).toThrow(`${ROOT}[1].id is required`);
    expect(() => entries([{ id: 'a' }, { id: 'a' }], list)).toThrow(`${ROOT}[1] and ${ROOT}[0] both have the provider id "a"`);
    expect(() => entries('a', list)).toThrow(`${ROOT} must be an object keyed by provider id, or a list of providers`);
  });

  it('tells a single provider from keyed ones with isSingle, with the id from idOf', () => {
    const keyedOrSingle: ReadProviderEntriesOptions = { forms: ['keyed', 'single'], isSingle: c => c.has('url'), idOf: () => 'default' };
    expect(entries({ url: 'x' }, keyedOrSingle)).toEqual([['default', ROOT]]);
    expect(entries({ main: { url: 'x' } }, keyedOrSingle)).toEqual([['main', `${ROOT}.main`]]);
  });

  it('takes an object as one provider when keyed is not a form', () => {
    expect(entries({ id: 'a', url: 'x' }, { forms: ['single', 'list'] })).toEqual([['a', ROOT]]);
  });

  it('explains where to put a single provider when only keyed and list are accepted', () => {
    expect(() => entries({ url: 'x' }, { forms: ['keyed', 'list'], isSingle: c => c.has('url') })).toThrow(
      `${ROOT} holds a single provider's settings; put them under a provider id (${ROOT}.<id>: { ... }) or in a list (${ROOT}: [{ ... }])`,
    );
  });
});
