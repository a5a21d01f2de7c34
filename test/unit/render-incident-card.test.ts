import { describe, expect, it } from 'vitest';
import { slackMention } from '../../src/chat/slack/slack-mention.js';
import type { DeploymentEvent } from '../../src/domain/dora-event.js';
import { foldIncident, type Incident } from '../../src/domain/incident.js';
import { TEAM_DEFAULTS } from '../../src/domain/team.js';
import { CARD_ACTIONS } from '../../src/render/card-actions.js';
import { incidentLine } from '../../src/render/event-lines.js';
import {
  buildIncidentView,
  type IncidentViewInput,
  remedyFromValue,
} from '../../src/render/incident-view.js';
import { SLACK_LIMITS } from '../../src/render/slack/block-kit.js';
import { renderIncidentCard } from '../../src/render/slack/render-incident-card.js';
import { at, deployment } from '../support/event-builders.js';

const deploys: [DeploymentEvent, DeploymentEvent] = [
  deployment({ id: 'd2', version: 'v2.31.0', finishedAt: at('2026-11-20T09:46:00Z') }),
  deployment({ id: 'd1', version: 'v2.30.0', finishedAt: at('2026-11-19T15:00:00Z') }),
];
/** The rollback to v2.30.0 that restored the service. */
const fix = deployment({ id: 'd3', version: 'v2.30.0', finishedAt: at('2026-11-20T10:20:00Z') });
const triggered = {
  status: 'triggered' as const,
  at: at('2026-11-20T10:00:00Z'),
  service: 'checkout',
  title: 'Payments failing',
  severity: 'P1',
};

function input(incident: Incident, overrides: Partial<IncidentViewInput> = {}): IncidentViewInput {
  return {
    incident,
    team: { timezone: 'Europe/Berlin', restoreClock: 'acknowledged' },
    likely: deploys[0],
    recent: deploys,
    now: at('2026-11-20T10:30:00Z'),
    mention: slackMention,
    ...overrides,
  };
}
const actionsOf = (message: ReturnType<typeof renderIncidentCard>) =>
  message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : []));

