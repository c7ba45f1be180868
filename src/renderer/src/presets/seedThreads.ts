// The kernel-list threads (shared/seeds/NNN_*.txt) the presets illustrate, and the design debate each one is about.

export interface SeedThread {
  id: string;
  subject: string;
  debate: string;
}

export const SEED_THREADS: Record<string, SeedThread> = {
  '000': { id: '000', subject: 'drm/i915: vgt irq mediation via a tasklet (intel-gfx, 2014)', debate: 'inject virtual GPU interrupts from a tasklet or from the hard-irq handler' },
  '001': { id: '001', subject: 'vfio: Introduce vGPU display irq type (2019)', debate: 'one eventfd with a partitioned value, or an IRQ index with count > 1' },
  '002': { id: '002', subject: 'drm/i915: a PV INFO page for Intel GVT-g (intel-gfx, 2014)', debate: 'how a guest driver detects the mediated GPU and what it may skip' },
  '003': { id: '003', subject: 'KVM & genirq: adaptive IRQ sharing for passed-through devices (2010)', debate: 'mask a shared INTx line, or mask at the device' },
  '004': { id: '004', subject: 'KVM: kvm-vfio user API for IRQ forwarding (2015)', debate: 'deliver through the host (exits, injection, EOI emulation) or forward/post to the guest' },
};

export function seedThread(id: string): SeedThread {
  return SEED_THREADS[id] ?? { id, subject: `seed thread ${id}`, debate: '' };
}
