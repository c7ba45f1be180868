// The lab connection and its pushed status: every view reaches the lab through `call` here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { LabApi, LabMethod, LabRestartNotice, LabStatus, ParamsOf, ResultOf } from '../../../shared/protocol';
import { formatSeconds } from '../../../shared/labClient';
import { connectLab, type TransportKind } from '../transport/connect';

export type ConnectionState = 'connecting' | 'ready' | 'failed';

/** How many times connecting asks a lab restarted under it for its first status (the transport's own budget is 3). */
const MAX_CONNECT_ATTEMPTS = 4;

export const useLabStore = defineStore('lab', () => {
  const api = shallowRef<LabApi | null>(null);
  const transport = ref<TransportKind | null>(null);
  const connection = ref<ConnectionState>('connecting');
  const status = ref<LabStatus | null>(null);
  /** The last failed request or transport problem, shown in the error bar until dismissed. */
  const lastError = ref<string | null>(null);
  let ready: Promise<LabApi> | null = null;
  /** Heard after the transport restarted the lab (the new lab holds nothing): the scenario store reloads its text. */
  const restartListeners = new Set<() => void>();

  const state = computed(() => status.value?.state ?? 'empty');
  const isRunning = computed(() => state.value === 'running');

  function fail(message: string): void {
    lastError.value = message;
  }

  function connect(): Promise<LabApi> {
    ready ??= (async () => {
      try {
        const conn = await connectLab((message) => {
          connection.value = 'failed';
          fail(`Lab host: ${message}`);
        });
        api.value = conn.api;
        transport.value = conn.transport;
        conn.api.onStatus((s) => {
          status.value = s;
        });
        conn.api.onRestart?.((n) => void restarted(conn.api, n));
        status.value = await firstStatus(conn.api);
        connection.value = 'ready';
        return conn.api;
      } catch (e) {
        connection.value = 'failed';
        fail(`Could not reach the lab: ${messageOf(e)}`);
        throw e;
      }
    })();
    return ready;
  }

  /**
   * The first status, asked while connecting: a lab restarted meanwhile (it hung or crashed while starting) fails
   * that request, so it is asked again of the new lab, as long as the transport keeps restarting it.
   */
  async function firstStatus(lab: LabApi): Promise<LabStatus> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await lab.call('status', undefined);
      } catch (e) {
        if (attempt >= MAX_CONNECT_ATTEMPTS || !/ and was restarted$/.test(messageOf(e))) throw e;
      }
    }
  }

  /** The transport lost the lab (a crash, or no answer for a while) and restarted it, or gave up. */
  async function restarted(lab: LabApi, n: LabRestartNotice): Promise<void> {
    if (!n.restarted) {
      connection.value = 'failed';
      fail(`The lab stopped and could not be restarted (${n.reason}); your scenario text is kept — reload the window to try again`);
      return;
    }
    try {
      status.value = await lab.call('status', undefined);
    } catch {
      // the next pushed status will do
    }
    // Set after the requests the old lab held have failed (their errors land first), so this is what stays shown.
    fail(`${restartHeadline(n)} and was restarted; your scenario text is kept — press Run to start again`);
    for (const l of restartListeners) l();
  }

  function onRestart(listener: () => void): () => void {
    restartListeners.add(listener);
    return () => restartListeners.delete(listener);
  }

  /** A request to the lab; failures are recorded in lastError and rethrown. */
  async function call<M extends LabMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const lab = await connect();
    try {
      return await lab.call(method, params);
    } catch (e) {
      fail(`${method}: ${messageOf(e)}`);
      throw e;
    }
  }

  /** Control requests answer with the new status; take it at once rather than wait for the next push. */
  async function control<M extends 'run' | 'pause' | 'step' | 'reset'>(method: M, params: ParamsOf<M>): Promise<LabStatus> {
    const s = await call(method, params);
    status.value = s;
    return s;
  }

  return { api, transport, connection, status, state, isRunning, lastError, connect, call, control, fail, onRestart };
});

/** "The lab stopped answering for 10 s" / "The lab stopped (lab host crashed: …)". */
export function restartHeadline(n: LabRestartNotice): string {
  return n.silentMs !== undefined ? `The lab stopped answering for ${formatSeconds(n.silentMs)}` : `The lab stopped (${n.reason})`;
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
