// A sweep worker thread: runs the tasks it is sent on the scenario it was started with, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { runSweepTask, type SweepTask } from '../../sim/lab/sweep/runTask';

const { text, metrics } = workerData as { text: string; metrics: string[] };
parentPort!.on('message', (task: SweepTask) => {
  parentPort!.postMessage(runSweepTask(text, metrics, task));
});
