// Intel gen8+ (BDW/SKL layout) GPU MMIO: the interrupt register banks, the execlist submission ports and the
// pipe configuration registers, declared once. The physical GPU and every vGPU instantiate this same declaration
// (the vGPU's copy is marked virtual and has its own values).
//
// Sources (facts sheet = ../shared/facts/interrupt-virtualization.md):
// - GEN8_MASTER_IRQ 0x44200 and its bits: facts A.4, i915 GEN8_MASTER_IRQ_CONTROL (1<<31), GEN8_PCU_IRQ 30,
//   GEN8_DE_PCH_IRQ 23, GEN8_DE_MISC_IRQ 22, GEN8_DE_PORT_IRQ 20, GEN8_DE_PIPE_{A,B,C}_IRQ 16..18,
//   GEN8_GT_{RCS,BCS,VCS0,VCS1,PM,GUC,VECS}_IRQ 0..6 (i915 register headers).
// - Banks at ISR = base, IMR = +4, IIR = +8, IER = +0xC (facts A.3/A.4; gvt/interrupt.c regbase_to_*):
//   GEN8_GT_ISR(n) = 0x44300 + 0x10·n, GEN8_DE_PIPE_ISR(p) = 0x44400 + 0x10·p, GEN8_DE_PORT_ISR 0x44440,
//   GEN8_DE_MISC_ISR 0x44460, GEN8_PCU_ISR 0x444E0, SDEISR 0xC4000 (facts A.4 + G).
// - Event bits: gvt/interrupt.c gen8_init_irq (facts A.3), SKL+ flip-done positions (PRIMARY 3, SPRITE 4).
// - RING_ELSP(base) = base + 0x230 (torvalds/linux drivers/gpu/drm/i915/gt/intel_engine_regs.h); ring bases
//   RENDER_RING_BASE 0x02000, GEN6_BSD_RING_BASE 0x12000, VEBOX_RING_BASE 0x1a000, BLT_RING_BASE 0x22000 (i915_reg.h).
// - _PIPEACONF/_TRANSACONF 0x70008 (pipe B 0x71008, C 0x72008), enable bit 31, state (active) bit 30
//   (i915_reg.h; gvt/handlers.c pipeconf_mmio_write sets the state bit from the enable bit and turns the
//   per-vGPU vblank timer on/off).
//
// Not modelled: gen11+ (0x44200 becomes GEN11_DISPLAY_INT_CTL), the double-buffered IIR of real hardware (one
// extra event queued behind a set IIR bit), GT2 GuC bits 16..31, PIPESTAT, hotplug detail registers.
import { bits, fieldsOf, layout, reg, registerFile, type Field, type FieldSpec, type Layout, type RegisterDecl } from '../../core/registers';

/** The interrupt groups GVT emulates (enum intel_gvt_irq_info_type order, MASTER apart). */
export const IRQ_GROUPS = ['GT0', 'GT1', 'GT2', 'GT3', 'DE_PIPE_A', 'DE_PIPE_B', 'DE_PIPE_C', 'DE_PORT', 'DE_MISC', 'PCU', 'PCH'] as const;
export type IrqGroup = (typeof IRQ_GROUPS)[number];

export interface IrqGroupInfo {
  /** Offset of the ISR; IMR, IIR, IER follow at +4, +8, +0xC. */
  base: number;
  /** Register-name prefix in the declaration: `${prefix}ISR` etc. (PCH keeps i915's SDE names). */
  isr: string;
  imr: string;
  iir: string;
  ier: string;
  /** The four registers' offsets. */
  at: { isr: number; imr: number; iir: number; ier: number };
  meaning: string;
}

function bank(prefix: string, base: number, meaning: string, sep = '_'): IrqGroupInfo {
  return {
    base, isr: `${prefix}${sep}ISR`, imr: `${prefix}${sep}IMR`, iir: `${prefix}${sep}IIR`, ier: `${prefix}${sep}IER`,
    at: { isr: base, imr: base + 4, iir: base + 8, ier: base + 0xc }, meaning,
  };
}

export const GEN8_MASTER_IRQ = 0x44200;
export const GEN8_MASTER_IRQ_CONTROL_BIT = 31;

