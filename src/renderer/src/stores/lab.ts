// The lab connection and its pushed status: every view reaches the lab through `call` here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { LabApi, LabMethod, LabStatus, ParamsOf, ResultOf } from '../../../shared/protocol';
import { connectLab, type TransportKind } from '../transport/connect';

export type ConnectionState = 'connecting' | 'ready' | 'failed';

export const useLabStore = defineStore('lab', () => {
  const api = shallowRef<LabApi | null>(null);
  const transport = ref<TransportKind | null>(null);
  const connection = ref<ConnectionState>('connecting');
  const status = ref<LabStatus | null>(null);
  /** The last failed request or transport problem, shown in the error bar until dismissed. */
  const lastError = ref<string | null>(null);
  let ready: Promise<LabApi> | null = null;

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
        status.value = await conn.api.call('status', undefined);
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

  return { api, transport, connection, status, state, isRunning, lastError, connect, call, control, fail };
});

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
