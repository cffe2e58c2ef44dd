import { isValidEntityName, toValidEntityName, MAX_ENTITY_NAME_LENGTH } from './entityName';
import { assignUniqueNames } from './uniqueNames';
import { userNamingStrategies, kebabCase } from './strategies';

describe('toValidEntityName', () => {
  it('keeps names that are already valid', () => {
    for (const name of ['jdoe', 'John.Doe', 'a', 'team_a-b.c', 'x'.repeat(63)]) {
      expect(toValidEntityName(name)).toBe(name);
    }
  });

  it.each([
    ['_leading', 'leading'],
    ['trailing.', 'trailing'],
    ['Zoë Ångström', 'Zoe-Angstrom'],
    ['a@b.com', 'a-b.com'],
    ['my group (Reader)', 'my-group-Reader'],
    ['../../etc/passwd', 'etc-passwd'],
    ['<script>alert(1)</script>', 'script-alert-1-script'],
    ['tab\there', 'tab-here'],
  ])('normalises %j', (raw, expected) => {
    expect(toValidEntityName(raw)).toBe(expected);
    expect(isValidEntityName(toValidEntityName(raw))).toBe(true);
  });

  it('gives names with no usable characters a stable hashed name', () => {
    const name = toValidEntityName('李王');
    expect(name).toMatch(/^x-[0-9a-f]{8}$/);
    expect(toValidEntityName('李王')).toBe(name);
    expect(toValidEntityName('محمد')).not.toBe(name);
  });

  it('truncates long names with a hash of the whole value, keeping distinct names distinct', () => {
    const a = toValidEntityName(`${'long-name-'.repeat(30)}a`);
    const b = toValidEntityName(`${'long-name-'.repeat(30)}b`);
    expect(a.length).toBeLessThanOrEqual(MAX_ENTITY_NAME_LENGTH);
    expect(isValidEntityName(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(toValidEntityName(`${'long-name-'.repeat(30)}a`)).toBe(a);
  });
});

describe('assignUniqueNames', () => {
  it('resolves case-only collisions by id, whatever the input order', () => {
    const input = [
      { id: 'id-b', raw: 'JDoe' },
      { id: 'id-a', raw: 'jdoe' },
      { id: 'id-c', raw: 'other' },
    ];
    const first = assignUniqueNames(input);
    const second = assignUniqueNames([...input].reverse());
    expect([...first.names].sort()).toEqual([...second.names].sort());
    expect(first.names.get('id-a')).toBe('jdoe');
    expect(first.names.get('id-b')).toMatch(/^JDoe-[0-9a-f]{8}$/);
    expect(first.collisions).toEqual([{ name: 'jdoe', keptBy: 'id-a', renamed: [{ id: 'id-b', name: first.names.get('id-b') }] }]);
  });

  it('treats names that normalise to the same value as colliding', () => {
    const { names, collisions } = assignUniqueNames([
      { id: '1', raw: 'a b' },
      { id: '2', raw: 'a-b' },
    ]);
    expect(new Set([...names.values()].map(n => n.toLowerCase())).size).toBe(2);
    expect(collisions).toHaveLength(1);
  });

  it('never hands out a name another record asked for', () => {
    const { names } = assignUniqueNames([
      { id: '1', raw: 'x' },
      { id: '2', raw: 'X' },
      { id: '3', raw: 'X-6b86b273' },
    ]);
    const lower = [...names.values()].map(n => n.toLowerCase());
    expect(new Set(lower).size).toBe(3);
  });
});

describe('naming strategies', () => {
  it('derive names from emails', () => {
    const user = { id: '1', active: true, email: 'Jane.Doe+tag@Example.com' };
    expect(userNamingStrategies['strip-domain-email'](user)).toBe('Jane.Doe+tag');
    expect(userNamingStrategies['kebab-case-email'](user)).toBe('jane-doe-tag-example-com');
    expect(userNamingStrategies.email(user)).toBe('jane.doe+tag@example.com');
    expect(kebabCase('Équipe Données')).toBe('equipe-donnees');
  });
});

describe('assignUniqueNames with namespaces', () => {
  it('lets the same name stand in two namespaces', () => {
    const { names, collisions } = assignUniqueNames([
      { id: 'a', raw: 'dev', scope: 'acme' },
      { id: 'b', raw: 'dev', scope: 'globex' },
      { id: 'c', raw: 'DEV', scope: 'acme' },
    ]);
    expect(names.get('a')).toBe('dev');
    expect(names.get('b')).toBe('dev');
    expect(names.get('c')).toMatch(/^DEV-[0-9a-f]{8}$/);
    expect(collisions).toHaveLength(1);
  });
});

describe('assignUniqueNames with the previous run', () => {
  it('keeps each record on its name when the holder of a contested name leaves', () => {
    const first = assignUniqueNames([
      { id: 'a', raw: 'jdoe' },
      { id: 'b', raw: 'JDoe' },
    ]);
    expect(first.names.get('a')).toBe('jdoe');
    const bName = first.names.get('b')!;
    const afterALeft = assignUniqueNames([{ id: 'b', raw: 'JDoe' }], first.names);
    expect(afterALeft.names.get('b')).toBe(bName);
    expect(afterALeft.collisions).toEqual([]);
  });

  it('does not let a newcomer with a smaller id take an existing holder’s name', () => {
    const before = new Map([['m', 'jdoe']]);
    const { names } = assignUniqueNames(
      [
        { id: 'm', raw: 'jdoe' },
        { id: 'a', raw: 'jdoe' },
      ],
      before,
    );
    expect(names.get('m')).toBe('jdoe');
    expect(names.get('a')).toMatch(/^jdoe-[0-9a-f]{8}$/);
  });

  it('lets a record go when what it asks for changed', () => {
    const { names } = assignUniqueNames([{ id: 'a', raw: 'new-name' }], new Map([['a', 'old-name']]));
    expect(names.get('a')).toBe('new-name');
  });
});
