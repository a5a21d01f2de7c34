import type { Incident } from '../../domain/incident.js';
import type { ReworkReason } from '../../domain/metrics/dora-facts.js';
import type { DeploymentEvidence, IncidentEvidence } from '../../domain/metrics/window-evidence.js';
import { formatDuration } from '../format-duration.js';
import { localClock } from '../local-time.js';
import { plural } from '../plural.js';
import { escapeHtml, page } from './html.js';
import type { EvidenceList } from './team-page.js';

export interface EvidenceInput {
  readonly list: EvidenceList;
  readonly scopeLabel: string;
  readonly periodLabel: string;
  readonly timezone: string;
  readonly back: string;
  /** This period's deployments list, which incidents link to. */
  readonly deploymentsHref: string;
  readonly deployments: readonly DeploymentEvidence[];
  readonly incidents: readonly IncidentEvidence[];
  /** Rows shown at most, the newest first (the count above says how many there are). */
  readonly rows: number;
  /** The stored incidents (titles, who decided what), by id. */
  readonly stored: ReadonlyMap<string, Incident>;
  /** A person as people know them (a stored name), from the id an event carried. */
  readonly person: (id: string) => string;
}

const RULES: Record<string, string> = {
  cause: 'an incident names it as its cause',
  attribution: 'an incident on its service began within the attribution window after it',
  rollback: 'a rollback followed it',
};

/** Why a deployment is rework, as its row says it. */
const REWORK: Record<ReworkReason, string> = {
  hotfix: 'a hotfix',
  rollback: 'a rollback',
  'during incident': 'finished while an incident on its service was open',
  remediation: 'an incident names it as its fix',
};

/** A deployment's last cell: whether it caused a change failure and why. */
const failureCell = (d: DeploymentEvidence) =>
  d.failure
    ? `<span class="missed">change failure</span>: ${d.failure.rules.map((r) => escapeHtml(RULES[r] ?? r)).join('; ')}${d.failure.incidents.length ? ` (${d.failure.incidents.map(escapeHtml).join(', ')})` : ''}`
    : 'no';

/** A deployment's last cell in the rework list: why it is rework. */
const reworkCell = (d: DeploymentEvidence) => (d.rework ? escapeHtml(REWORK[d.rework]) : 'no');

const when = (at: number, timezone: string) => escapeHtml(localClock(at, timezone));
const short = (sha: string) => escapeHtml(sha.slice(0, 10));

function deploymentRows(
  input: EvidenceInput,
  only: (d: DeploymentEvidence) => boolean,
  lastCell: (d: DeploymentEvidence) => string,
): string {
  const shown = input.deployments.filter(only);
  return shown
    .slice(0, input.rows)
    .map((d) => {
      const commits = d.commits.length
        ? d.commits
            .map(
              (c) =>
                `<code>${short(c.sha)}</code> ${c.leadSeconds === null ? (c.notCounted === 'negative duration' ? '(committed after it: not counted)' : '(deployed before)') : `lead time ${escapeHtml(formatDuration(c.leadSeconds))}`}`,
            )
            .join('<br>')
        : '<em>no commits sent</em>';
      return `<tr id="deployment-${escapeHtml(d.id)}"><td class="num">${when(d.finishedAt, input.timezone)}</td><td class="num">${escapeHtml(d.service)}</td>
<td class="num">${d.version ? escapeHtml(d.version) : `<small>${escapeHtml(d.id)}</small>`}</td><td>${escapeHtml(d.kind)}</td><td>${commits}</td><td>${lastCell(d)}</td></tr>`;
    })
    .join('\n');
}

function incidentRows(input: EvidenceInput): string {
  return input.incidents
    .slice(0, input.rows)
    .map((i) => {
      const stored = input.stored.get(i.id);
      const decision = stored?.transitions.findLast((t) => t.causedBy !== undefined);
      const charged = i.notChangeRelated
        ? 'not change-related'
        : i.chargedTo
          ? `deployment <a href="${escapeHtml(input.deploymentsHref)}#deployment-${escapeHtml(i.chargedTo)}">${escapeHtml(i.chargedTo)}</a>`
          : 'no deployment';
      const decided = decision?.by
        ? ` (decided by ${escapeHtml(input.person(decision.by))})`
        : decision
          ? ' (sent with the event)'
          : i.chargedTo
            ? ' (by the attribution window)'
            : '';
      return `<tr><td>${escapeHtml(stored?.title ?? i.id)}<br><small>${escapeHtml(i.id)}${i.service ? ` · ${escapeHtml(i.service)}` : ''}</small></td>
<td class="num">${when(i.triggeredAt, input.timezone)}</td>
<td>${i.acknowledgedAt !== undefined ? `${when(i.acknowledgedAt, input.timezone)}${stored?.acknowledgedBy ? ` by ${escapeHtml(input.person(stored.acknowledgedBy))}` : ''}` : '—'}</td>
<td class="num">${when(i.restoredAt, input.timezone)}</td><td class="num">${escapeHtml(formatDuration(i.restoreSeconds))}</td>
<td>${charged}${decided}</td></tr>`;
    })
    .join('\n');
}

