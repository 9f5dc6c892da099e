/**
 * The address bar as the page's state: the 2-D lab's part of the query first, then the image lab's. A lab's
 * edits replace its own part only (history.replaceState: no navigation, no new history entry), so the address
 * bar is always the link to share.
 */
import { IMAGE_PROPS } from './state/imageProps.js';
import { PROPS } from './state/props.js';
import { SharedQuery } from './state/query.js';

export type UrlPart = 'plane' | 'image';

export interface PageUrl {
  /** The query string the page was opened with. */
  readonly initial: string;
  /** Replaces one lab's part of the query and updates the address bar. */
  write(part: UrlPart, query: string): void;
}

/** The page's URL state, read from the current location. */
export function pageUrl(): PageUrl {
  const initial = location.search;
  const query = new SharedQuery([
    { name: 'plane', params: PROPS.map((p) => p.param) },
    { name: 'image', params: IMAGE_PROPS.map((p) => p.param) },
  ], initial);
  return {
    initial,
    write(part, text) {
      query.set(part, text);
      history.replaceState(null, '', `${location.pathname}${query.toString()}${location.hash}`);
    },
  };
}
