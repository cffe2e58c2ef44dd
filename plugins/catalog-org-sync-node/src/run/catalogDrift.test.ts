import { catalogDrift } from './catalogDrift';

const held = (entries: Array<[string, string, string?]>) => new Map(entries.map(([ref, hash, locationKey]) => [ref, { hash, locationKey: locationKey ?? 'p' }]));

describe('catalogDrift', () => {
  it('applies nothing when the catalog holds exactly what was applied and nothing changed', () => {
    const next = { 'user:a/x': 'h1', 'group:a/g': 'h2' };
    expect(catalogDrift(next, { ...next }, held([['user:a/x', 'h1'], ['group:a/g', 'h2']]), 'p')).toEqual({ missing: [], altered: [], stray: [], toApply: [] });
  });

  it('tells entities deleted or altered behind our back from changes in the IdP', () => {
    const applied = { 'user:a/gone': 'h1', 'user:a/edited': 'h2', 'user:a/renamed-in-idp': 'h3', 'user:a/moved': 'h4' };
    const next = { ...applied, 'user:a/renamed-in-idp': 'h3b', 'user:a/new': 'h5' };
    const catalog = held([['user:a/edited', 'zz'], ['user:a/renamed-in-idp', 'h3'], ['user:a/moved', 'h4', 'other'], ['user:a/left-over', 'h9']]);
    expect(catalogDrift(next, applied, catalog, 'p')).toEqual({
      missing: ['user:a/gone'],
      altered: ['user:a/edited', 'user:a/moved'],
      stray: ['user:a/left-over'],
      toApply: ['user:a/gone', 'user:a/edited', 'user:a/renamed-in-idp', 'user:a/moved', 'user:a/new'],
    });
  });

  it('counts a removal by the IdP as neither drift nor stray', () => {
    expect(catalogDrift({}, { 'user:a/left': 'h' }, held([['user:a/left', 'h']]), 'p')).toEqual({ missing: [], altered: [], stray: [], toApply: [] });
  });
});
