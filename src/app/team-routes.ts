import { teamFromDocument, teamToDocument } from '../chat/team-document.js';
import { applyTeams } from '../chat/teams-file.js';
import { DoraflowError } from '../domain/doraflow-error.js';
import { type Team, teamNameKey } from '../domain/team.js';
import { DEFAULT_TENANT } from '../domain/tenant.js';
import { contentTypeOf } from '../ingest/http/content-type-of.js';
import type { Route } from '../ingest/http/http-types.js';
import { readBody } from '../ingest/http/read-body.js';
import { sendJson } from '../ingest/http/send-json.js';
import type { Storage } from '../storage/storage.js';
import { requireToken } from './require-token.js';

export interface TeamRoutesOptions {
  readonly storage: Pick<Storage, 'teams'>;
  /** May set up teams (PUT, DELETE) and read them. */
  readonly adminToken: string | undefined;
  /** May read teams. */
  readonly readTokens: ReadonlyArray<string | undefined>;
}

const PREFIX = '/api/v1/teams';
const ADMIN_OFF = 'setting up teams over HTTP is off: set DORAFLOW_ADMIN_TOKEN';
const READ_OFF =
  'the teams API is off: set DORAFLOW_READ_TOKEN, DORAFLOW_INGEST_TOKEN or DORAFLOW_ADMIN_TOKEN';

const asJson = (team: Team) => ({ name: team.name, ...teamToDocument(team) });

/** The team name of `/api/v1/teams/<name>`: one path segment, percent-decoded. */
function nameOf(pathname: string): string {
  const segment = pathname.slice(PREFIX.length + 1);
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', 'the team name is not valid percent-encoding');
  }
  if (!segment || segment.includes('/'))
    throw new DoraflowError('DORAFLOW_ERR_NOT_FOUND', 'use /api/v1/teams or /api/v1/teams/<name>');
  return name;
}

/**
 * `GET /api/v1/teams`, `GET|PUT|DELETE /api/v1/teams/<name>` of the `default` tenant: a team as the
 * document of docs/teams-file.md. PUT saves the team as given (settings left out take their defaults).
 */
export function createTeamRoutes(options: TeamRoutesOptions): Route[] {
  const readers = [...options.readTokens, options.adminToken];
  const notFound = (name: string) =>
    new DoraflowError(
      'DORAFLOW_ERR_NOT_FOUND',
      `no team "${name}"; create it with PUT /api/v1/teams/${encodeURIComponent(name)}`,
    );
  return [
    {
      method: 'GET',
      path: PREFIX,
      handler: async ({ req, res }) => {
        requireToken(req, readers, READ_OFF);
        const teams = await options.storage.teams.list(DEFAULT_TENANT);
        sendJson(res, 200, { teams: teams.map(asJson) });
      },
    },
    {
      method: 'GET',
      path: `${PREFIX}/*`,
      handler: async ({ req, res, url }) => {
        requireToken(req, readers, READ_OFF);
        const name = nameOf(url.pathname);
        const team = await options.storage.teams.get(DEFAULT_TENANT, name);
        if (!team) throw notFound(name);
        sendJson(res, 200, asJson(team));
      },
    },
    {
      method: 'PUT',
      path: `${PREFIX}/*`,
      handler: async ({ req, res, url }) => {
        requireToken(req, [options.adminToken], ADMIN_OFF);
        const name = nameOf(url.pathname);
        const contentType = contentTypeOf(req.headers['content-type']);
        if (contentType !== 'application/json')
          throw new DoraflowError(
            'DORAFLOW_ERR_CONTENT_TYPE',
            `content type "${contentType || 'none'}" is not accepted; send application/json`,
          );
        let document: unknown;
        try {
          document = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
        } catch (error) {
          if (error instanceof DoraflowError) throw error;
          throw new DoraflowError('DORAFLOW_ERR_BAD_JSON', 'the body is not valid JSON');
        }
        // The name is the path's; a body may repeat it, but not name another team.
        const isMapping = typeof document === 'object' && document !== null && !Array.isArray(document);
        const { name: named, ...settings } = isMapping ? (document as Record<string, unknown>) : {};
        if (named !== undefined && teamNameKey(String(named)) !== teamNameKey(name))
          throw new DoraflowError(
            'DORAFLOW_ERR_BAD_REQUEST',
            `the body names team "${String(named)}", the path "${name}"`,
            { path: 'name' },
          );
        const result = teamFromDocument(name, isMapping ? settings : document, 'team');
        if (!('team' in result))
          throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', result.problems.join('; '), {
            path: result.problems[0]?.split(':')[0] ?? 'team',
          });
        const [applied] = await applyTeams(options.storage, DEFAULT_TENANT, [result.team]);
        sendJson(res, applied?.outcome === 'created' ? 201 : 200, {
          ...asJson(result.team),
          outcome: applied?.outcome,
        });
      },
    },
    {
      method: 'DELETE',
      path: `${PREFIX}/*`,
      handler: async ({ req, res, url }) => {
        requireToken(req, [options.adminToken], ADMIN_OFF);
        const name = nameOf(url.pathname);
        if (!(await options.storage.teams.delete(DEFAULT_TENANT, name))) throw notFound(name);
        res.writeHead(204).end();
      },
    },
  ];
}
