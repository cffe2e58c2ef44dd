// One jest run over every workspace. Workspace packages are mapped to their
// sources so tests never depend on a stale build.
const fs = require('node:fs');
const path = require('node:path');

const roots = ['packages', 'plugins'];
const moduleNameMapper = {};
for (const root of roots) {
  const dir = path.join(__dirname, root);
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    const pkgFile = path.join(dir, name, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    if (fs.existsSync(path.join(dir, name, 'src', 'index.ts'))) {
      moduleNameMapper[`^${pkg.name.replace('/', '\\/')}$`] = path.join(dir, name, 'src', 'index.ts');
    }
  }
}

// ESM-only dependencies (octokit and friends) are compiled to CommonJS for jest.
const esmPackages = [
  '@octokit',
  'jose',
  'universal-user-agent',
  'before-after-hook',
  'bottleneck',
  'content-type',
  'fast-content-type-parse',
  'json-with-bigint',
  'toad-cache',
  '@react-hookz',
  // react-markdown (in @backstage/core-components) and the unified packages it loads
  'react-markdown', 'remark-[^/]+', 'rehype-[^/]+', 'unified', 'micromark[^/]*', 'mdast-[^/]+', 'hast-[^/]+', 'unist-[^/]+',
  'vfile[^/]*', 'bail', 'trough', 'is-plain-obj', 'devlop', 'property-information', 'space-separated-tokens',
  'comma-separated-tokens', 'decode-named-character-reference', 'character-entities[^/]*', 'ccount', 'escape-string-regexp',
  'markdown-table', 'longest-streak', 'zwitch', 'trim-lines', 'html-url-attributes', 'estree-util-[^/]+', 'web-namespaces',
  'html-void-elements', 'stringify-entities', 'character-reference-invalid', 'parse-entities', 'hastscript',
  'universal-github-app-jwt',
];

module.exports = {
  testEnvironment: 'node',
  roots: roots.filter(r => fs.existsSync(path.join(__dirname, r))).map(r => `<rootDir>/${r}`),
  testMatch: ['**/src/**/*.test.ts', '**/src/**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Images and stylesheets that frontend packages import (plugins/org-sync's tests) are stood for by a file name.
  moduleNameMapper: {
    ...moduleNameMapper,
    '\\.(svg|png|jpe?g|gif|css)$': '<rootDir>/scripts/jestAssetStub.js',
    'style-inject\\.es\\.esm\\.js$': '<rootDir>/scripts/jestStyleInjectStub.js',
  },
  transform: {
    // React components (plugins/org-sync); each .tsx test asks for jsdom in its docblock, the rest stay on node.
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } },
        module: { type: 'commonjs' },
      },
    ],
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  // Backstage's frontend packages and some of their dependencies ship ES modules only (*.esm.js, *.mjs, esm/ folders):
  // those files are compiled too.
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)(?!.*(\\.esm\\.js|\\.mjs|/esm/.*\\.js)$)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 120000,
  // A worker that has started and stopped many backends grows to several GB and slows the suites after it: it is
  // replaced once it holds more than this after a test file.
  workerIdleMemoryLimit: '1536MB',
  // A stopped Backstage backend can leave catalog timers behind; without this a
  // finished run can wait on them forever.
  forceExit: true,
};
