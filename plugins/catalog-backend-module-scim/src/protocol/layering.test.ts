import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The protocol core's folders, lowest first. A file imports only its own folder and the tiers below it, so each
 * folder can be read knowing only what lies below it, and no two folders need each other.
 */
const TIERS: string[][] = [['base'], ['schemas', 'filter'], ['patch', 'query', 'resource'], ['discovery'], ['index']];

const SRC = __dirname;

const isProtocolCode = (file: string) => file.endsWith('.ts') && !file.endsWith('.test.ts');

/** `filter/parser.ts` → `filter`, `index.ts` → `index`. */
const layerOf = (relative: string) => relative.split(path.sep)[0].replace(/\.ts$/, '');

const tierOf = (layer: string) => TIERS.findIndex(tier => tier.includes(layer));

/** Every module a file names: imports and re-exports, type-only ones included. */
const importsOf = (text: string) => ts.preProcessFile(text, true, true).importedFiles.map(imported => imported.fileName);

const protocolFiles = () => fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(isProtocolCode);

function protocolImports(): Array<{ file: string; target: string }> {
  return protocolFiles().flatMap(file =>
    importsOf(fs.readFileSync(path.join(SRC, file), 'utf8'))
      .filter(specifier => specifier.startsWith('.'))
      .map(specifier => ({ file, target: path.relative(SRC, path.resolve(SRC, path.dirname(file), specifier)) })),
  );
}

describe('protocol core layering', () => {
  it('places every folder and root file in a tier', () => {
    expect(protocolFiles().filter(file => tierOf(layerOf(file)) < 0)).toEqual([]);
  });

  it('has no folder importing one above it or beside it', () => {
    const upward = protocolImports()
      .filter(({ file, target }) => layerOf(file) !== layerOf(target) && tierOf(layerOf(target)) >= tierOf(layerOf(file)))
      .map(({ file, target }) => `${file} → ${target}`);
    expect(upward).toEqual([]);
  });

  it('imports nothing outside the protocol core but Node', () => {
    const outside = protocolFiles().flatMap(file =>
      importsOf(fs.readFileSync(path.join(SRC, file), 'utf8'))
        .filter(specifier => !specifier.startsWith('.') && !specifier.startsWith('node:'))
        .map(specifier => `${file} → ${specifier}`),
    );
    expect(outside).toEqual([]);
  });
});
