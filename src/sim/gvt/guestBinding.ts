// A VM's side of the mediation: the vCPU its guest i915 runs on, its msi_trigger eventfd and the KVM irqfd on it.
import type { Eventfd } from '../host/eventfd';
import type { Irqfd } from '../host/kvm/irqfd';
import type { Vcpu } from '../host/kvm/vcpu';

export interface GuestBinding {
  vcpu: Vcpu;
  trigger: Eventfd;
  irqfd: Irqfd;
}
