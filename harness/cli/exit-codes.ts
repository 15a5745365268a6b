// Exit codes of sockgrade, stable for CI.

/** 0 all checks passed, 1 some check failed, 2 usage or spec error, 3 harness error. */
export const EXIT = { passed: 0, failed: 1, usage: 2, harness: 3 } as const;
