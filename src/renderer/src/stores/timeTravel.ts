// Going back in the loaded run: step back, reverse continue to the previous hit of the stop points set (the Log's
// hop-kind breakpoints, the inspector's watchpoints), snapshots saved to and opened from files, the lab host's ring
// of automatic snapshots, and, after the lab was restarted, the offer to go back to the last of them. The lab host
// goes back by re-executing the run (deterministic), so a long way back shows its progress in the status bar.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type LabSnapshot, type LabStatus, type RingSnapshot } from '../../../shared/protocol';
import { busyGuard } from './busyGuard';
import { useLabStore } from './lab';
import { useLogStore } from './log';
import { useStopPointsStore } from './stopPoints';
import { useScenarioStore } from './scenario';
import { openSnapshotFile, saveSnapshotFile } from '../files/snapshotFiles';

/** The last automatic snapshot of a run the lab lost, with what re-executing it needs. */
export interface LostPoint extends RingSnapshot {
  text: string;
  scenario: string;
  seed: number;
}

export const useTimeTravelStore = defineStore('timeTravel', () => {
  const lab = useLabStore();
  const log = useLogStore();
  const stops = useStopPointsStore();
  const scenario = useScenarioStore();
  const ring = ref<RingSnapshot[]>([]);
  const busy = ref(false);
  /** Offered after a restart: the lost run's last automatic snapshot. */
  const lost = ref<LostPoint | null>(null);
  /** The run the lab holds, as far as this store knows (for the restart offer). */
  let held: { text: string; scenario: string; seed: number } | null = null;
  const canReverse = computed(() => stops.hopKinds.length > 0 || stops.watchpoints.length > 0);

  lab.onRestart(() => {
    const last = ring.value.at(-1);
    lost.value = last && held ? { ...last, ...held } : null;
    ring.value = [];
  });

  /** After a stop: the ring as the lab host has it now. */
  async function refreshRing(): Promise<void> {
    if (lab.state === 'empty') {
      ring.value = [];
      return;
    }
    ring.value = await lab.call('snapshotRing', undefined);
    const s = lab.status;
    held = scenario.textIsLoaded && s ? { text: scenario.text, scenario: s.scenario ?? '', seed: s.seed } : null;
  }

  /** Waits while a long way back goes on in slices (its progress is in the status bar). */
  async function settled(s: LabStatus): Promise<LabStatus> {
    lab.status = s;
    while (lab.status?.state === 'running') await new Promise((r) => setTimeout(r, 100));
    await stops.refreshHit();
    await refreshRing();
    return lab.status ?? s;
  }

  const guarded = busyGuard(busy);

  const stepBack = (events = 1) => guarded(async () => {
    await settled(await lab.call('stepBack', { events }));
  });

  /** To the previous hit of the stop points set; the Log then shows the hop that hit. */
  const reverseContinue = () => guarded(async () => {
    await settled(await lab.call('reverseContinue', {}));
    const seq = stops.lastHit?.seq;
    if (seq !== undefined) await log.showHop(seq);
  });

  const restoreRing = (events: number) => guarded(async () => {
    await settled(await lab.call('restoreRing', { events }));
  });

  const save = () => guarded(async () => {
    const s = await lab.call('snapshot', undefined);
    try {
      saveSnapshotFile(JSON.stringify({ ...s, takenAt: new Date().toISOString() }, null, 1), s.scenario, s.position.events);
    } catch (e) {
      lab.fail(`Save snapshot: ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  const open = () => guarded(async () => {
    let file;
    try {
      file = await openSnapshotFile();
    } catch (e) {
      lab.fail(`Open snapshot: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!file) return;
    let doc: unknown;
    try {
      doc = JSON.parse(file.text);
    } catch {
      lab.fail(`Open snapshot: ${file.name} is not JSON`);
      return;
    }
    const d = doc as LabSnapshot;
    // The restored run's text goes into the editor: ask first if that would replace unsaved edits.
    const keepEditor = typeof d.text === 'string' && d.text !== scenario.text && !scenario.mayDiscard(`the scenario of ${file.name}`);
    await restore(d, keepEditor);
  });

  /** After a restart: back to the lost run's last automatic snapshot (re-executed and checked against its hash). */
  const restoreLost = () => guarded(async () => {
    const p = lost.value;
    if (!p) return;
    lost.value = null;
    const keepEditor = p.text !== scenario.text && !scenario.mayDiscard('the scenario of the run before the restart');
    await restore({
      format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, scenario: p.scenario, text: p.text, load: { seed: p.seed },
      position: { events: p.events, simNs: p.simNs, hops: p.hops }, logHash: p.logHash, writes: [],
    }, keepEditor);
  });

  async function restore(doc: LabSnapshot, keepEditor = false): Promise<void> {
    await settled(await lab.call('restore', { snapshot: doc }));
    // The run now is the snapshot's: Run and Step go on from here.
    scenario.adoptLoaded(doc.text, `${doc.scenario || 'snapshot'}.yaml`, keepEditor);
  }

  return { ring, busy, lost, canReverse, refreshRing, stepBack, reverseContinue, restoreRing, save, open, restoreLost, dismissLost: () => (lost.value = null) };
});
