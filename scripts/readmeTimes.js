#!/usr/bin/env node
// Writes the README's setup times (how long `npm ci`, `npm test` and the demo's start take) from one CI run's log:
//   bash .ci/run 2>&1 | tee ci.log; node scripts/readmeTimes.js ci.log
// It reads the stage table .ci/run prints at the end, jest's summary, and the demo test's "banner after" line, and
// replaces the text between the README's setup-times markers. Nothing in that paragraph is typed by hand.
const fs = require('node:fs');
const path = require('node:path');

const README = path.join(__dirname, '..', 'README.md');
const START = '<!-- setup-times: written by scripts/readmeTimes.js from a CI log -->';
const END = '<!-- /setup-times -->';

/** The figures of one CI run, or an error naming what the log lacks. */
function readRun(log) {
  const stage = name => {
    const match = new RegExp(`^\\| ${name.replace(/[()]/g, '\\$&')} \\| (\\d+) \\|$`, 'm').exec(log);
    if (!match) throw new Error(`the log has no "${name}" row in .ci/run's stage table`);
    return Number(match[1]);
  };
  const tests = /^Tests:\s+(?:(\d+) skipped, )?(\d+) passed, (\d+) total$/m.exec(log);
  const jestTime = /^Time:\s+([\d.]+) s/m.exec(log);
  const workers = /^jest: (\d+) workers$/m.exec(log);
  const banner = /demo: banner after ([\d.]+) s/.exec(log);
  if (!tests || !jestTime || !workers) throw new Error("the log has no jest summary (Tests:, Time:) or scripts/test.js's worker line");
  return {
    npmCi: stage('npm ci (README)'),
    npmTest: stage('npm test (README)'),
    total: stage('total'),
    passed: Number(tests[2]),
    jestSeconds: Math.round(Number(jestTime[1])),
    workers: Number(workers[1]),
    bannerSeconds: banner ? Math.round(Number(banner[1])) : undefined,
  };
}

const minutes = seconds => `${Math.round(seconds / 60)} min`;

function paragraph(run) {
  const demo = run.bannerSeconds === undefined ? 'then builds and prints its banner' : `then builds and prints its banner (the demo test saw it ${run.bannerSeconds} s after starting)`;
  return [
    `On a 2-core machine \`npm ci\` takes about ${minutes(run.npmCi)}; \`npm start\` ${demo};`,
    `\`npm test\` builds and runs every test in about ${minutes(run.npmTest)} (${run.passed.toLocaleString('en-US')} tests,`,
    `${run.jestSeconds} s of jest in ${run.workers} workers). Figures from the last CI run (\`.ci/run\`, ${minutes(run.total)} in all);`,
    '`docs/testing.md` has a measured run suite by suite, and `npm run test:report` measures it again.',
  ].join('\n');
}

function main() {
  const [logFile] = process.argv.slice(2);
  if (!logFile) throw new Error('usage: node scripts/readmeTimes.js <a log of bash .ci/run>');
  const run = readRun(fs.readFileSync(logFile, 'utf8'));
  const readme = fs.readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  fs.writeFileSync(README, `${readme.slice(0, start + START.length)}\n${paragraph(run)}\n${readme.slice(end)}`);
  console.log(paragraph(run));
}

try {
  main();
} catch (error) {
  console.error(`readmeTimes: ${error.message}`);
  process.exit(1);
}
