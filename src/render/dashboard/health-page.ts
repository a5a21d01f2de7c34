import type { DeploymentEvent, IncidentEvent } from '../../domain/dora-event.js';
import { localTime } from '../local-time.js';
import { plural } from '../plural.js';
import { escapeHtml, page } from './html.js';

export interface HealthInput {
  /** When each webhook source last delivered events (to the minute), any time. */
  readonly sources: ReadonlyArray<{ readonly source: string; readonly lastAt: number }>;
  /** Per service (of a team, or seen in the last 90 days): its last deployment and incident in them. */
  readonly services: ReadonlyArray<{
    readonly service: string;
    readonly teams: readonly string[];
    readonly lastDeployment?: number;
    readonly lastIncident?: number;
  }>;
  /** Deployments of the last 30 days that named no commit (no lead time from them). */
  readonly withoutCommits: readonly DeploymentEvent[];
  /** Incidents of the last 30 days on services no team lists (no team sees them). */
  readonly unmapped: ReadonlyArray<Pick<IncidentEvent, 'id' | 'service' | 'title' | 'at'>>;
  readonly now: number;
}

const at = (time: number | undefined) =>
  time === undefined ? '<em>never</em>' : escapeHtml(localTime(time, 'UTC'));

/** Whether the data behind the numbers is arriving: per service, and what cannot be counted. */
export function healthPage(input: HealthInput): string {
  const week = 7 * 86_400_000;
  const rows = input.services
    .map((s) => {
      const quiet = s.lastDeployment !== undefined && input.now - s.lastDeployment > week;
      return `<tr><th scope="row">${escapeHtml(s.service)}</th><td>${escapeHtml(s.teams.join(', ') || '—')}</td>
<td class="num">${at(s.lastDeployment)}${quiet ? ' <span class="missed">quiet for over a week</span>' : ''}</td><td class="num">${at(s.lastIncident)}</td></tr>`;
    })
    .join('\n');
  const noCommits = input.withoutCommits
    .slice(0, 100)
    .map((d) => `<li>${escapeHtml(d.service)} · ${escapeHtml(d.version ?? d.id)} · ${at(d.finishedAt)}</li>`)
    .join('');
  const unmapped = input.unmapped
    .slice(0, 100)
    .map(
      (i) =>
        `<li>${escapeHtml(i.title ?? i.id)} · service <code>${escapeHtml(i.service ?? 'none')}</code> · ${at(i.at)}</li>`,
    )
    .join('');
  return page(
    'Data health',
    `<h1>Data health</h1><p class="sub">Times in UTC.</p>
<h2>Last delivery per source</h2>
${
  input.sources.length
    ? `<table><thead><tr><th scope="col">Source</th><th scope="col">Last delivered events</th></tr></thead><tbody>${input.sources
        .map(
          (s) =>
            `<tr><th scope="row">${escapeHtml(s.source)}</th><td class="num">${escapeHtml(localTime(s.lastAt, 'UTC'))}${input.now - s.lastAt > 7 * 86_400_000 ? ' <span class="missed">quiet for over a week</span>' : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No webhook has delivered events yet (events imported with <code>doraflow import</code> do not count here).</p>'
}
<h2>Last events per service</h2>
<table><thead><tr><th scope="col">Service</th><th scope="col">Teams</th><th scope="col">Last deployment</th><th scope="col">Last incident</th></tr></thead><tbody>${rows || '<tr><td colspan="4">No events yet.</td></tr>'}</tbody></table>
<h2>Deployments without commits (last 30 days): ${escapeHtml(plural(input.withoutCommits.length, 'deployment'))}</h2>
<p class="sub">They count as deployments, but give no lead time: send their commits or head SHA.</p>
${noCommits ? `<ul class="lines">${noCommits}</ul>` : '<p>None.</p>'}
<h2>Incidents no team sees (last 30 days): ${escapeHtml(plural(input.unmapped.length, 'incident'))}</h2>
<p class="sub">Their service is in no team: add it to a team, or map the name with DORAFLOW_SERVICE_MAP.</p>
${unmapped ? `<ul class="lines">${unmapped}</ul>` : '<p>None.</p>'}`,
  );
}
