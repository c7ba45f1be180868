// The scenario's `faults:` list: faults injected on purpose, each at a time (and for a storm, at a rate for a
// while), on a device or a VM. What each does and which defence answers it: docs/faults.md.
import { z } from 'zod';
import { duration, id, int, rate, show } from './fields';

const at = () => duration().describe('when the fault strikes (simulated time)');
const device = () => id().describe('the id of the device it strikes');
const vm = () => id().describe('the id of the VM it strikes');

const StormSchema = z.strictObject({
  kind: z.literal('storm'),
  device: device(),
  at: at(),
  for: duration(1).default('1ms').describe('how long the storm lasts'),
  rate: rate().default(1_000_000).describe('events per second during the storm (periodic), on top of the device\'s own'),
}).describe('an interrupt storm: the device raises events at `rate` for `for` (coalescing answers: merged causes, vIRR/PIR bits already set)');

const StuckLineSchema = z.strictObject({
  kind: z.literal('stuck-line'),
  device: device(),
  at: at(),
}).describe('intx: the device\'s line sticks asserted with no cause behind it (drivers that check their device say IRQ_NONE: genirq\'s spurious detector disables the line, "nobody cared")');

const IgnoresDisintxSchema = z.strictObject({
  kind: z.literal('ignores-disintx'),
  device: device(),
  at: at(),
}).describe('intx: the function keeps driving INTx while COMMAND.intxDisable is set (VFIO\'s device-level masking no longer quiets it: its handler says IRQ_NONE, and the spurious detector disables the line)');

const LostEoiSchema = z.strictObject({
  kind: z.literal('lost-eoi'),
  vm: vm(),
  at: at(),
  count: int(1, 1_000_000).default(1).describe('how many EOIs are lost (from `at` on)'),
}).describe('x86: the guest\'s EOI of an interrupt is lost (the vector stays in service: later ones of its priority wait in the vIRR; a level INTx is never resampled, its device stays masked)');

const GuestStopsEoiSchema = z.strictObject({
  kind: z.literal('guest-stops-eoi'),
  vm: vm(),
  at: at(),
}).describe('x86: from `at` on the guest never writes EOI (a hung or buggy guest driver)');

const LostUnmaskSchema = z.strictObject({
  kind: z.literal('lost-unmask'),
  device: device(),
  at: at(),
  count: int(1, 1_000_000).default(1).describe('how many unmasks are lost (from `at` on)'),
}).describe('intx assigned to a VM: VFIO\'s unmask after the guest\'s EOI is lost (the device stays masked; its later causes merge at the device)');

const SpuriousMsiSchema = z.strictObject({
  kind: z.literal('spurious-msi'),
  device: device(),
  at: at(),
  count: int(1, 1_000_000).default(1).describe('how many spurious messages'),
  rate: rate().default(10_000).describe('messages per second while they last (periodic)'),
}).describe('msi/msix: the function sends its message with no cause behind it (vfio_msihandler does not ask the device: each one reaches the guest\'s handler, which finds nothing to do)');

const VcpuDescheduledSchema = z.strictObject({
  kind: z.literal('vcpu-descheduled'),
  vm: vm(),
  vcpu: int(0, 63).default(0).describe('which vCPU of the VM'),
  at: at(),
  for: duration(1).default('5ms').describe('how long another task holds its pCPU'),
}).describe('x86: another task takes the vCPU\'s pCPU for `for` (a reschedule IPI gets the vCPU out of guest mode first): its interrupts wait in the vIRR, or in the PIR with SN set (posted), and merge there');

const EventfdStallSchema = z.strictObject({
  kind: z.literal('eventfd-stall'),
  device: device(),
  at: at(),
  for: duration(1).default('1ms').describe('how long the consumer stalls'),
}).describe('a device assigned to a VM: the consumer of its interrupt eventfd (KVM\'s irqfd) stalls for `for`: signals add up in the eventfd\'s counter and reach the guest as one interrupt when it resumes');

export const FaultSchema = z.discriminatedUnion('kind', [StormSchema, StuckLineSchema, IgnoresDisintxSchema, LostEoiSchema, GuestStopsEoiSchema, LostUnmaskSchema,
  SpuriousMsiSchema, VcpuDescheduledSchema, EventfdStallSchema], {
  error: (iss) => `expected a fault with kind storm | stuck-line | ignores-disintx | lost-eoi | guest-stops-eoi | lost-unmask | spurious-msi | vcpu-descheduled | eventfd-stall, got ${show((iss.input as { kind?: unknown } | undefined)?.kind ?? iss.input)}`,
});

export type FaultSpec = z.output<typeof FaultSchema>;