describe('incident card', () => {
  it('matches the golden Block Kit JSON of a fresh incident', async () => {
    const card = renderIncidentCard(buildIncidentView(input(foldIncident('pd-1', [triggered]))));
    await expect(JSON.stringify(card, null, 2)).toMatchFileSnapshot('../golden/slack-incident-card.json');
  });

  it('matches the golden Block Kit JSON of a mitigated incident: restored, timer stopped, Resolve left', async () => {
    const mitigated = foldIncident('pd-1', [
      triggered,
      { status: 'acknowledged', at: at('2026-11-20T10:04:00Z'), by: 'U0ANA' },
      { status: 'mitigated', at: at('2026-11-20T10:22:00Z'), by: 'U0BEN' },
    ]);
    const view = buildIncidentView(input(mitigated, { since: [fix] }));
    expect(view.facts.map((f) => f.label)).toEqual([
      'Service',
      'Triggered',
      'Acknowledged',
      'Mitigated',
      'Time to restore',
    ]);
    expect(view.facts.at(-1)?.value).toBe('18m from acknowledgement · 22m from trigger');
    const card = renderIncidentCard(view);
    expect(actionsOf(card)).not.toContain(CARD_ACTIONS.mitigate);
    expect(actionsOf(card)).toContain(CARD_ACTIONS.resolve);
    await expect(JSON.stringify(card, null, 2)).toMatchFileSnapshot(
      '../golden/slack-incident-card-mitigated.json',
    );
  });

  it('asks how it was fixed once restored: a deployment since it started, or none; says what was decided', async () => {
    const open = buildIncidentView(input(foldIncident('pd-1', [triggered]), { since: [fix] }));
    expect(open.remedy).toBeNull();
    const restored = [
      triggered,
      { status: 'mitigated' as const, at: at('2026-11-20T10:22:00Z'), by: 'U0BEN' },
    ];
    const asked = buildIncidentView(input(foldIncident('pd-1', restored), { since: [fix] }));
    expect(asked.remedy?.text).toBe('');
    expect(asked.remedy?.groups.map((g) => [g.label, g.options.map((o) => o.value)])).toEqual([
      ['Rollback', ['rollback:d3']],
      ['Hotfix', ['hotfix:d3']],
      ['Fix forward', ['fix_forward:d3']],
      ['Without a deployment', ['config_change', 'no_deploy']],
    ]);
    expect(asked.remedy?.groups[0]?.options[0]?.label).toBe(
      'Rollback: v2.30.0 of checkout · Nov 20 11:20 (Europe/Berlin)',
    );
    // Nothing deployed since it started: only the answers without a deployment.
    const none = buildIncidentView(input(foldIncident('pd-1', restored), { since: [] }));
    expect(none.remedy?.groups.map((g) => g.label)).toEqual(['Without a deployment']);
    const decided = foldIncident('pd-1', [
      ...restored,
      {
        status: 'mitigated',
        at: at('2026-11-20T10:25:00Z'),
        by: 'U0ANA',
        remediation: { kind: 'rollback', deploymentId: 'd3' },
      },
    ]);
    const answered = buildIncidentView(input(decided, { since: [fix], remedied: fix }));
    expect(answered.remedy?.text).toBe('Rolled back with v2.30.0 of checkout (decided by <@U0ANA>).');
    const card = renderIncidentCard(answered);
    expect(JSON.stringify(card)).toContain('Change how it was fixed');
    await expect(JSON.stringify(card, null, 2)).toMatchFileSnapshot(
      '../golden/slack-incident-card-remediated.json',
    );
  });

  it('reads a remedy picked on a card back as the remediation it stands for, and refuses a forged one', () => {
    expect(remedyFromValue('rollback:d3')).toEqual({ kind: 'rollback', deploymentId: 'd3' });
    expect(remedyFromValue('config_change')).toEqual({ kind: 'config_change' });
    expect(remedyFromValue('hotfix:dep:with:colons')).toEqual({
      kind: 'hotfix',
      deploymentId: 'dep:with:colons',
    });
    for (const forged of ['rollback', 'rollback:', 'no_deploy:d3', 'revert:d3', '', undefined])
      expect(remedyFromValue(forged)).toBeUndefined();
  });

  it('suggests the deployment of the attribution window and offers every action while open', () => {
    const view = buildIncidentView(input(foldIncident('pd-1', [triggered])));
    expect(view.cause).toEqual({
      kind: 'suggested',
      deploymentId: 'd2',
      text: 'Likely cause: deploy v2.31.0 of checkout, 14m earlier.',
    });
    expect(view.facts).toContainEqual({ label: 'Triggered', value: 'Nov 20 11:00 (Europe/Berlin)' });
    expect(view.facts).toContainEqual({ label: 'Restore timer', value: 'starts when someone acknowledges' });
    expect(view.candidates.map((c) => c.deploymentId)).toEqual(['d1']);
    expect(actionsOf(renderIncidentCard(view))).toEqual([
      CARD_ACTIONS.acknowledge,
      CARD_ACTIONS.mitigate,
      CARD_ACTIONS.resolve,
      CARD_ACTIONS.confirmCause,
      CARD_ACTIONS.pickCause,
      CARD_ACTIONS.notChangeRelated,
    ]);
  });

  it('runs the restore timer from acknowledgement, or from the trigger when the team says so', () => {
    const acked = foldIncident('pd-1', [
      triggered,
      { status: 'acknowledged', at: at('2026-11-20T10:05:00Z'), by: 'U0ANA' },
    ]);
    const view = buildIncidentView(input(acked));
    expect(view.facts).toContainEqual({
      label: 'Acknowledged',
      value: '<@U0ANA>, Nov 20 11:05 (Europe/Berlin) (after 5m)',
    });
    expect(view.facts).toContainEqual({
      label: 'Restore timer',
      value: 'running since Nov 20 11:05 (Europe/Berlin) (from acknowledgement)',
      since: at('2026-11-20T10:05:00Z'),
    });
    // Slack shows each reader a live "started 25 minutes ago", not text frozen when the card was posted.
    expect(JSON.stringify(renderIncidentCard(view).blocks)).toContain(
      `<!date^${at('2026-11-20T10:05:00Z') / 1000}^started {ago}|`,
    );
    expect(actionsOf(renderIncidentCard(view))).not.toContain(CARD_ACTIONS.acknowledge);
    const fromTrigger = buildIncidentView(
      input(acked, { team: { ...TEAM_DEFAULTS, restoreClock: 'triggered' } }),
    );
    expect(fromTrigger.facts).toContainEqual({
      label: 'Restore timer',
      value: 'running since Nov 20 10:00 (UTC) (from trigger)',
      since: at('2026-11-20T10:00:00Z'),
    });
  });

  it('shows the final durations once resolved and offers no state buttons', () => {
    const resolved = foldIncident('pd-1', [
      triggered,
      { status: 'acknowledged', at: at('2026-11-20T10:05:00Z'), by: 'U0ANA' },
      { status: 'resolved', at: at('2026-11-20T11:05:00Z'), by: 'pagerduty user' },
    ]);
    const view = buildIncidentView(input(resolved));
    // Both clocks, labelled: the card and `/dora incidents` say the same thing.
    expect(view.facts).toContainEqual({
      label: 'Time to restore',
      value: '1h from acknowledgement · 1h 5m from trigger',
    });
    expect(incidentLine(resolved, 0, (p) => p)).toContain(
      'restored 1h from acknowledgement · 1h 5m from trigger',
    );
    expect(view.facts).toContainEqual({
      label: 'Resolved',
      value: 'pagerduty user, Nov 20 12:05 (Europe/Berlin)',
    });
    expect(view.canAcknowledge || view.canResolve).toBe(false);
    expect(actionsOf(renderIncidentCard(view))).not.toContain(CARD_ACTIONS.resolve);
  });

  it('states a confirmed cause or "not change-related" and no longer asks to confirm', () => {
    const confirmed = foldIncident('pd-1', [{ ...triggered, causedBy: { deploymentId: 'd1' } }]);
    const view = buildIncidentView(input(confirmed, { confirmed: deploys[1] }));
    expect(view.cause).toEqual({
      kind: 'confirmed',
      deploymentId: 'd1',
      text: 'Caused by deploy v2.30.0 of checkout.',
    });
    expect(actionsOf(renderIncidentCard(view))).not.toContain(CARD_ACTIONS.confirmCause);
    const none = buildIncidentView(
      input(foldIncident('pd-1', [{ ...triggered, causedBy: { changeRelated: false } }])),
    );
    expect(none.cause.kind).toBe('not-change-related');
    expect(actionsOf(renderIncidentCard(none))).not.toContain(CARD_ACTIONS.notChangeRelated);
  });

  it('says so when no deployment is in the window, and keeps within Block Kit limits for long texts', () => {
    const long = foldIncident('pd-1', [{ ...triggered, title: 'x'.repeat(5_000) }]);
    const many = Array.from({ length: 200 }, (_, i) =>
      deployment({ id: `d${i}`, finishedAt: at('2026-11-19T00:00:00Z') - i }),
    );
    const view = buildIncidentView(input(long, { likely: undefined, recent: many }) as IncidentViewInput);
    expect(view.cause.kind).toBe('unknown');
    const card = renderIncidentCard(view);
    expect(card.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of card.blocks) {
      if (block.type === 'header')
        expect([...block.text.text].length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === 'section')
        expect([...block.text.text].length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (block.type === 'actions')
        for (const e of block.elements)
          if (e.type === 'static_select') {
            const options = 'options' in e ? e.options : e.option_groups.flatMap((g) => g.options);
            expect(options.length).toBeLessThanOrEqual(100);
          }
    }
    expect(view.candidates).toHaveLength(10);
  });
});