export const IRQ_GROUP_INFO: Readonly<Record<IrqGroup, IrqGroupInfo>> = {
  GT0: bank('GT0', 0x44300, 'GT bank 0: render (RCS, bits 0-15) and blitter (BCS, bits 16-31)'),
  GT1: bank('GT1', 0x44310, 'GT bank 1: video VCS0 (bits 0-15) and VCS1 (bits 16-31)'),
  GT2: bank('GT2', 0x44320, 'GT bank 2: power management (PM) and GuC'),
  GT3: bank('GT3', 0x44330, 'GT bank 3: video enhancement VECS (bits 0-15)'),
  DE_PIPE_A: bank('DE_PIPE_A', 0x44400, 'display engine pipe A'),
  DE_PIPE_B: bank('DE_PIPE_B', 0x44410, 'display engine pipe B'),
  DE_PIPE_C: bank('DE_PIPE_C', 0x44420, 'display engine pipe C'),
  DE_PORT: bank('DE_PORT', 0x44440, 'display engine ports (AUX, DP A hotplug)'),
  DE_MISC: bank('DE_MISC', 0x44460, 'display engine miscellaneous (GSE, PSR)'),
  PCU: bank('PCU', 0x444e0, 'power control unit'),
  PCH: bank('SDE', 0xc4000, 'south display engine (PCH): GMBUS, hotplug', ''),
};

/** One interrupt event: the bit it sets in its group's ISR/IIR. */
export interface GpuEventInfo {
  group: IrqGroup;
  bit: number;
  meaning: string;
}

const ev = (group: IrqGroup, bit: number, meaning: string): GpuEventInfo => ({ group, bit, meaning });

/** Events with their (group, bit), as gvt/interrupt.c gen8_init_irq sets them (SKL+ flip-done bits). */
export const GPU_EVENTS = {
  RCS_MI_USER_INTERRUPT: ev('GT0', 0, 'render engine MI_USER_INTERRUPT (a request completed)'),
  RCS_PIPE_CONTROL: ev('GT0', 4, 'render PIPE_CONTROL notify'),
  RCS_AS_CONTEXT_SWITCH: ev('GT0', 8, 'render context switch (execlist CSB updated)'),
  BCS_MI_USER_INTERRUPT: ev('GT0', 16, 'blitter MI_USER_INTERRUPT'),
  BCS_MI_FLUSH_DW: ev('GT0', 20, 'blitter MI_FLUSH_DW notify'),
  BCS_AS_CONTEXT_SWITCH: ev('GT0', 24, 'blitter context switch'),
  VCS_MI_USER_INTERRUPT: ev('GT1', 0, 'video VCS0 MI_USER_INTERRUPT'),
  VCS_MI_FLUSH_DW: ev('GT1', 4, 'video VCS0 MI_FLUSH_DW notify'),
  VCS_AS_CONTEXT_SWITCH: ev('GT1', 8, 'video VCS0 context switch'),
  VCS2_MI_USER_INTERRUPT: ev('GT1', 16, 'video VCS1 MI_USER_INTERRUPT'),
  VCS2_MI_FLUSH_DW: ev('GT1', 20, 'video VCS1 MI_FLUSH_DW notify'),
  VCS2_AS_CONTEXT_SWITCH: ev('GT1', 24, 'video VCS1 context switch'),
  VECS_MI_USER_INTERRUPT: ev('GT3', 0, 'video enhancement MI_USER_INTERRUPT'),
  VECS_MI_FLUSH_DW: ev('GT3', 4, 'video enhancement MI_FLUSH_DW notify'),
  VECS_AS_CONTEXT_SWITCH: ev('GT3', 8, 'video enhancement context switch'),
  PIPE_A_VBLANK: ev('DE_PIPE_A', 0, 'pipe A vertical blank'),
  PRIMARY_A_FLIP_DONE: ev('DE_PIPE_A', 3, 'pipe A primary plane flip done (SKL+ bit 3; BDW bit 4)'),
  SPRITE_A_FLIP_DONE: ev('DE_PIPE_A', 4, 'pipe A sprite plane flip done (SKL+ bit 4; BDW bit 5)'),
  PIPE_B_VBLANK: ev('DE_PIPE_B', 0, 'pipe B vertical blank'),
  PRIMARY_B_FLIP_DONE: ev('DE_PIPE_B', 3, 'pipe B primary plane flip done'),
  SPRITE_B_FLIP_DONE: ev('DE_PIPE_B', 4, 'pipe B sprite plane flip done'),
  PIPE_C_VBLANK: ev('DE_PIPE_C', 0, 'pipe C vertical blank'),
  PRIMARY_C_FLIP_DONE: ev('DE_PIPE_C', 3, 'pipe C primary plane flip done'),
  SPRITE_C_FLIP_DONE: ev('DE_PIPE_C', 4, 'pipe C sprite plane flip done'),
  AUX_CHANNEL_A: ev('DE_PORT', 0, 'AUX channel A done'),
  DP_A_HOTPLUG: ev('DE_PORT', 3, 'DP A hotplug'),
  AUX_CHANNEL_B: ev('DE_PORT', 25, 'AUX channel B done (SKL+: DE port)'),
  AUX_CHANNEL_C: ev('DE_PORT', 26, 'AUX channel C done (SKL+: DE port)'),
  AUX_CHANNEL_D: ev('DE_PORT', 27, 'AUX channel D done (SKL+: DE port)'),
  GSE: ev('DE_MISC', 27, 'graphics system event (i915 GEN8_DE_MISC_GSE bit 27; gvt gen8_init_irq maps it to bit 0)'),
  GMBUS: ev('PCH', 17, 'GMBUS (I2C) done'),
  CRT_HOTPLUG: ev('PCH', 19, 'CRT hotplug'),
  DP_B_HOTPLUG: ev('PCH', 21, 'DP/HDMI B hotplug'),
  DP_C_HOTPLUG: ev('PCH', 22, 'DP/HDMI C hotplug'),
  DP_D_HOTPLUG: ev('PCH', 23, 'DP/HDMI D hotplug'),
  PCU_THERMAL: ev('PCU', 24, 'PCU thermal event'),
  PCU_PCODE2DRIVER_MAILBOX: ev('PCU', 25, 'PCU pcode-to-driver mailbox'),
} as const satisfies Record<string, GpuEventInfo>;

