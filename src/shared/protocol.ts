// The contract between a UI (renderer, CLI, tests) and a lab host. Types only (and a few constant names): every
// transport (Electron MessagePort, Web Worker, in-process) carries these same messages. One file per topic:
export * from './protocol/run';
export * from './protocol/scenario';
export * from './protocol/registers';
export * from './protocol/log';
export * from './protocol/compare';
export * from './protocol/machine';
export * from './protocol/methods';
export * from './protocol/sweep';
export * from './protocol/validation';
export * from './protocol/costs';
export * from './protocol/workload';
export * from './protocol/snapshot';
