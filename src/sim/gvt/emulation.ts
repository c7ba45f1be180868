// The vGPU's MMIO emulation handlers, installed as write hooks on its virtual register files so that every write
// path (guest trap, host hook, inspector) runs the same emulation:
// - interrupt registers → interrupt.ts (gvt/interrupt.c handlers);
// - RING_ELSP → elsp_mmio_write: four dwords make one submission (the workload is queued for the GVT scheduler);
//   with `elspScheduleInInterrupt` and the engine idle, the idle-to-active context-switch status is emulated at
//   once and its virtual interrupt triggered from inside the write emulation. That is the path seed 000 warns
//   about ("emulating a register access, e.g. to execlist submission port, which may trigger a virtual interrupt");
//   upstream gvt/execlist.c emulate_execlist_schedule_in → emulate_csb_update(…, trigger_interrupt_later = false)
//   → intel_vgpu_trigger_virtual_event (newer kernels run it when the scheduler dispatches the workload);
// - PIPECONF → pipeconf_mmio_write: store; ENABLE sets STATE and turns the vGPU's vblank timer on, clearing it
//   turns the timer off (gvt/handlers.c, display.c vgpu_update_vblank_emulation);
// - PV INFO → pvinfo_mmio_write: display_ready and g2v_notify are reported; the rest is stored.
import type { RegisterFile } from '../core/registers';
import { elspElement, ENGINES, IRQ_GROUP_INFO, IRQ_GROUPS, PIPECONF, PIPES, ENGINE_EVENTS, type IrqGroup } from '../hw/gpu/gen8Registers';
import { ierWrite, iirWrite, imrWrite, masterWrite, triggerVirtualEvent } from './interrupt';
import type { BankIndices, VgpuState as Vgpu } from './vgpuState';

export function installEmulation(v: Vgpu): { groupIdx: Vgpu['groupIdx']; masterIdx: number } {
  const r = v.regs;
  const groupIdx = Object.fromEntries(IRQ_GROUPS.map((g) => {
    const i = IRQ_GROUP_INFO[g];
    return [g, { isr: r.index(i.isr), imr: r.index(i.imr), iir: r.index(i.iir), ier: r.index(i.ier) }];
  })) as Record<IrqGroup, BankIndices>;
  for (const g of IRQ_GROUPS) {
    const i = IRQ_GROUP_INFO[g];
    r.onWrite(i.imr, (_f, _o, written) => imrWrite(v, g, written));
    r.onWrite(i.ier, (_f, _o, written) => ierWrite(v, g, written));
    r.onWrite(i.iir, (_f, o, written) => iirWrite(v, g, o.old, written));
  }
  r.onWrite('GEN8_MASTER_IRQ', (_f, o, written) => masterWrite(v, o.old, written));

  for (const e of ENGINES) {
    r.onWrite(`${e}_ELSP`, (_f, _o, written) => {
      const q = v.elspDwords.get(e) ?? [];
      q.push(written);
      if (q.length < 4) {
        v.elspDwords.set(e, q);
        return;
      }
      v.elspDwords.set(e, []);
      const element1 = elspElement(q[0]!, q[1]!);
      const element0 = elspElement(q[2]!, q[3]!);
      v.emit({ kind: 'submit', vgpu: v.name, engine: e, element0, element1 });
      const wasIdle = !v.busyEngines.has(e);
      v.busyEngines.add(e);
      if (wasIdle && v.elspScheduleInInterrupt) triggerVirtualEvent(v, ENGINE_EVENTS[e].ctxSwitch);
    });
  }

  for (const p of PIPES) {
    r.onWrite(`PIPECONF_${p}`, (f, o) => {
      const i = f.index(`PIPECONF_${p}`);
      const on = PIPECONF.ENABLE.on(f.raw(i));
      f.deposit(i, PIPECONF.STATE, on);
      const wasOn = PIPECONF.ENABLE.on(o.old);
      if (on !== wasOn) v.emit({ kind: 'vblank-timer', vgpu: v.name, pipe: p, on });
    });
  }

  if (v.pvinfo) installPvInfo(v, v.pvinfo);
  return { groupIdx, masterIdx: r.index('GEN8_MASTER_IRQ') };
}

function installPvInfo(v: Vgpu, f: RegisterFile): void {
  f.onWrite('display_ready', (_f, o) => v.emit({ kind: 'display-ready', vgpu: v.name, value: Number(o.value) }));
  f.onWrite('g2v_notify', (file, o) => {
    const value = Number(o.value);
    const names = file.fieldDecl(file.index('g2v_notify'), 'value').values ?? {};
    v.emit({ kind: 'g2v-notify', vgpu: v.name, value, name: names[value] ?? `invalid g2v notification ${value}` });
  });
}
