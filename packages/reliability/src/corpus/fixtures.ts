import fs from 'node:fs';
import path from 'node:path';

export const CORPUS_DIR = path.resolve(__dirname, '..', '..', 'corpus');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Corpus {
  /** The module the corpus is for (`okta`, `msgraph`, `github`). */
  module: 'okta' | 'msgraph' | 'github';
  fixture: Json;
  /** Provider settings the corpus needs (e.g. Okta's group parent attribute, so cycles exist). */
  providerConfig?: Record<string, unknown>;
  /** The IdP keys of every record: each must become an entity (carrying the key in an annotation) or be named in a warning. */
  recordKeys(fixture: Json): string[];
  /** The same org with every list in reverse order. */
  reversed(fixture: Json): Json;
}

/** In the corpus files, stands for a 1 MB run of text (an oversized field), so the files stay small. */
const ONE_MB = '@@1MB@@';
const load = (file: string): Json => JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8').split(ONE_MB).join('x'.repeat(1024 * 1024)));
const reverse = <T>(items: T[]) => [...items].reverse();

export const CORPORA: Corpus[] = [
  {
    module: 'okta',
    fixture: load('okta.json'),
    providerConfig: { groups: { parentAttribute: 'parentGroupId' }, users: { pictureAttribute: 'avatarUrl' } },
    recordKeys: f => [...f.users.map((u: Json) => u.id), ...f.groups.map((g: Json) => g.id)],
    reversed: f => ({ ...f, users: reverse(f.users), groups: reverse(f.groups) }),
  },
  {
    module: 'msgraph',
    fixture: load('graph.json'),
    recordKeys: f => [...f.users.map((u: Json) => u.id), ...f.groups.map((g: Json) => g.id)],
    reversed: f => ({
      ...f,
      users: reverse(f.users),
      groups: reverse(f.groups),
      members: Object.fromEntries(Object.entries(f.members as Record<string, string[]>).map(([g, ms]) => [g, reverse(ms)])),
    }),
  },
  {
    module: 'github',
    fixture: load('github.json'),
    recordKeys: f => [...f.users.map((u: Json) => u.login), ...f.orgs.flatMap((o: Json) => o.teams.map((t: Json) => t.slug))],
    reversed: f => ({
      ...f,
      users: reverse(f.users),
      orgs: f.orgs.map((o: Json) => ({ ...o, members: reverse(o.members), teams: reverse(o.teams) })),
    }),
  },
];
