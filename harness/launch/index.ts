// The launcher's public surface: start, watch and end student processes; describe how they ended.

export { launch, DEFAULT_KILL_GRACE_MS } from './launcher.js';
export { liveProcessCount, stopAllProcesses, killAllProcessesSync } from './registry.js';
export { BoundedCapture, DEFAULT_HEAD_BYTES, DEFAULT_TAIL_BYTES } from './capture.js';
export { describeOutcome, formatBytes, lastLines } from './headline.js';
export type { LaunchOptions, ResourceLimits, CapturedStream, ProcessOutcome, SpawnError, StudentProcess } from './types.js';
