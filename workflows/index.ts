// Every workflow type the worker runs. Only deterministic code may be reachable from here.
export { organisationWorkflow } from './organisation/workflow.ts';
export { userWorkflow } from './user/workflow.ts';
export { wlzWorkflow } from './wlz/workflow.ts';
export { messageWorkflow } from './message/workflow.ts';
