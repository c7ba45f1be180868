// Hop kinds of injected faults (the scenario's `faults:` list): each marks the instant a fault strikes, named after it.
import { hop } from '../hopKind';

export const FAULT_HOPS = {
  'fault.storm': hop('device', 'wire', [], 'injected fault: the device starts an interrupt storm (events at the fault\'s rate for its duration)'),
  'fault.stuck-line': hop('device', 'wire', [], 'injected fault: the INTx line is stuck asserted from now on, with no device cause behind it'),
  'fault.ignores-disintx': hop('device', 'wire', [], 'injected fault: the function ignores COMMAND.intxDisable from now on (it keeps driving INTx while masked)'),
  'fault.lost-eoi': hop('guest', 'guest', [], 'injected fault: the guest\'s EOI of this interrupt is lost (the vLAPIC keeps it in service)'),
  'fault.guest-stops-eoi': hop('guest', 'guest', [], 'injected fault: the guest no longer writes EOI (each interrupt stays in service)'),
  'fault.lost-unmask': hop('hardirq', 'host', [], 'injected fault: VFIO\'s unmask of the INTx is lost (the device stays masked)'),
} as const;
