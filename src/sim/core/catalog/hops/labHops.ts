// Hop kinds the lab itself records at the end of a run.
import { hop } from '../hopKind';

export const LAB_HOPS = {
  'flow.stuck': hop('lab', 'host', [], 'the flow never completed: named at the end of the run with its last hop'),
  'run.drain.limit': hop('lab', 'host', [], 'still busy long after the sources stopped: the run ended at the drain limit'),
  'run.event.budget': hop('lab', 'host', [], 'the run took as many events as its budget allows (--max-events): stopped there, unfinished'),
} as const;
