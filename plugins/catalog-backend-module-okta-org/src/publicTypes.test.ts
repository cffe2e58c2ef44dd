import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// An adopter's backend compiles against the built declarations (dist/*.d.ts, what `npm test`
// builds first) with `skipLibCheck: false`: every type the package's index reaches must compile,
// so none may come from a dependency whose declarations do not (the Okta SDK's need node-fetch's).
const packageDir = path.resolve(__dirname, '..');

const CONSUMER = `
import { createBackendModule } from '@backstage/backend-plugin-api';
import catalogModuleOktaOrg, {
  ANNOTATION_OKTA_EMAIL,
  createOktaOrgEntityProviders,
  oktaOrgEntityProviderTransformsExtensionPoint,
  type OktaGroup,
  type OktaUser,
} from '@orgsync/plugin-catalog-backend-module-okta-org';

export const module = catalogModuleOktaOrg;
export const create = createOktaOrgEntityProviders;
export const annotation: string = ANNOTATION_OKTA_EMAIL;

// The README's transformer example.
export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'okta-org-transforms',
  register(env) {
    env.registerInit({
      deps: { okta: oktaOrgEntityProviderTransformsExtensionPoint },
      async init({ okta }) {
        okta.setUserTransformer(async (entity, oktaUser) => (oktaUser.profile?.userType === 'Contractor' ? undefined : entity));
        okta.setGroupTransformer(async (entity, oktaGroup) => ({ ...entity, spec: { ...entity.spec, type: 'okta-group' } }));
      },
    });
  },
});

export function describeUser(user: OktaUser): string {
  return \`\${user.profile?.login ?? user.id} (\${user.status}, since \${user.created?.toISOString()})\`;
}
export function describeGroup(group: OktaGroup): string {
  return \`\${group.profile?.name} (\${group.type}, \${String(group.profile?.customAttribute)})\`;
}
`;

function typecheck(dir: string) {
  fs.writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['ES2023', 'DOM'], // as Backstage's own tsconfig (@backstage/errors uses DOM types)
        types: ['node'],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ['consumer.ts'],
    }),
  );
  return spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
}

describe('public types', () => {
  let dir: string;
  beforeAll(() => {
    // Inside the package, so the consumer resolves the package and its dependencies as an adopter's backend does.
    dir = fs.mkdtempSync(path.join(packageDir, '.consumer-typecheck-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compile in a consumer with skipLibCheck false, the README transformer example included', () => {
    expect(fs.existsSync(path.join(packageDir, 'dist', 'index.d.ts'))).toBe(true);
    const result = typecheck(dir);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});
