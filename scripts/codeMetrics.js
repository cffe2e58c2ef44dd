#!/usr/bin/env node
/**
 * The size and cast limits of the published plugins' sources (issue #29), counted with the TypeScript syntax tree:
 * no function over 80 lines, no file over 400, no `as unknown as`, no `globalThis`. Tests, `__testing__/` and
 * `e2e/` folders are not published and not counted. Prints every violation; exits 1 when there is one.
 *
 *   node scripts/codeMetrics.js            # every plugin
 *   node scripts/codeMetrics.js --summary  # also the largest files and functions
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const LIMITS = { fileLines: 400, functionLines: 80 };

const isPublished = file =>
  /\.tsx?$/.test(file) &&
  !file.endsWith('.d.ts') &&
  !/\.test\.tsx?$/.test(file) &&
  !file.split(path.sep).some(part => part === '__testing__' || part === 'e2e');

function publishedFiles() {
  const plugins = path.join(ROOT, 'plugins');
  return fs
    .readdirSync(plugins)
    .map(name => path.join(plugins, name, 'src'))
    .filter(dir => fs.existsSync(dir))
    .flatMap(dir => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map(file => path.join(dir, file)))
    .filter(isPublished);
}

const lineOf = (source, pos) => source.getLineAndCharacterOfPosition(pos).line + 1;

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name && ts.isPrivateIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

const isFunctionLike = node =>
  ts.isFunctionDeclaration(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node);

function measure(file) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const relative = path.relative(ROOT, file);
  const found = { file: relative, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), functions: [], violations: [] };
  const visit = node => {
    if (isFunctionLike(node) && node.body) {
      const lines = lineOf(source, node.getEnd()) - lineOf(source, node.getStart(source)) + 1;
      found.functions.push({ name: functionName(node), line: lineOf(source, node.getStart(source)), lines });
    }
    if (ts.isAsExpression(node) && ts.isAsExpression(node.expression) && node.expression.type.kind === ts.SyntaxKind.UnknownKeyword) {
      found.violations.push(`${relative}:${lineOf(source, node.getStart(source))} \`as unknown as\``);
    }
    if (ts.isIdentifier(node) && node.text === 'globalThis') {
      found.violations.push(`${relative}:${lineOf(source, node.getStart(source))} \`globalThis\``);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (found.lines > LIMITS.fileLines) found.violations.push(`${relative}: ${found.lines} lines (limit ${LIMITS.fileLines})`);
  for (const fn of found.functions) {
    if (fn.lines > LIMITS.functionLines) found.violations.push(`${relative}:${fn.line} ${fn.name}: ${fn.lines} lines (limit ${LIMITS.functionLines})`);
  }
  return found;
}

function main() {
  const measured = publishedFiles().map(measure);
  const violations = measured.flatMap(m => m.violations);
  if (process.argv.includes('--summary')) {
    const top = (rows, n) => rows.sort((a, b) => b.lines - a.lines).slice(0, n);
    console.log('Largest files:');
    for (const m of top([...measured], 10)) console.log(`  ${m.lines}\t${m.file}`);
    console.log('Longest functions:');
    const fns = measured.flatMap(m => m.functions.map(fn => ({ ...fn, where: `${m.file}:${fn.line} ${fn.name}` })));
    for (const fn of top(fns, 10)) console.log(`  ${fn.lines}\t${fn.where}`);
  }
  console.log(`${measured.length} published source files; ${violations.length} violation(s) of the limits (function ≤ ${LIMITS.functionLines} lines, file ≤ ${LIMITS.fileLines}, no \`as unknown as\`, no \`globalThis\`)`);
  for (const v of violations) console.log(`  ${v}`);
  process.exitCode = violations.length ? 1 : 0;
}

main();
