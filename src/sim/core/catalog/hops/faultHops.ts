// Hop kinds of injected faults (the scenario's `faults:` list): each marks the instant a fault strikes, named after it.
import { hop } from '../hopKind';

export const FAULT_HOPS = {
  'fault.storm': hop('device', 'wire', [], 'injected fault: the device starts an interrupt storm (events at the fault\'s rate for its duration)'),
  'fault.stuck-line': hop('device', 'wire', [], 'injected fault: the INTx line is stuck asserted from now on, with no device cause behind it'),
  'fault.ignores-disintx': hop('device', 'wire', [], 'injected fault: the function ignores COMMAND.intxDisable from now on (it keeps driving INTx while masked)'),
  'fault.lost-eoi': hop('guest', 'guest', [], 'injected fault: the guest\'s EOI of this interrupt is lost (the vLAPIC keeps it in service)'),
  'fault.guest-stops-eoi': hop('guest', 'guest', [], 'injected fault: the guest no longer writes EOI (each interrupt stays in service)'),
  'fault.lost-unmask': hop('hardirq', 'host', [], 'injected fault: VFIO\'s unmask of the INTx is lost (the device stays masked)'),
  'fault.spurious-msi': hop('device', 'wire', [], 'injected fault: the function sends its MSI with no cause behind it'),
  'fault.vcpu-descheduled': hop('softirq', 'host', [], 'injected fault: another task holds the vCPU\'s pCPU (the vCPU thread is preempted)'),
  'fault.eventfd-stall': hop('hardirq', 'host', [], 'injected fault: the eventfd\'s consumer stalls; signals add up in its counter'),
  'fault.eventfd-resume': hop('softirq', 'host', [], 'the stalled eventfd consumer runs again: one wake-up for every signal it missed'),
} as const;