/** A list: its title, its columns, its rows and what its count says. */
interface ListView {
  readonly title: string;
  readonly heads: readonly string[];
  rows(input: EvidenceInput): string;
  count(input: EvidenceInput): string;
}

/** A list of deployments: those `only` keeps, with `lastHead` and `lastCell` as the last column. */
const deploymentList = (
  title: string,
  only: (d: DeploymentEvidence) => boolean,
  [lastHead, lastCell]: readonly [string, (d: DeploymentEvidence) => string],
  count: (input: EvidenceInput) => string,
): ListView => ({
  title,
  heads: ['Finished', 'Service', 'Version (else id)', 'Kind', 'Commits', lastHead],
  rows: (input) => deploymentRows(input, only, lastCell),
  count,
});

const FAILURE_COLUMN = ['Caused a failure', failureCell] as const;
/** `1 failed deployment of 20 production deployments` (`what` said after the first count). */
const ofAll = (input: EvidenceInput, kept: number, noun: string, what = '') =>
  `${plural(kept, noun)}${what} of ${plural(input.deployments.length, 'production deployment')}`;

const LISTS: Readonly<Record<EvidenceList, ListView>> = {
  deployments: deploymentList(
    'Production deployments',
    () => true,
    FAILURE_COLUMN,
    (input) => plural(input.deployments.length, 'successful production deployment'),
  ),
  'lead-time': deploymentList(
    'Lead time: the changes and their first production deployment',
    (d) => d.commits.some((c) => c.leadSeconds !== null),
    FAILURE_COLUMN,
    (input) =>
      plural(
        input.deployments.reduce((n, d) => n + d.commits.filter((c) => c.leadSeconds !== null).length, 0),
        'change first deployed',
        'changes first deployed',
      ),
  ),
  failures: deploymentList(
    'Change failures',
    (d) => d.failure !== null,
    FAILURE_COLUMN,
    (input) => ofAll(input, input.deployments.filter((d) => d.failure).length, 'failed deployment'),
  ),
  rework: deploymentList(
    'Rework deployments',
    (d) => d.rework !== null,
    ['Why it is rework', reworkCell],
    (input) =>
      ofAll(
        input,
        input.deployments.filter((d) => d.rework).length,
        'rework deployment',
        ' (hotfixes, rollbacks, shipped during an incident or named as fixes)',
      ),
  ),
  incidents: {
    title: 'Incidents restored',
    heads: ['Incident', 'Triggered', 'Acknowledged', 'Restored', 'Restore time', 'Charged to'],
    rows: incidentRows,
    count: (input) => plural(input.incidents.length, 'incident restored', 'incidents restored'),
  },
};

/** The list behind a number: deployments with their commits, failures or rework with why, or incidents. */
export function evidencePage(input: EvidenceInput): string {
  const list = LISTS[input.list];
  const rows = list.rows(input);
  return page(
    `${list.title} · ${input.scopeLabel}`,
    `<p><a href="${escapeHtml(input.back)}">← ${escapeHtml(input.scopeLabel)}</a></p>
<h1>${escapeHtml(list.title)} · ${escapeHtml(input.scopeLabel)} · ${escapeHtml(input.periodLabel)}</h1>
<p class="sub">${escapeHtml(list.count(input))}; times in ${escapeHtml(input.timezone)}${rows.split('<tr').length - 1 >= input.rows ? `; the newest ${input.rows} shown (a shorter period shows the rest)` : ''}.</p>
<table><thead><tr>${list.heads.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>
<tbody>${rows || `<tr><td colspan="6">None in this period.</td></tr>`}</tbody></table>`,
  );
}
