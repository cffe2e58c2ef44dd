// The demo backend's log lines: all of them go to a log file, and only the providers' run lines (and errors) to the
// terminal, so the banner stays readable (the catalog's request and audit lines are ~30 a second).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
/** A backend log line in Backstage's text format: `<ISO timestamp> <plugin> <level> <message> <fields>`. */
const LOG_LINE = /^(\d{4}-\d\d-\d\dT\S+) (\S+) (\w+) (.*)$/;

/**
 * Whether a log line belongs on the terminal: a provider's line (`<provider name>: …`, e.g. `okta:demo: sync started`,
 * `GithubMultiOrgEntityProvider:demo: …`) or an error.
 */
function isTerminalLine(line) {
  const match = LOG_LINE.exec(line.replace(ANSI, ''));
  if (!match) return undefined;
  const [, , , level, message] = match;
  return level === 'error' || /^[A-Za-z][\w-]*:[\w.-]+: /.test(message);
}

/** A new log file for this run, in the OS temp directory (its path goes on the banner). */
function createDemoLogFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-demo-'));
  return path.join(dir, 'backend.log');
}

/**
 * Sends every line of the backend's stdout and stderr to `logFile`, and the terminal's share of them to `terminal`.
 * A line that is not the start of a log entry (a stack trace's) goes where the entry it continues went.
 */
function routeBackendLogs(child, { logFile, terminal = line => process.stdout.write(`${line}\n`) }) {
  const file = fs.createWriteStream(logFile, { flags: 'a' });
  for (const stream of [child.stdout, child.stderr]) {
    let showing = stream === child.stderr;
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', line => {
      file.write(`${line}\n`);
      const decision = isTerminalLine(line);
      if (decision !== undefined) showing = decision;
      if (showing) terminal(line);
    });
  }
  child.once('exit', () => file.end());
  return file;
}

module.exports = { createDemoLogFile, routeBackendLogs, isTerminalLine };