export type GpuEvent = keyof typeof GPU_EVENTS;
export const GPU_EVENT_NAMES = Object.keys(GPU_EVENTS) as GpuEvent[];

export function eventInfo(e: GpuEvent): GpuEventInfo {
  return GPU_EVENTS[e];
}

/** GEN8_MASTER_IRQ status bits per group (bit → field name). */
export const MASTER_FIELDS: Readonly<Record<number, [string, string]>> = {
  0: ['GT_RCS', 'GT0 bits 0-15 (render) pending'],
  1: ['GT_BCS', 'GT0 bits 16-31 (blitter) pending'],
  2: ['GT_VCS0', 'GT1 bits 0-15 (video 0) pending'],
  3: ['GT_VCS1', 'GT1 bits 16-31 (video 1) pending'],
  4: ['GT_PM', 'GT2 bits 0-15 (power management) pending'],
  5: ['GT_GUC', 'GT2 GuC pending (i915 GEN8_GT_GUC_IRQ; not in the GVT map)'],
  6: ['GT_VECS', 'GT3 bits 0-15 (video enhancement) pending'],
  16: ['DE_PIPE_A', 'display pipe A pending'],
  17: ['DE_PIPE_B', 'display pipe B pending'],
  18: ['DE_PIPE_C', 'display pipe C pending'],
  20: ['DE_PORT', 'display port pending'],
  22: ['DE_MISC', 'display misc pending'],
  23: ['DE_PCH', 'south display (PCH) pending'],
  30: ['PCU', 'power control unit pending'],
};

