import { Writable } from 'node:stream';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { createTemporalLogger } from '../../temporal/pino-logger.ts';

const { coresdk } = proto;

/** A JSON logger whose lines are read back, parsed. */
function capturedLogger(level = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level, pretty: false, name: 'worker', destination });
  return { logger, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the log pipeline keeps people out of log lines', () => {
  it('censors personal keys at the top level, nested and in arrays, and keeps ids and the process name', () => {
    const { logger, lines } = capturedLogger();
    const fields = {
      workflowId: 'user/0344/log-mw-1',
      email: 'ada@gemeente.example',
      details: { settings: { achternaam: 'Zwartkruis' }, fileName: 'toewijzing-brugsma.xml' },
      files: [{ bsn: '507529170', messageCode: 'WMO301' }],
      deep: { a: { b: { telefoonnummer: '06-48213597' } } },
    };
    logger.info(fields, 'probe');
    const [line] = lines();
    expect(line).toMatchObject({
      name: 'worker',
      workflowId: 'user/0344/log-mw-1',
      email: '[verwijderd]',
      details: { settings: '[verwijderd]', fileName: '[verwijderd]' },
      files: [{ bsn: '[verwijderd]', messageCode: 'WMO301' }],
      deep: { a: { b: { telefoonnummer: '[verwijderd]' } } },
    });
    // The caller's object is left as it was.
    expect(fields.email).toBe('ada@gemeente.example');
    expect(fields.details.settings.achternaam).toBe('Zwartkruis');
  });

  it('leaves errors to their serialiser', () => {
    const { logger, lines } = capturedLogger();
    logger.error({ err: new Error('boom') }, 'failed');
    expect(lines()[0]).toMatchObject({ err: { type: 'Error', message: 'boom' } });
  });

  it("drops Temporal payloads from the SDK's lines, decoded or not, and keeps the ids around them", () => {
    const { logger, lines } = capturedLogger('trace');
    const plain = Buffer.from(JSON.stringify({ settings: { achternaam: 'Zwartkruis' }, bsn: '628194821' }));
    const activation = coresdk.workflow_activation.WorkflowActivation.fromObject({
      runId: 'run-1',
      jobs: [
        {
          initializeWorkflow: {
            workflowId: 'wlz/1',
            workflowType: 'wlzWorkflow',
            arguments: [{ metadata: { encoding: Buffer.from('json/plain') }, data: plain }],
          },
        },
      ],
    });
    createTemporalLogger(logger).trace('Got workflow activation', { ...activation, sdkComponent: 'worker' });
    const [line] = lines();
    const text = JSON.stringify(line);
    expect(text).not.toContain(plain.toString('base64'));
    expect(text).not.toContain('Zwartkruis');
    expect(line).toMatchObject({
      runId: 'run-1',
      sdkComponent: 'worker',
      jobs: [{ initializeWorkflow: { workflowId: 'wlz/1', arguments: ['[payload]'] } }],
    });
  });

  it('renames the SDK error to err and writes nothing below the level', () => {
    const { logger, lines } = capturedLogger('info');
    const temporal = createTemporalLogger(logger);
    temporal.debug('Activity started', { workflowId: 'msg/1' });
    temporal.warn('Activity failed', { workflowId: 'msg/1', error: new Error('timeout') });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ msg: 'Activity failed', workflowId: 'msg/1', err: { message: 'timeout' } });
  });
});
