// Loading a scenario: its text, presets, and the problems validation reports.
import type { LabStatus } from './run';

/** One validation problem: a path into the scenario and, when known, where it is in the text. */
export interface ScenarioIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export interface PresetInfo {
  name: string;
  description: string;
  seeds: string[];
  /** `--set` path → allowed values, for each design switch present in the preset. */
  switches: Record<string, string[]>;
  /** Its VMs' ids (none: a host-only scenario, where no VM setting applies). */
  vms: string[];
}

export interface LoadParams {
  /** Scenario text, YAML or JSON. */
  text: string;
  /** Overrides the scenario's own seed. */
  seed?: number;
  /** `--set` style overrides: path → value text. */
  set?: Record<string, string>;
  /** What this run is, when it is not the editor's text as it stands (e.g. "Compare B: posted"): the status bar shows it. */
  label?: string;
}

export type LoadResult =
  | { ok: true; status: LabStatus }
  | { ok: false; issues: ScenarioIssue[] };

/** A preset as the edge found it (a file in resources/presets, or a bundled copy in the web build). */
export interface PresetSource {
  name: string;
  text: string;
}


/** A qtest script run on a fresh load of a scenario (its sources quiet), as `virq qtest` runs it. */
export interface QtestParams extends LoadParams {
  script: string;
  /** Drive VM `vm` as its vCPUs see it (guest view); absent: the host view. */
  vm?: number;
  /** The (v)CPU the accesses come from until a `cpu M` line. */
  vcpu?: number;
}

/** The run's transcript (every line it printed, in order); the lab then holds the machine the script left. */
export type QtestResult =
  | { ok: true; transcript: string[]; commands: number; failures: number; status: LabStatus }
  | { ok: false; issues: ScenarioIssue[] };