/** GEN8_MASTER_IRQ: the master enable (a global IER under GVT) and one status bit per group. */
export const GEN8_MASTER = layout(32, {
  MASTER_IRQ_CONTROL: bits(GEN8_MASTER_IRQ_CONTROL_BIT, GEN8_MASTER_IRQ_CONTROL_BIT, 'rw', 'master enable: the GPU signals its interrupt only while set (guest-writable under GVT: a global IER)'),
  ...Object.fromEntries(Object.entries(MASTER_FIELDS).map(([b, [name, meaning]]) => [name, bits(Number(b), Number(b), 'ro', meaning)])),
} as Record<string, FieldSpec>, 'GEN8_MASTER_IRQ') as Layout<'MASTER_IRQ_CONTROL' | string>;

/** The master enable alone: what the i915 handler writes to turn the master back on. */
export const MASTER_IRQ_CONTROL: Field = GEN8_MASTER.MASTER_IRQ_CONTROL!;

/** Every status bit of the master (all but the enable). */
export const MASTER_STATUS_MASK = fieldsOf(GEN8_MASTER).filter((f) => f !== MASTER_IRQ_CONTROL).reduce((m, f) => m | f.mask, 0n);

/** Master bit ← (group, bitmask): gvt/interrupt.c gen8_irq_map (facts A.3). */
export interface IrqMapEntry {
  masterBit: number;
  group: IrqGroup;
  mask: number;
  /** The master status field the entry sets. */
  master: Field;
  /** The group's bits it collects. */
  bits: Field;
}

function mapEntry(masterBit: number, group: IrqGroup, msb: number, lsb: number): IrqMapEntry {
  const master = fieldsOf(GEN8_MASTER).find((f) => f.lsb === masterBit)!;
  const collected = layout(32, { [group]: bits(msb, lsb, 'ro', `${group} bits ${msb}..${lsb} → master ${master.name}`) })[group]!;
  return { masterBit, group, mask: Number(collected.mask), master, bits: collected };
}

export const GEN8_IRQ_MAP: readonly IrqMapEntry[] = [
  mapEntry(0, 'GT0', 15, 0),
  mapEntry(1, 'GT0', 31, 16),
  mapEntry(2, 'GT1', 15, 0),
  mapEntry(3, 'GT1', 31, 16),
  mapEntry(4, 'GT2', 15, 0),
  mapEntry(6, 'GT3', 15, 0),
  mapEntry(16, 'DE_PIPE_A', 31, 0),
  mapEntry(17, 'DE_PIPE_B', 31, 0),
  mapEntry(18, 'DE_PIPE_C', 31, 0),
  mapEntry(20, 'DE_PORT', 31, 0),
  mapEntry(22, 'DE_MISC', 31, 0),
  mapEntry(23, 'PCH', 31, 0),
  mapEntry(30, 'PCU', 31, 0),
];

/** Extra named bits of a bank that no GVT event uses (declared so the inspector names them). */
const EXTRA_BITS: Partial<Record<IrqGroup, Record<string, [number, string]>>> = {
  GT2: {
    PM_RP_DOWN_EI_EXPIRED: [1, 'RPS down evaluation interval expired (GEN6_PM_RP_DOWN_EI_EXPIRED; no GVT event)'],
    PM_RP_UP_EI_EXPIRED: [2, 'RPS up evaluation interval expired (no GVT event)'],
    PM_RP_DOWN_THRESHOLD: [4, 'RPS down threshold (no GVT event)'],
    PM_RP_UP_THRESHOLD: [5, 'RPS up threshold (no GVT event)'],
    PM_RP_DOWN_TIMEOUT: [6, 'RPS down timeout (no GVT event)'],
  },
  DE_PIPE_A: { PIPE_A_FIFO_UNDERRUN: [31, 'pipe A FIFO underrun (facts A.4 bit 31; no GVT gen8 event)'] },
  DE_PIPE_B: { PIPE_B_FIFO_UNDERRUN: [31, 'pipe B FIFO underrun'] },
  DE_PIPE_C: { PIPE_C_FIFO_UNDERRUN: [31, 'pipe C FIFO underrun'] },
  DE_MISC: { EDP_PSR: [19, 'eDP panel self refresh (facts G; no GVT gen8 event)'] },
};

