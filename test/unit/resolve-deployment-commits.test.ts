import { describe, expect, it } from 'vitest';
import { resolveDeploymentCommits } from '../../src/domain/resolve-deployment-commits.js';
import { at, change, deployment } from '../support/event-builders.js';

const pushed = (sha: string, iso: string) =>
  change({ sha, committedAt: at(iso) - 3_600_000, pushedAt: at(iso) });

describe('resolveDeploymentCommits', () => {
  const changes = [
    pushed('a', '2026-11-01T09:00:00Z'),
    pushed('b', '2026-11-01T10:00:00Z'),
    pushed('c', '2026-11-01T11:00:00Z'),
    pushed('d', '2026-11-01T12:00:00Z'),
  ];

  it('gives a head-SHA deployment the changes pushed up to its head that no earlier deployment shipped', () => {
    const first = deployment({ id: 'd1', headSha: 'b', finishedAt: at('2026-11-01T10:30:00Z') });
    const second = deployment({ id: 'd2', headSha: 'd', finishedAt: at('2026-11-01T12:30:00Z') });
    const result = resolveDeploymentCommits([second, first], changes);
    expect(result.get('d1')?.map((c) => c.sha)).toEqual(['a', 'b']);
    expect(result.get('d2')?.map((c) => c.sha)).toEqual(['c', 'd']);
    expect(result.get('d1')?.[0]?.committedAt).toBe(at('2026-11-01T08:00:00Z'));
  });

  it('ships nothing new on a redeploy of the same head', () => {
    const result = resolveDeploymentCommits(
      [
        deployment({ id: 'd1', headSha: 'c', finishedAt: at('2026-11-01T11:30:00Z') }),
        deployment({ id: 'd2', headSha: 'c', finishedAt: at('2026-11-01T13:00:00Z') }),
      ],
      changes,
    );
    expect(result.get('d1')?.map((c) => c.sha)).toEqual(['a', 'b', 'c']);
    expect(result.get('d2')).toEqual([]);
  });

  it('keeps explicit commit lists, counts them as shipped, and gives an unknown head no commits', () => {
    const explicit = deployment({
      id: 'd1',
      commits: [{ sha: 'a', committedAt: at('2026-11-01T08:00:00Z') }],
      finishedAt: at('2026-11-01T09:30:00Z'),
    });
    const unknownHead = deployment({ id: 'd2', headSha: 'zzz', finishedAt: at('2026-11-01T10:30:00Z') });
    const later = deployment({ id: 'd3', headSha: 'b', finishedAt: at('2026-11-01T10:45:00Z') });
    const result = resolveDeploymentCommits([explicit, unknownHead, later], changes);
    expect(result.get('d1')?.map((c) => c.sha)).toEqual(['a']);
    expect(result.get('d2')).toEqual([]);
    expect(result.get('d3')?.map((c) => c.sha)).toEqual(['b']);
  });

  it('orders changes by commit time when push times are unknown', () => {
    const unpushed = [
      change({ sha: 'x', committedAt: at('2026-11-01T10:00:00Z') }),
      change({ sha: 'w', committedAt: at('2026-11-01T09:00:00Z') }),
    ];
    const result = resolveDeploymentCommits(
      [deployment({ id: 'd1', headSha: 'w', finishedAt: at('2026-11-01T11:00:00Z') })],
      unpushed,
    );
    expect(result.get('d1')?.map((c) => c.sha)).toEqual(['w']);
  });
});
