// Child processes and ports for the pack check.
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');
const { setTimeout: delay } = require('node:timers/promises');

/** Runs a command to completion; throws with its output when it fails. Returns stdout. */
function run(command, args, { cwd, env, allowFailure = false } = {}) {
  const result = spawnSync(command, args, { cwd, env: env ?? process.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0 && !allowFailure) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`\`${command} ${args.join(' ')}\` (in ${cwd ?? process.cwd()}) exited with ${result.status}:\n${output}`);
  }
  return allowFailure ? result : result.stdout;
}

/**
 * Runs a command without blocking the event loop, so several installs or compilers can run side by side.
 * Resolves with { status, stdout, stderr }; rejects with the output's tail when it fails, unless allowFailure.
 */
function runAsync(command, args, { cwd, env, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: [], stderr: [] };
    child.stdout.on('data', chunk => out.stdout.push(chunk));
    child.stderr.on('data', chunk => out.stderr.push(chunk));
    child.once('error', reject);
    child.once('close', status => {
      const result = { status, stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
      if (status === 0 || allowFailure) return resolve(result);
      const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(new Error(`\`${command} ${args.join(' ')}\` (in ${cwd ?? process.cwd()}) exited with ${status}:\n${output}`));
    });
  });
}

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isListening(port) {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `probe` until it returns a truthy value; throws `what` after `timeoutMs`. */
async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await delay(500);
  }
}

/** The environment without proxies: every request of the check goes to 127.0.0.1. */
function localEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) delete env[name];
  return env;
}

module.exports = { run, runAsync, freePort, isListening, waitFor, localEnv };
