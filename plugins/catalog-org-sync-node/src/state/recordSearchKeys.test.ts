import { SEARCH_KEY_WIDTH, searchKey } from './recordSearchKeys';

describe('searchKey', () => {
  it('lower-cases, drops NUL characters (PostgreSQL text refuses them) and cuts to the column width', () => {
    expect(searchKey('Ada.Lovelace@Example.com')).toBe('ada.lovelace@example.com');
    expect(searchKey('ada\u0000evil')).toBe('adaevil');
    expect(searchKey('x'.repeat(SEARCH_KEY_WIDTH + 10))).toHaveLength(SEARCH_KEY_WIDTH);
  });

  it('has no key for what is not a string or holds nothing but NULs', () => {
    expect(searchKey(undefined)).toBeNull();
    expect(searchKey(42)).toBeNull();
    expect(searchKey('')).toBeNull();
    expect(searchKey('\u0000')).toBeNull();
  });
});
