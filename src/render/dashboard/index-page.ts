import type { Team } from '../../domain/team.js';
import { escapeHtml, page } from './html.js';

/** The teams of the workspace, each opening its page. No rankings: alphabetical, no numbers. */
export function indexPage(teams: readonly Team[]): string {
  const items = [...teams]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      (team) =>
        `<li><a href="/dashboard/teams/${encodeURIComponent(team.name)}">${escapeHtml(team.name)}</a> <span class="sub">${escapeHtml(team.services.join(', ') || 'no services yet')} · ${escapeHtml(team.timezone)}</span></li>`,
    )
    .join('\n');
  return page(
    'Teams',
    `<h1>Teams</h1>
${items ? `<ul class="lines">${items}</ul>` : '<p>No teams yet: <code>/dora team add &lt;name&gt; &lt;services…&gt;</code> or <code>doraflow team add</code>.</p>'}
<p class="sub">Each team's page shows its five keys, week by week, and the lists behind every number.</p>`,
  );
}