/** Named bits of a group: its events plus the extra declared bits. */
export function groupBits(g: IrqGroup): { name: string; bit: number; meaning: string }[] {
  const out = GPU_EVENT_NAMES.filter((e) => GPU_EVENTS[e].group === g).map((e) => ({ name: e as string, bit: GPU_EVENTS[e].bit, meaning: GPU_EVENTS[e].meaning }));
  for (const [name, [bit, meaning]] of Object.entries(EXTRA_BITS[g] ?? {})) out.push({ name, bit, meaning });
  return out.sort((a, b) => a.bit - b.bit);
}

/** IMR's reset: every event masked. */
export const IMR_ALL_MASKED = 0xffffffffn;

/** A group's named bits as a value layout (one field per event or extra bit): for building and reading IMR/IIR/IER values. */
export const IRQ_BANK_BITS: Readonly<Record<IrqGroup, Layout>> = Object.fromEntries(IRQ_GROUPS.map((g) => [g,
  layout(32, Object.fromEntries(groupBits(g).map((b) => [b.name, bits(b.bit, b.bit, 'rw', b.meaning)])), `${g} bank`)])) as Record<IrqGroup, Layout>;

/** A group's named bits, lowest first. */
export const IRQ_BANK_FIELDS: Readonly<Record<IrqGroup, readonly Field[]>> = Object.fromEntries(IRQ_GROUPS.map((g) => [g,
  fieldsOf(IRQ_BANK_BITS[g]).sort((a, b) => a.lsb - b.lsb)])) as unknown as Record<IrqGroup, readonly Field[]>;

/** An event's bit in its group's registers, as a field handle. */
export function eventField(e: GpuEvent): Field {
  return IRQ_BANK_BITS[GPU_EVENTS[e].group][e]!;
}

function bankRegisters(g: IrqGroup): RegisterDecl[] {
  const info = IRQ_GROUP_INFO[g];
  const named = groupBits(g);
  const fields = (access: 'ro' | 'rw' | 'w1c', what: string) =>
    Object.fromEntries(named.map((b) => [b.name, bits(b.bit, b.bit, access, `${b.meaning}: ${what}`)]));
  return [
    reg(info.isr, info.at.isr, 32, fields('ro', 'live status (not latched)'), { meaning: `${info.meaning}: interrupt status (live)` }),
    reg(info.imr, info.at.imr, 32, fields('rw', '1 = masked: the event does not latch into IIR'), {
      reset: IMR_ALL_MASKED, meaning: `${info.meaning}: interrupt mask`,
    }),
    reg(info.iir, info.at.iir, 32, fields('w1c', 'latched event, write 1 to clear'), { meaning: `${info.meaning}: interrupt identity (latched)` }),
    reg(info.ier, info.at.ier, 32, fields('rw', '1 = a latched event propagates to the master'), { meaning: `${info.meaning}: interrupt enable` }),
  ];
}

/** Engines with an execlist submission port: name → ring base. */
export const RING_BASES = { RCS: 0x02000, VCS: 0x12000, VECS: 0x1a000, BCS: 0x22000 } as const;
export type Engine = keyof typeof RING_BASES;
export const ENGINES = Object.keys(RING_BASES) as Engine[];
export const RING_ELSP_OFFSET = 0x230;
/** Each engine's execlist submission port: RING_ELSP(base) = base + 0x230. */
export const ELSP_OFFSET: Readonly<Record<Engine, number>> = Object.fromEntries(ENGINES.map((e) => [e, RING_BASES[e] + RING_ELSP_OFFSET])) as Record<Engine, number>;

/** An execlist element as the port takes it: the upper dword is written first, then the lower. */
export const ELSP_ELEMENT = layout(64, {
  upper: bits(63, 32, 'wo', 'upper dword (the context ID)'),
  lower: bits(31, 0, 'wo', 'lower dword (LRCA and flags)'),
}, 'execlist element');

/** An execlist element from its two dwords as the port took them. */
export function elspElement(upper: bigint, lower: bigint): bigint {
  return ELSP_ELEMENT.upper.set(ELSP_ELEMENT.lower.of(lower), upper);
}

