// Validates the published READMEs' config blocks as `backstage-cli config:check --strict`
// does: the schemas of everything the scratch backend depends on (ours from config.d.ts),
// undeclared keys refused, every visibility. Run with the scratch backend as cwd, so the
// Backstage set's own @backstage/config-loader does the work.
// Usage: node configCheck.js <README.md>...   Prints one JSON result line.
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const { configExamples } = require('./readme');

const scratchRequire = createRequire(path.join(process.cwd(), 'package.json'));
const { loadConfigSchema } = scratchRequire('@backstage/config-loader');
const { parse: parseYaml } = scratchRequire('yaml');

// What every backend has; the README blocks are read on top of it, as app-config.local.yaml would be.
const BASE = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: { baseUrl: 'http://localhost:7007', listen: { port: 7007 }, database: { client: 'better-sqlite3', connection: ':memory:' } },
};
// What marks a provider entry: Okta's, Entra ID's, GitHub's, LDAP's, and a SCIM receiver's bearer token.
const PROVIDER_ENTRY_KEYS = ['orgUrl', 'tenantId', 'githubUrl', 'target', 'token'];

function firstProviderEntry(data) {
  const providers = data.catalog?.providers ?? {};
  for (const value of Object.values(providers)) {
    const candidates = Array.isArray(value) ? value : [value, ...Object.values(value)];
    const entry = candidates.find(c => c && typeof c === 'object' && PROVIDER_ENTRY_KEYS.some(key => key in c));
    if (entry) return entry;
  }
  return undefined;
}

async function main() {
  const schema = await loadConfigSchema({
    dependencies: [],
    packagePaths: [path.join(process.cwd(), 'package.json')],
    noUndeclaredProperties: true,
  });
  const validate = (data, context) =>
    schema.process([{ data: BASE, context: 'base' }, { data, context }], {
      visibility: ['frontend', 'backend', 'secret'],
      ignoreSchemaErrors: false,
    });
  const result = { accepted: [], rejected: [], failures: [] };
  for (const readme of process.argv.slice(2)) {
    const name = path.basename(path.dirname(readme));
    const examples = configExamples(fs.readFileSync(readme, 'utf8'), parseYaml);
    if (examples.length === 0) result.failures.push(`${name}: README has no config block`);
    examples.forEach((data, i) => {
      const context = `${name} README config block ${i + 1}`;
      try {
        validate(data, context);
        result.accepted.push(context);
      } catch (error) {
        result.failures.push(`${context} is refused: ${error.message}`);
      }
    });
    const wrong = JSON.parse(JSON.stringify(examples[0] ?? {}));
    const entry = firstProviderEntry(wrong);
    if (!entry) {
      result.failures.push(`${name}: its first README config block has no provider entry to break`);
      continue;
    }
    for (const [key, value, what] of [['concurrency', 'lots', 'a string where a number belongs'], ['concurency', 4, 'a misspelt key']]) {
      entry[key] = value;
      try {
        validate(wrong, `${name} with ${what}`);
        result.failures.push(`${name}: ${what} (${key}: ${JSON.stringify(value)}) is accepted`);
      } catch (error) {
        if (error.message.includes(key)) result.rejected.push(`${name}, ${what}: ${error.messages?.find(m => m.includes(key)) ?? error.message}`);
        else result.failures.push(`${name}: ${what} is refused, but the message does not name ${key}: ${error.message}`);
      }
      delete entry[key];
    }
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(error => {
  process.stdout.write(`${JSON.stringify({ accepted: [], rejected: [], failures: [`config schema: ${error.stack ?? error}`] })}\n`);
});
