import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifactsDir = path.join(repositoryRoot, '.artifacts', 'e2e');
const startTimeoutMs = 8 * 60_000;
const stopTimeoutMs = 90_000;

/**
 * Starts the whole graph with run.sh (the AppHost, on its usual ports) and a throwaway data directory, and stops it
 * afterwards (SIGTERM to run.sh, which stops the AppHost and so everything; anything still listening then fails the
 * run). With FAVORITED_E2E_CLIENT_URL and FAVORITED_E2E_EMULATOR_URL set, uses that running graph instead.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  await mkdir(artifactsDir, { recursive: true });
  if (process.env.FAVORITED_E2E_CLIENT_URL && process.env.FAVORITED_E2E_EMULATOR_URL) {
    return async () => {};
  }

  const ports = { api: 5080, worker: 5081, client: 5173, emulator: 7880, dashboard: 15080 };
  const busy = await stillListening(Object.values(ports));
  if (busy.length > 0) {
    throw new Error(
      `ports ${busy.join(', ')} are in use (is ./run.sh running?): stop it, or point the tests at it with ` +
        'FAVORITED_E2E_CLIENT_URL=http://127.0.0.1:5173 FAVORITED_E2E_EMULATOR_URL=http://127.0.0.1:7880',
    );
  }
  const urls = {
    api: `http://127.0.0.1:${ports.api}`,
    client: `http://127.0.0.1:${ports.client}`,
    emulator: `http://127.0.0.1:${ports.emulator}`,
  };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'favorited-e2e-'));
  // mkdtemp makes it private; PostgreSQL runs as the postgres user and must reach its data directory inside.
  await chmod(dataDir, 0o755);
  // Always its own servers and the emulator, whatever the caller's environment points at.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(ConnectionStrings__|LiveKit__|LIVEKIT_|Parameters__)/.test(name)),
  );
  const env: NodeJS.ProcessEnv = { ...inherited, FAVORITED_DATA_DIR: dataDir };

  const logPath = path.join(artifactsDir, 'graph.log');
  const log = createWriteStream(logPath);
  const started = Date.now();
  const graph = spawn('bash', [path.join(repositoryRoot, 'run.sh')], {
    cwd: repositoryRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  graph.stdout.pipe(log, { end: false });
  graph.stderr.pipe(log, { end: false });

  try {
    await waitForOutput(graph, 'Favorited is running.', startTimeoutMs);
  } catch (error) {
    await stopGraph(graph);
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}; see ${logPath}`, { cause: error });
  }
  console.log(`[e2e] graph running after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${logPath})`);

  process.env.FAVORITED_E2E_CLIENT_URL = urls.client;
  process.env.FAVORITED_E2E_API_URL = urls.api;
  process.env.FAVORITED_E2E_EMULATOR_URL = urls.emulator;

  return async () => {
    const stopped = await stopGraph(graph);
    log.end();
    await rm(dataDir, { recursive: true, force: true });
    const listening = await stillListening(Object.values(ports));
    if (!stopped || listening.length > 0) {
      throw new Error(`run.sh did not stop everything: ${stopped ? '' : 'it had to be killed; '}ports still open: ${listening.join(', ') || 'none'}`);
    }
  };
}

function waitForOutput(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => done(new Error(`run.sh did not say "${text}" within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (seen.includes(text)) {
        done();
      }
    };
    const onExit = (code: number | null) => done(new Error(`run.sh exited (code ${code}) before the graph was running`));
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

/** SIGTERM to run.sh only (it traps it and stops its children and servers). True when it exited in time. */
async function stopGraph(graph: ChildProcess): Promise<boolean> {
  if (graph.exitCode !== null || graph.signalCode !== null || graph.pid === undefined) {
    return true;
  }
  const exited = new Promise<boolean>((resolve) => graph.once('exit', () => resolve(true)));
  graph.kill('SIGTERM');
  const inTime = await Promise.race([exited, delay(stopTimeoutMs).then(() => false)]);
  if (!inTime) {
    console.error('[e2e] run.sh did not stop within the timeout; killing its process group');
    process.kill(-graph.pid, 'SIGKILL');
    await exited;
  }
  return inTime;
}

async function stillListening(ports: number[]): Promise<number[]> {
  const open = await Promise.all(
    ports.map(
      (port) =>
        new Promise<boolean>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          socket.once('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        }),
    ),
  );
  return ports.filter((_, i) => open[i]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