/** A gen8 execlist context descriptor (intel_lrc.c: GEN8_CTX_VALID, the LRCA in 31:12, the context ID in 63:32). */
export const CONTEXT_DESCRIPTOR = layout(64, {
  contextId: bits(63, 32, 'rw', 'software context ID'),
  lrca: bits(31, 12, 'rw', 'logical ring context address (GGTT, 4 KiB pages)'),
  valid: bits(0, 0, 'rw', 'GEN8_CTX_VALID: the element holds a context'),
}, 'context descriptor');

/** Completion events of each engine: MI_USER_INTERRUPT and the context switch (CSB) interrupt. */
export const ENGINE_EVENTS: Readonly<Record<Engine, { user: GpuEvent; ctxSwitch: GpuEvent }>> = {
  RCS: { user: 'RCS_MI_USER_INTERRUPT', ctxSwitch: 'RCS_AS_CONTEXT_SWITCH' },
  BCS: { user: 'BCS_MI_USER_INTERRUPT', ctxSwitch: 'BCS_AS_CONTEXT_SWITCH' },
  VCS: { user: 'VCS_MI_USER_INTERRUPT', ctxSwitch: 'VCS_AS_CONTEXT_SWITCH' },
  VECS: { user: 'VECS_MI_USER_INTERRUPT', ctxSwitch: 'VECS_AS_CONTEXT_SWITCH' },
};

/** The platform's graphics address space: a 256 MiB CPU-mappable aperture at the bottom of a 4 GiB GGTT. */
export const GGTT_LAYOUT = { mappableEnd: 256 * 2 ** 20, total: 2 ** 32 } as const;

export const PIPES = ['A', 'B', 'C'] as const;
export type Pipe = (typeof PIPES)[number];
export const PIPECONF_OFFSET: Readonly<Record<Pipe, number>> = { A: 0x70008, B: 0x71008, C: 0x72008 };
/** _PIPExCONF / _TRANSxCONF. */
export const PIPECONF = layout(32, {
  ENABLE: bits(31, 31, 'rw', 'pipe/transcoder enable (TRANSCONF_ENABLE)'),
  STATE: bits(30, 30, 'ro', 'pipe active (TRANSCONF_STATE_ENABLE, I965_PIPECONF_ACTIVE)'),
}, 'PIPECONF');
export const PIPE_VBLANK_EVENT: Readonly<Record<Pipe, GpuEvent>> = { A: 'PIPE_A_VBLANK', B: 'PIPE_B_VBLANK', C: 'PIPE_C_VBLANK' };
export const PIPE_PRIMARY_FLIP_EVENT: Readonly<Record<Pipe, GpuEvent>> = { A: 'PRIMARY_A_FLIP_DONE', B: 'PRIMARY_B_FLIP_DONE', C: 'PRIMARY_C_FLIP_DONE' };

export const GPU_MMIO_REGS = registerFile('Intel gen8+ GPU MMIO (interrupts, execlists, pipes)', [
  ...ENGINES.map((e) => reg(`${e}_ELSP`, ELSP_OFFSET[e], 32, {
    dword: bits(31, 0, 'wo', 'execlist submission port: four dword writes (element 1 hi, lo, element 0 hi, lo) submit two context descriptors'),
  }, { meaning: `${e} execlist submission port, RING_ELSP(0x${RING_BASES[e].toString(16)}) = base + 0x230` })),
  reg('RCS_TIMESTAMP', RING_BASES.RCS + 0x358, 32, {
    ticks: bits(31, 0, 'ro', 'free-running command-streamer timestamp (live hardware value)'),
  }, { meaning: 'RCS RING_TIMESTAMP(base) = base + 0x358 (intel_engine_regs.h)' }),
  reg('GEN8_MASTER_IRQ', GEN8_MASTER_IRQ, 32, GEN8_MASTER, { meaning: 'master interrupt control: enable bit 31, group status bits' }),
  ...IRQ_GROUPS.flatMap(bankRegisters),
  ...PIPES.map((p) => reg(`PIPECONF_${p}`, PIPECONF_OFFSET[p], 32, PIPECONF, { meaning: `pipe ${p} configuration (_TRANS${p}CONF / _PIPE${p}CONF)` })),
]);
