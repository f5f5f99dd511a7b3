// Loaded once per worker thread, into the V8 context all workflows share, before the SDK freezes its built-ins
// (WorkerOptions.bundlerOptions.preloadModules; worker.ts). The SDK's promise hook captures a stack for every
// promise workflow code creates, to answer the stack trace query (sdk-typescript issue 1587): ten frames,
// each looked up in the bundle's source map. With none captured, replaying the recorded histories took a quarter
// less CPU (73 → 55 ms a history, 3 December). Errors and the stack trace query then carry no frames; set
// WORKFLOW_STACK_TRACES=true to have them while debugging.
(Error as unknown as { stackTraceLimit: number }).stackTraceLimit = 0;

export {};
