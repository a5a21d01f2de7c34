import type { TenantId } from '../../domain/tenant.js';
import type { DocumentCollection } from '../document-collection.js';

/** A person's display name, as their chat platform gave it when they last acted. */
export interface PersonDocument {
  readonly name: string;
}

/**
 * Display names of people stored by id (Slack user ids), so a card shown on another platform names
 * them ("Ana") instead of an id Teams cannot resolve ("U0ANA").
 */
export interface PeopleStore {
  /** Keeps a person's name; writes only when it changed. */
  remember(tenant: TenantId, person: string, name: string): Promise<void>;
  /** The names known of some people, by person. */
  names(tenant: TenantId, people: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

export function createPeopleStore(collection: DocumentCollection<PersonDocument>): PeopleStore {
  return {
    async remember(tenant, person, name) {
      if (!name || (await collection.get(tenant, person))?.name === name) return;
      await collection.put(tenant, person, { name });
    },
    async names(tenant, people) {
      const unique = [...new Set(people)];
      const found = await Promise.all(unique.map((p) => collection.get(tenant, p)));
      return new Map(unique.flatMap((p, i) => (found[i] ? [[p, found[i].name] as const] : [])));
    },
  };
}
