/**
 * A small XML reader for the SVG that vega writes, so tests can check it is well-formed and count the
 * marks in it without a browser or a DOM dependency. It rejects unbalanced tags, unquoted or duplicate
 * attributes and stray `<` or `&`; it is not a validating parser.
 */
export interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w:.-]*/;
const ENTITY = /&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);/g;

function checkText(s: string, where: number): void {
  if (s.replace(ENTITY, '').includes('&')) throw new Error(`stray & near offset ${where}`);
  if (s.includes('<')) throw new Error(`stray < near offset ${where}`);
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9A-Fa-f]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/** Parses an XML document with one root element; throws on anything not well-formed. */
export function parseXML(xml: string): Element {
  const root: Element = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: Element[] = [root];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.length > 0) {
      checkText(text, i);
      if (stack.length === 1 && text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
      stack[stack.length - 1].text += decode(text);
    }
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end === -1) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt);
      if (end === -1) throw new Error('unterminated processing instruction');
      i = end + 2;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end === -1) throw new Error('unterminated CDATA');
      stack[stack.length - 1].text += xml.slice(lt + 9, end);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('</', lt)) {
      const m = /^<\/([A-Za-z_:][\w:.-]*)\s*>/.exec(xml.slice(lt, lt + 200));
      if (!m) throw new Error(`bad end tag at ${lt}`);
      const open = stack.pop();
      if (!open || open === root || open.name !== m[1]) throw new Error(`</${m[1]}> at ${lt} closes <${open?.name}>`);
      i = lt + m[0].length;
      continue;
    }
    // A start tag: name, then attributes, then > or />.
    let j = lt + 1;
    const nm = NAME.exec(xml.slice(j, j + 200));
    if (!nm) throw new Error(`bad start tag at ${lt}`);
    const el: Element = { name: nm[0], attrs: {}, children: [], text: '' };
    j += nm[0].length;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j, j + 100))![0];
      j += ws.length;
      if (xml.startsWith('/>', j) || xml[j] === '>') break;
      if (ws.length === 0) throw new Error(`missing space before attribute in <${el.name}> at ${j}`);
      const an = NAME.exec(xml.slice(j, j + 200));
      if (!an) throw new Error(`bad attribute in <${el.name}> at ${j}`);
      j += an[0].length;
      if (xml[j] !== '=' || (xml[j + 1] !== '"' && xml[j + 1] !== "'")) throw new Error(`unquoted attribute ${an[0]} at ${j}`);
      const q = xml[j + 1];
      const end = xml.indexOf(q, j + 2);
      if (end === -1) throw new Error(`unterminated attribute ${an[0]}`);
      const value = xml.slice(j + 2, end);
      checkText(value, j);
      if (an[0] in el.attrs) throw new Error(`duplicate attribute ${an[0]} in <${el.name}>`);
      el.attrs[an[0]] = decode(value);
      j = end + 1;
    }
    if (stack.length === 1 && root.children.length > 0) throw new Error('more than one root element');
    stack[stack.length - 1].children.push(el);
    if (xml.startsWith('/>', j)) {
      i = j + 2;
    } else {
      stack.push(el);
      i = j + 1;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0];
}

/** Every element of the tree, depth first. */
export function descendants(el: Element): Element[] {
  return el.children.flatMap((c) => [c, ...descendants(c)]);
}

/** All text in the element and below (axis labels, titles, legend entries). */
export function allText(el: Element): string[] {
  return [el.text, ...el.children.flatMap(allText)].filter((t) => t.trim() !== '');
}

/** A parsed vega SVG, checked to be an <svg> root with a positive width and height. */
export function parseSVG(svg: string): Element {
  const root = parseXML(svg);
  if (root.name !== 'svg') throw new Error(`root element is <${root.name}>, not <svg>`);
  for (const dim of ['width', 'height'] as const) {
    if (!(Number(root.attrs[dim]) > 0)) throw new Error(`<svg> ${dim} is '${root.attrs[dim]}'`);
  }
  return root;
}

/**
 * The item elements of each mark container of a type (`'rect'`, `'line'`, `'area'`, `'rule'`, ...):
 * vega writes each mark as `<g class="mark-TYPE role-mark ...">` holding one element per item. For line
 * and area marks each container holds one path (one per series when grouped by colour).
 */
export function markItems(svg: Element, type: string): Element[][] {
  return descendants(svg)
    .filter((el) => el.name === 'g' && (el.attrs.class ?? '').split(' ').includes(`mark-${type}`) &&
      (el.attrs.class ?? '').split(' ').includes('role-mark'))
    .map((g) => g.children);
}

/** The paths with `role="graphics-symbol"` and the given `aria-roledescription` (`'bar'`, `'line mark'`). */
export function symbols(svg: Element, roleDescription: string): Element[] {
  return descendants(svg).filter(
    (el) => el.attrs.role === 'graphics-symbol' && el.attrs['aria-roledescription'] === roleDescription,
  );
}

const hasClass = (el: Element, c: string): boolean => (el.attrs.class ?? '').split(' ').includes(c);

/**
 * The chart title vega drew: the last `role-title` group, as vega draws the root's title after the
 * content, and facet panels' headers are `role-title` groups inside it.
 */
export function titleText(svg: Element): string {
  const group = descendants(svg).filter((el) => el.name === 'g' && hasClass(el, 'role-title')).at(-1);
  const text = group && descendants(group).find((el) => hasClass(el, 'role-title-text'));
  return text ? allText(text).join(' ') : '';
}
