import type { Entity } from '@backstage/catalog-model';
import { EntityList } from './entityList';
import { entityHash } from './entityHash';

const user = (name: string, extra: Record<string, unknown> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default', annotations: { b: '2', a: '1' }, ...extra },
  spec: { profile: { email: `${name}@example.com`, displayName: undefined }, memberOf: ['group:default/Team'] },
});

describe('EntityList', () => {
  it('hashes entities as entityHash does and gives them back equal to what was added (undefined fields dropped)', () => {
    const list = new EntityList();
    const entities = [user('Jane'), user('bob', { title: 'Bob' })];
    entities.forEach(e => list.add(e));
    expect(list.refs).toEqual(['user:default/jane', 'user:default/bob']);
    expect(list.hashes['user:default/jane']).toBe(entityHash(entities[0]));
    expect(list.hashes['user:default/bob']).toBe(entityHash(entities[1]));
    expect(list.entities()).toEqual(JSON.parse(JSON.stringify(entities)));
    expect(entityHash(list.entities([1])[0])).toBe(entityHash(entities[1]));
  });

  it('finds positions by ref and returns only those entities', () => {
    const list = new EntityList();
    ['a', 'b', 'c'].forEach(n => list.add(user(n)));
    const at = list.positionsOf(new Set(['user:default/c', 'user:default/a', 'user:default/zz']));
    expect(at).toEqual([0, 2]);
    expect(list.entities(at).map(e => e.metadata.name)).toEqual(['a', 'c']);
    expect(list.length).toBe(3);
  });
});
