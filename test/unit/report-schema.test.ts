import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/domain/metrics/compute-report.js';
import { buildReportInput } from '../support/build-report-input.js';
import { at, deployment, incident, workItem } from '../support/event-builders.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

describe('docs/report.schema.json', () => {
  it('describes a full report and an empty one', () => {
    const full = computeReport(
      buildReportInput(
        [
          deployment({
            id: 'd1',
            finishedAt: at('2026-11-03T10:00:00Z'),
            commits: [{ sha: 'a', committedAt: at('2026-11-03T08:00:00Z') }],
          }),
          incident({ id: 'i', status: 'triggered', at: at('2026-11-03T11:00:00Z'), service: 'checkout' }),
          incident({ id: 'i', status: 'resolved', at: at('2026-11-03T12:00:00Z') }),
          workItem({ id: 'w', stage: 'in_progress', at: at('2026-10-01T00:00:00Z'), team: 't' }),
        ],
        { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' },
      ),
    );
    const empty = computeReport(
      buildReportInput([], { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' }),
    );
    for (const report of [full, empty]) {
      expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('rejects a report that breaks it (the schema can fail)', () => {
    const report = JSON.parse(
      JSON.stringify(
        computeReport(buildReportInput([], { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' })),
      ),
    );
    report.dora.changeFailureRate.value = 1.5;
    delete report.flow.wip;
    expect(validate(report)).toBe(false);
  });
});
