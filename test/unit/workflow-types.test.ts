import { expect, it } from 'vitest';
import * as workflows from '../../workflows/index.ts';
import { messageWorkflowType } from '../../workflows/message/messages.ts';
import { organisationWorkflowType } from '../../workflows/organisation/messages.ts';
import { userWorkflowType } from '../../workflows/user/messages.ts';
import { wlzWorkflowType } from '../../workflows/wlz/messages.ts';

// Clients start workflows by these names; the worker knows them by the exported functions' names.
it('names every workflow type as the worker registers it', () => {
  const types = [messageWorkflowType, organisationWorkflowType, userWorkflowType, wlzWorkflowType];
  expect(Object.keys(workflows).sort()).toEqual(types.sort());
});
