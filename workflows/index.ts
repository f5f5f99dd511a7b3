// The workflow bundle's entry: every workflow type the worker runs. orderWorkflow stays while orders started
// on it still run (see workflows/legacy/order-v1.ts for when it may go).
export { orderWorkflow } from './legacy/order-v1.ts';
export { orderWorkflowV2 } from './order/workflow.ts';
export { settlementWorkflow } from './settlement.ts';
