import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The engine's folders and root files, lowest first. A file imports only its own folder and the tiers below it, so
 * each folder can be read and changed knowing only what lies below it, and no two folders need each other.
 */
const TIERS: string[][] = [
  ['util'],
  ['records'],
  ['changes'],
  ['naming'],
  ['guard'],
  ['config'],
  ['state'],
  ['mapping'],
  ['leavers', 'linking'],
  ['run'],
  ['operations'],
  ['module'],
  ['index'],
];

const SRC = __dirname;

/** Tests and their helpers drive a folder from above (an e2e test starts the whole module): only the engine's own code keeps the order. */
const isEngineCode = (file: string) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.split(path.sep).includes('__testing__');

/** `state/LinkStore.ts` → `state`, `records.ts` → `records`. */
const layerOf = (relative: string) => relative.split(path.sep)[0].replace(/\.ts$/, '');

const tierOf = (layer: string) => TIERS.findIndex(tier => tier.includes(layer));

/** Every module a file names: imports and re-exports, type-only ones and `import('…')` types included. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(imported => imported.fileName);
}

const engineFiles = () => fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(isEngineCode);

function engineImports(): Array<{ file: string; target: string }> {
  return engineFiles().flatMap(file =>
    importsOf(fs.readFileSync(path.join(SRC, file), 'utf8'))
      .filter(specifier => specifier.startsWith('.'))
      .map(specifier => ({ file, target: path.relative(SRC, path.resolve(SRC, path.dirname(file), specifier)) })),
  );
}

describe('engine layering', () => {
  it('reads type-only imports, re-exports and import() types', () => {
    const text = "import type { A } from '../a';\nexport { B } from './b';\nlet c: typeof import('../c');";
    expect(importsOf(text)).toEqual(['../a', './b', '../c']);
  });

  it('places every folder and root file of the engine in a tier', () => {
    expect(engineFiles().filter(file => tierOf(layerOf(file)) < 0)).toEqual([]);
  });

  it('has no folder importing one above it or beside it', () => {
    const upward = engineImports()
      .filter(({ file, target }) => layerOf(file) !== layerOf(target) && tierOf(layerOf(target)) >= tierOf(layerOf(file)))
      .map(({ file, target }) => `${file} → ${target}`);
    expect(upward).toEqual([]);
  });
});
