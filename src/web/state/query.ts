/**
 * One query string shared by the page's labs: each lab owns the parameters of its table and rewrites only its
 * part; the parts keep a fixed order. No DOM (pageUrl.ts puts the result in the address bar).
 */

/** A lab's part of the query: its name and the parameters it owns. */
export interface QueryOwner {
  name: string;
  params: readonly string[];
}

/** The parts of a query string, one per owner; parameters nobody owns are dropped. */
export class SharedQuery {
  private readonly parts = new Map<string, string>();

  /** Splits `search` (the query the page was opened with) into the owners' parts. */
  constructor(private readonly owners: readonly QueryOwner[], search: string) {
    const params = new URLSearchParams(search);
    for (const owner of owners) {
      const own = new URLSearchParams();
      for (const [key, value] of params) if (owner.params.includes(key)) own.append(key, value);
      this.parts.set(owner.name, own.toString());
    }
  }

  /** Replaces one owner's part with `query` (with or without its leading '?'). */
  set(name: string, query: string): void {
    if (!this.parts.has(name)) throw new Error(`SharedQuery: no part named ${name}`);
    this.parts.set(name, query.replace(/^\?/, ''));
  }

  /** The whole query string: '?' and the non-empty parts in the owners' order, or '' when all are empty. */
  toString(): string {
    const joined = this.owners.map((o) => this.parts.get(o.name)!).filter((part) => part !== '').join('&');
    return joined === '' ? '' : `?${joined}`;
  }
}
