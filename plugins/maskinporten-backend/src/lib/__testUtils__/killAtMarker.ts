import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/** A child spawned with `stdio: ['ignore', 'pipe', 'pipe']`. */
type PipedChild = ChildProcessByStdio<null, Readable, Readable>;

/**
 * Kills a child process with SIGKILL the moment it prints `marker` (a step it has just
 * committed), as a crashed replica would die: no shutdown hooks, no cleanup. Resolves with the
 * signal it died of; rejects, with its output, when it exits before reaching the marker.
 */
export function killAtMarker(child: PipedChild, marker: string, step: string): Promise<{ signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let reached = false;
    child.stdout.on('data', chunk => {
      stdout += chunk;
      if (stdout.includes(marker) && !reached) {
        reached = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (!reached) {
        reject(new Error(`the child exited before ${step}:\n${stdout}\n${stderr}`));
        return;
      }
      resolve({ signal });
    });
  });
}
