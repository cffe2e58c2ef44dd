import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * GHES-only fields missing from GitHub.com's published schema that sync
 * clients ask for (`@backstage/plugin-catalog-backend-module-github` reads
 * `suspendedAt` when it excludes suspended users).
 */
const GHES_EXTENSIONS = `
extend type User {
  """Identifies the date and time when the user was suspended (GitHub Enterprise Server)."""
  suspendedAt: DateTime
}
`;

let cached: GraphQLSchema | undefined;

/** GitHub's published GraphQL schema (`@octokit/graphql-schema`), built once per process. */
export function githubSchema(): GraphQLSchema {
  if (!cached) {
    const sdl = fs.readFileSync(schemaPath(), 'utf8');
    // The published SDL repeats a few field definitions; GitHub serves it as is, so skip SDL validation.
    cached = buildSchema(`${sdl}\n${GHES_EXTENSIONS}`, { assumeValidSDL: true });
  }
  return cached;
}

/** The package is ESM-only with an import-only export map, so find its file on disk. */
function schemaPath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@octokit', 'graphql-schema', 'schema.graphql');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error('cannot find @octokit/graphql-schema/schema.graphql in any node_modules above ' + __dirname);
}
