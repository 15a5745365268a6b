// The sandbox toolkit: detect what isolation the machine allows, build namespace and jail prefixes,
// make scratch copies, and explain it all (`sockgrade doctor`).

export { detectIsolation, probeIsolation, TRIAL_UID, type ProbeOptions } from './detect.js';
export { namespacePrefix, buildNamespacePrefix } from './namespace-command.js';
export { jailPrefix, locateInterpreter, type JailSpec } from './jail.js';
export { makeScratch, type Scratch, type ScratchOwner } from './scratch.js';
export { renderDoctor, enableHints } from './doctor.js';
export type { IsolationReport, NamespaceKind, SandboxTools, Trial, Trials, UserNamespaceSysctls } from './types.js';
