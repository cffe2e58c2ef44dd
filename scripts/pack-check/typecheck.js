// Compiles a backend that adds every module and the READMEs' customisation examples, with
// the compiler options of a Backstage app (`@backstage/cli/config/tsconfig.json`) but
// `skipLibCheck: false`, so every .d.ts our packages bring in is checked too. Errors that
// a backend with the catalog alone already has (the Backstage set's own) are not ours.
const fs = require('node:fs');
const path = require('node:path');
const { run, runAsync } = require('./proc');

const BACKSTAGE_APP_OPTIONS = {
  target: 'ES2022',
  lib: ['DOM', 'DOM.Iterable', 'ScriptHost', 'ES2022'],
  module: 'ES2020',
  moduleResolution: 'bundler',
  esModuleInterop: true,
  resolveJsonModule: true,
  isolatedModules: true,
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  types: ['node'],
  noEmit: true,
  skipLibCheck: false,
};

/** Writes src/ (the backend) and baseline/ (the catalog alone) into the scratch backend. */
function writeBackendSources(dir, moduleNames, examples) {
  const exampleFiles = examples.map((example, i) => ({ file: `readme-example-${i + 1}`, ...example }));
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  for (const example of exampleFiles) {
    fs.writeFileSync(path.join(dir, 'src', `${example.file}.ts`), `// From the README of ${example.from}\n${example.code}`);
  }
  const lines = [
    "import { createBackend } from '@backstage/backend-defaults';",
    '',
    'const backend = createBackend();',
    "backend.add(import('@backstage/plugin-catalog-backend'));",
    ...moduleNames.map(name => `backend.add(import('${name}'));`),
    ...exampleFiles.map(example => `backend.add(import('./${example.file}'));`),
    'backend.start();',
  ];
  fs.writeFileSync(path.join(dir, 'src', 'index.ts'), `${lines.join('\n')}\n`);
  fs.mkdirSync(path.join(dir, 'baseline'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'baseline', 'index.ts'),
    "import { createBackend } from '@backstage/backend-defaults';\n\nconst backend = createBackend();\nbackend.add(import('@backstage/plugin-catalog-backend'));\nbackend.start();\n",
  );
  const tsconfig = include => ({ compilerOptions: BACKSTAGE_APP_OPTIONS, include: [include] });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig('src'), null, 2));
  fs.writeFileSync(path.join(dir, 'tsconfig.baseline.json'), JSON.stringify(tsconfig('baseline'), null, 2));
}

async function diagnostics(dir, project) {
  const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await runAsync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: dir, allowFailure: true });
  return `${result.stdout}${result.stderr}`.split('\n').filter(line => / error TS\d+:/.test(line)).map(line => line.trim());
}

/** Type errors our packages add to the adopter's backend (each a tsc line), and the baseline's count. */
async function typeErrors(dir) {
  // The two compilations are independent: side by side they take the time of the longer one.
  const [baselineLines, lines] = await Promise.all([diagnostics(dir, 'tsconfig.baseline.json'), diagnostics(dir, 'tsconfig.json')]);
  const baseline = new Set(baselineLines);
  const ours = lines.filter(line => !baseline.has(line));
  return { ours, baselineCount: baseline.size };
}

/**
 * Why tsc read the files that have errors (from `tsc --explainFiles`): for each, the chain
 * of imports back to one of our packages' files. Returns the distinct files of ours where
 * the chains start (e.g. the .d.ts that imports an SDK's types) and one whole chain.
 */
function importChains(dir, errorLines, ourNames) {
  const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = run(process.execPath, [tsc, '-p', 'tsconfig.json', '--explainFiles', '--pretty', 'false'], { cwd: dir, allowFailure: true });
  const importers = new Map();
  let current;
  for (const line of result.stdout.split('\n')) {
    if (line && !line.startsWith(' ')) current = line.trim();
    const match = /Imported via (\S+) from file '([^']+)'/.exec(line);
    if (current && match && !importers.has(current)) importers.set(current, { via: match[1], from: match[2] });
  }
  const isOurs = file => ourNames.some(name => file.includes(`node_modules/${name}/`));
  const chains = [...new Set(errorLines.map(line => line.replace(/\(\d+,\d+\): error.*$/, '')))].map(file => {
    const chain = [file];
    for (let step = importers.get(file); step && chain.length < 12; step = importers.get(step.from)) {
      chain.push(`${step.from} (imports ${step.via})`);
      if (isOurs(step.from)) break;
    }
    return chain;
  });
  const entries = [...new Set(chains.map(chain => chain[chain.length - 1]).filter(isOurs))];
  return { entries, example: chains[0]?.join('\n  <- ') };
}

/**
 * Transpiles src/ to CommonJS in dist/ to run it, as a Backstage backend's build does
 * (types were checked above; dynamic imports become require calls).
 */
function emitBackend(dir) {
  const ts = require(require.resolve('typescript', { paths: [dir] }));
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  for (const file of fs.readdirSync(path.join(dir, 'src')).filter(f => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, 'src', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    fs.writeFileSync(path.join(dir, 'dist', file.replace(/\.ts$/, '.js')), outputText);
  }
}

module.exports = { BACKSTAGE_APP_OPTIONS, writeBackendSources, typeErrors, importChains, emitBackend };
