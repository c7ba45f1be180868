// `virq qtest` on a loaded lab: the view the options pick (host, or VM N as its vCPU M sees it), the machine brought
// to the end of its setup with its sources quiet, and a session answering lines. Used by the CLI, by the app's
// "Load qtest script" and by the conformance suite, so all three see the same machine.
import type { Lab } from '../lab';
import { MachineTarget, type ViewFactory } from './machineTarget';
import { QtestSession } from './session';
import { x86GuestView, x86HostView } from './views/x86';
import { armGuestView, armHostView } from './views/arm';
import { setupEndNs } from '../machineViews';

export interface QtestOptions {
  /** Drive VM `vm` as its vCPUs see it (guest-physical addresses, its virtual interrupt controllers). */
  vm?: number;
  /** The vCPU (or, without `vm`, the CPU) the accesses come from until a `cpu M` line; default 0. */
  vcpu?: number;
  /** Events one clock_step/clock_set may process (default MAX_STEP_EVENTS): a longer step FAILs where it stopped. */
  maxStepEvents?: number;
}

function viewFor(lab: Lab, opts: QtestOptions): ViewFactory {
  const arm = lab.machine.parts.platform === 'arm';
  if (opts.vm === undefined) return arm ? armHostView : x86HostView;
  const vm = opts.vm;
  return arm ? (l, emit) => armGuestView(l, emit, vm) : (l, emit) => x86GuestView(l, emit, vm);
}

/**
 * A session on `lab` (loaded with its sources quiet): the drivers' setup runs first, to the last event before the
 * setup's end (the script starts with every driver loaded and the clock where the machine went quiet).
 * Throws for a VM or vCPU the scenario does not have (after the setup ran).
 */
export function openQtest(lab: Lab, opts: QtestOptions, out: (line: string) => void): { session: QtestSession; target: MachineTarget } {
  // The drivers load on running CPUs; only then do the CPUs become the test's.
  lab.sim.runUntil(setupEndNs(lab.scenario), Number.MAX_SAFE_INTEGER);
  const target = new MachineTarget(lab, viewFor(lab, opts), out, opts.vcpu ?? 0, opts.maxStepEvents);
  return { session: new QtestSession(target, out), target };
}

/** Runs a whole script; the transcript is every line the session printed, in order. */
export function runQtestScript(lab: Lab, opts: QtestOptions, script: string): { transcript: string[]; commands: number; failures: number } {
  const transcript: string[] = [];
  const { session } = openQtest(lab, opts, (l) => transcript.push(l));
  for (const line of script.split(/\r?\n/)) session.handle(line);
  return { transcript, commands: session.commands, failures: session.failures };
}
