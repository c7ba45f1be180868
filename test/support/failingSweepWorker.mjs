// A sweep helper thread that fails as a crashed one would: its first task is answered as the real helper would, at
// any later one it throws out of its message handler (when the task's set says how=throw) or exits with code 3.
import { parentPort } from 'node:worker_threads';

let seen = 0;
parentPort.on('message', (req) => {
  if (++seen === 1) return parentPort.postMessage({ id: req.id, result: { point: req.task.point, seedIndex: req.task.seedIndex, values: [0] } });
  if (req.task.set.how === 'throw') throw new Error('boom in the helper');
  process.exit(3);
});
